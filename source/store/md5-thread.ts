import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {Md5Answer, Md5Job} from './md5-worker.js';

const extension = path.extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./md5-worker${extension}`, import.meta.url);

/**
An error of reading a file on the worker, with its errno code (`ENOENT`).
*/
export class FileReadError extends Error {
	constructor(message: string, readonly code?: string) {
		super(message);
	}
}

/**
One worker thread that reads files and gives their size and MD5 (an S3 ETag), so the service's event loop never hashes a large object. It starts on first use, does not keep the process alive while idle, and stops on `close()`.
*/
export class Md5Thread {
	#worker: Worker | undefined;
	readonly #waiting = new Map<number, {resolve: (result: {size: number; md5: string}) => void; reject: (error: Error) => void}>();
	#nextId = 0;

	/**
	The size and hex MD5 of a file, read on the worker.
	*/
	async digest(file: string): Promise<{size: number; md5: string}> {
		const worker = this.#worker ?? this.#start();
		const id = this.#nextId++;
		const answer = new Promise<{size: number; md5: string}>((resolve, reject) => {
			this.#waiting.set(id, {resolve, reject});
		});
		worker.ref();
		worker.postMessage({id, file} satisfies Md5Job);
		return answer;
	}

	/**
	Stop the worker.
	*/
	async close() {
		await this.#worker?.terminate();
		this.#worker = undefined;
	}

	#start() {
		const worker = extension === '.ts'
			? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({register}) => {register(); return import(${JSON.stringify(workerUrl.href)});});`, {eval: true})
			: new Worker(workerUrl);
		worker.on('message', (answer: Md5Answer) => {
			const waiting = this.#waiting.get(answer.id);
			this.#waiting.delete(answer.id);
			if (this.#waiting.size === 0) {
				worker.unref();
			}

			if ('error' in answer) {
				waiting?.reject(new FileReadError(answer.error, answer.code));
			} else {
				waiting?.resolve({size: answer.size, md5: answer.md5});
			}
		});
		worker.on('error', error => {
			for (const waiting of this.#waiting.values()) {
				waiting.reject(error);
			}

			this.#waiting.clear();
			this.#worker = undefined;
		});
		this.#worker = worker;
		return worker;
	}
}
