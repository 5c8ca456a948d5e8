import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Worker} from 'node:worker_threads';
import {startModuleWorker} from './module-worker.js';
import type {ZipAnswer, ZipJob} from './zip-worker.js';

const extension = path.extname(fileURLToPath(import.meta.url));
const beside = new URL(`./zip-worker${extension}`, import.meta.url);
// Bundled into the console (dist/ui/console-entry.bundle.js), this module is no longer beside its worker, which stays in dist/store.
const workerUrl = fs.existsSync(fileURLToPath(beside)) ? beside : new URL('../store/zip-worker.js', import.meta.url);

/**
One worker thread that zips folders as `zipFolder` does, so the service's event loop never waits on reading and deflating files. It starts when made (so the first zip does not wait for it), does not keep the process alive while idle, and stops on `close()`.
*/
export class ZipThread {
	readonly #worker: Worker;
	readonly #waiting = new Map<number, {resolve: (zip: Buffer) => void; reject: (error: Error) => void}>();
	#nextId = 0;

	constructor() {
		this.#worker = startModuleWorker(workerUrl);
		this.#worker.unref();
		this.#worker.on('message', (answer: ZipAnswer) => {
			const waiting = this.#waiting.get(answer.id);
			this.#waiting.delete(answer.id);
			if (this.#waiting.size === 0) {
				this.#worker.unref();
			}

			if ('error' in answer) {
				waiting?.reject(new Error(answer.error));
			} else {
				waiting?.resolve(Buffer.from(answer.zip.buffer, answer.zip.byteOffset, answer.zip.byteLength));
			}
		});
		this.#worker.on('error', error => {
			for (const waiting of this.#waiting.values()) {
				waiting.reject(error);
			}

			this.#waiting.clear();
		});
	}

	/**
	Zip a folder on the worker.
	*/
	async zip(folder: string): Promise<Buffer> {
		const id = this.#nextId++;
		const answer = new Promise<Buffer>((resolve, reject) => {
			this.#waiting.set(id, {resolve, reject});
		});
		this.#worker.ref();
		this.#worker.postMessage({id, folder} satisfies ZipJob);
		return answer;
	}

	/**
	Stop the worker.
	*/
	async close() {
		await this.#worker.terminate();
	}
}
