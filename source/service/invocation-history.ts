import fs from 'node:fs';
import type {InvocationRecord} from '../core/types.js';
import type {LogStore} from '../store/log-store.js';

const recentLimit = 10_000;
const recordsKeptMs = 3_600_000;

/**
Recent invocation records, for the console's metrics and invocation list: each is kept on disk as one JSON line through the same segmented store as logs, and the last hour is loaded again on open, so metrics survive a restart.
*/
export class InvocationHistory {
	readonly #store: LogStore;
	readonly #recent: InvocationRecord[];

	constructor(store: LogStore, folder: string) {
		this.#store = store;
		const since = Date.now() - recordsKeptMs;
		const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
		this.#recent = names
			.flatMap(name => store.read(name, {startTime: since}).map(event => JSON.parse(event.message) as InvocationRecord))
			.sort((a, b) => a.timestamp - b.timestamp)
			.slice(-recentLimit);
	}

	add(record: InvocationRecord) {
		this.#recent.push(record);
		this.#store.append(record.functionName, [{timestamp: record.timestamp, logStreamName: '', message: JSON.stringify(record)}]);
		if (this.#recent.length > recentLimit * 2) {
			this.#recent.splice(0, this.#recent.length - recentLimit);
		}
	}

	/**
	Recent invocations, oldest first: those of the last hour before the service opened, and every one since.
	*/
	list(functionName?: string): InvocationRecord[] {
		return functionName ? this.#recent.filter(record => record.functionName === functionName) : [...this.#recent];
	}

	/**
	Forget a deleted function's records, in memory and on disk.
	*/
	remove(functionName: string) {
		this.#store.remove(functionName);
		this.#recent.splice(0, this.#recent.length, ...this.#recent.filter(record => record.functionName !== functionName));
	}

	close() {
		this.#store.close();
	}
}
