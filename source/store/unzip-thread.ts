import type {Worker} from 'node:worker_threads';
import {LambdaError, serviceError} from '../core/errors.js';
import {moduleBeside, startModuleWorker} from './module-worker.js';
import type {UnzipAnswer, UnzipJob} from './unzip-worker.js';

type Waiting = {resolve: (unzippedSize: number) => void; reject: (error: Error) => void};

const startWorker = () => startModuleWorker(moduleBeside(import.meta.url, 'unzip-worker'));

/**
One worker thread that unpacks zips, so the service's event loop never waits on inflating or writing files. It starts on first use, and does not keep the process alive while idle.
*/
export class UnzipThread {
	#worker: Worker | undefined;
	readonly #waiting = new Map<number, Waiting>();
	#nextId = 0;

	/**
	Unpack a zip into a new folder on the worker; resolves to the unzipped size or rejects with Lambda's error.
	*/
	async unpack(zip: Uint8Array, folder: string): Promise<number> {
		const worker = this.#start();
		const id = this.#nextId++;
		const answer = new Promise<number>((resolve, reject) => {
			this.#waiting.set(id, {resolve, reject});
		});
		worker.ref();
		worker.postMessage({id, zip, folder} satisfies UnzipJob);
		return answer;
	}

	/**
	Stop the worker; unpacks under way fail.
	*/
	async close() {
		const worker = this.#worker;
		this.#worker = undefined;
		await worker?.terminate();
	}

	#start() {
		if (this.#worker) {
			return this.#worker;
		}

		const worker = startWorker();
		worker.on('message', (answer: UnzipAnswer) => {
			const waiting = this.#waiting.get(answer.id);
			this.#waiting.delete(answer.id);
			if (this.#waiting.size === 0) {
				worker.unref();
			}

			if ('error' in answer) {
				const {type, statusCode, message} = answer.error;
				waiting?.reject(type && statusCode ? new LambdaError(type, statusCode, message) : serviceError(`Could not store the code: ${message}`));
			} else {
				waiting?.resolve(answer.unzippedSize);
			}
		});
		const fail = (error: Error) => {
			if (this.#worker === worker) {
				this.#worker = undefined;
			}

			for (const waiting of this.#waiting.values()) {
				waiting.reject(serviceError(`Could not store the code: the unzip worker stopped (${error.message}).`));
			}

			this.#waiting.clear();
		};

		worker.on('error', fail);
		worker.on('exit', code => {
			fail(new Error(`exit code ${code}`));
		});
		worker.unref();
		this.#worker = worker;
		return worker;
	}
}
