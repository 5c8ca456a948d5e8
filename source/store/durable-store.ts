import type {Worker} from 'node:worker_threads';
import {serviceError} from '../core/errors.js';
import {moduleBeside, startModuleWorker} from './module-worker.js';
import type {StoreAnswer, StoreBatch, StoreOp} from './sqlite-worker.js';

export type {StoreOp} from './sqlite-worker.js';

const startWorker = (workerData: {file: string; schema: string}) => startModuleWorker(moduleBeside(import.meta.url, 'sqlite-worker'), {workerData});

type Waiting = {ops: StoreOp[]; resolve: (results: StoreAnswer['results']) => void; reject: (error: Error) => void};

/**
A SQLite database (WAL, synchronous=FULL, through better-sqlite3) owned by one worker thread, so no fsync ever blocks the service's event loop.

Writes are group-committed: everything asked for while a commit is under way goes into the next transaction, so one fsync answers many callers. A write's promise settles only once its transaction is on disk; ops run in the order they were asked for.
*/
export class DurableStore {
	readonly #worker: Worker;
	#pending: Waiting[] = [];
	#inFlight: Map<number, Waiting[]> = new Map();
	#nextId = 0;
	#scheduled = false;
	#closed: Promise<void> | undefined;
	#failed: Error | undefined;

	private constructor(worker: Worker) {
		this.#worker = worker;
		worker.on('message', (answer: StoreAnswer | 'closed') => {
			if (answer !== 'closed') {
				this.#settle(answer);
			}
		});
		worker.on('error', error => {
			this.#failed = error;
			this.#failAll(error);
		});
	}

	/**
	Open (or create) the database file with `schema` applied, on its own worker thread.
	*/
	static async open(file: string, schema: string) {
		const store = new DurableStore(startWorker({file, schema}));
		await store.read('SELECT 1');
		return store;
	}

	/**
	Run statements in one transaction with whatever else is waiting; resolves once they are synced to disk. A statement that fails rejects with its message (the others of the group still commit).
	*/
	async write(ops: StoreOp | StoreOp[]): Promise<void> {
		const results = await this.#enqueue(Array.isArray(ops) ? ops : [ops]);
		const failed = results.find(result => result.error);
		if (failed) {
			throw serviceError(`lambdeck's store refused a write: ${failed.error}`);
		}
	}

	/**
	The rows of a query, read after every write asked for before it.
	*/
	async read<T>(sql: string, params: unknown[] = []): Promise<T[]> {
		const [result] = await this.#enqueue([{sql, params, rows: true}]);
		if (result?.error) {
			throw serviceError(`lambdeck's store refused a query: ${result.error}`);
		}

		return (result?.rows ?? []) as T[];
	}

	/**
	Commit what is waiting, then close the database and stop the thread.
	*/
	async close() {
		this.#closed ??= (async () => {
			if (this.#failed === undefined) {
				await this.read('SELECT 1').catch(() => undefined);
				const closed = new Promise<void>(resolve => {
					const onMessage = (message: unknown) => {
						if (message === 'closed') {
							this.#worker.off('message', onMessage);
							resolve();
						}
					};

					this.#worker.on('message', onMessage);
				});
				this.#worker.postMessage('close');
				await closed;
			}

			await this.#worker.terminate();
		})();
		return this.#closed;
	}

	async #enqueue(ops: StoreOp[]) {
		if (this.#failed) {
			throw serviceError(`lambdeck's store has failed: ${this.#failed.message}`);
		}

		return new Promise<StoreAnswer['results']>((resolve, reject) => {
			this.#pending.push({ops, resolve, reject});
			if (this.#inFlight.size === 0 && !this.#scheduled) {
				this.#scheduled = true;
				setImmediate(() => {
					this.#scheduled = false;
					this.#flush();
				});
			}
		});
	}

	#flush() {
		if (this.#pending.length === 0) {
			return;
		}

		const group = this.#pending;
		this.#pending = [];
		const id = this.#nextId++;
		this.#inFlight.set(id, group);
		this.#worker.postMessage({id, ops: group.flatMap(waiting => waiting.ops)} satisfies StoreBatch);
	}

	#settle(answer: StoreAnswer) {
		const group = this.#inFlight.get(answer.id) ?? [];
		this.#inFlight.delete(answer.id);
		let offset = 0;
		for (const waiting of group) {
			if (answer.error) {
				waiting.reject(serviceError(`lambdeck's store could not commit: ${answer.error}`));
			} else {
				waiting.resolve(answer.results.slice(offset, offset + waiting.ops.length));
			}

			offset += waiting.ops.length;
		}

		this.#flush();
	}

	#failAll(error: Error) {
		const failure = serviceError(`lambdeck's store has failed: ${error.message}`);
		for (const group of this.#inFlight.values()) {
			for (const waiting of group) {
				waiting.reject(failure);
			}
		}

		for (const waiting of this.#pending) {
			waiting.reject(failure);
		}

		this.#inFlight.clear();
		this.#pending = [];
	}
}
