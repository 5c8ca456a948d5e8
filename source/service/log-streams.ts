import fs from 'node:fs';
import path from 'node:path';
import {scanLog, segmentNumbers, type LogPosition} from '../store/log-scan.js';

/**
What CloudWatch Logs' DescribeLogStreams says about one stream: its first and last event times, when an event last arrived, and how many bytes of messages it holds.
*/
export type StreamStats = {
	logStreamName: string;
	firstEventTimestamp: number;
	lastEventTimestamp: number;
	lastIngestionTime: number;
	storedBytes: number;
};

type Entry = {end: LogPosition; streams: Map<string, StreamStats>};

const stale = async (folder: string, end: LogPosition, segments: number[]) => {
	if (end.segment === 0) {
		return false;
	}

	if (!segments.includes(end.segment)) {
		return !segments.some(segment => segment > end.segment);
	}

	try {
		const {size} = await fs.promises.stat(path.join(folder, `${String(end.segment).padStart(8, '0')}.jsonl`));
		return size < end.offset;
	} catch {
		return true;
	}
};

/**
The log streams of each function's stored log, kept up to date incrementally: each look reads only what was appended since the last one, from the position where that one stopped. A log that was removed (its function deleted) is read again from the start.
*/
export class LogStreamIndex {
	readonly #folderOf: (functionName: string) => string;
	readonly #entries = new Map<string, Entry>();
	readonly #updates = new Map<string, Promise<Map<string, StreamStats> | undefined>>();

	constructor(folderOf: (functionName: string) => string) {
		this.#folderOf = folderOf;
	}

	/**
	The streams of a function's log, or undefined when it has no log at all. Concurrent looks at one function take turns.
	*/
	async streams(functionName: string): Promise<Map<string, StreamStats> | undefined> {
		const previous = this.#updates.get(functionName) ?? Promise.resolve(undefined);
		const next = previous.catch(() => undefined).then(async () => this.#update(functionName));
		this.#updates.set(functionName, next);
		try {
			return await next;
		} finally {
			if (this.#updates.get(functionName) === next) {
				this.#updates.delete(functionName);
			}
		}
	}

	/**
	Drop what is known of a function's log.
	*/
	forget(functionName: string) {
		this.#entries.delete(functionName);
	}

	async #update(functionName: string) {
		const folder = this.#folderOf(functionName);
		const segments = await segmentNumbers(folder);
		if (segments.length === 0) {
			this.#entries.delete(functionName);
			return undefined;
		}

		let entry = this.#entries.get(functionName);
		if (!entry || await stale(folder, entry.end, segments)) {
			entry = {end: {segment: 0, offset: 0}, streams: new Map()};
			this.#entries.set(functionName, entry);
		}

		const {streams} = entry;
		entry.end = await scanLog(folder, ({event}) => {
			const stats = streams.get(event.logStreamName);
			if (stats) {
				stats.firstEventTimestamp = Math.min(stats.firstEventTimestamp, event.timestamp);
				stats.lastEventTimestamp = Math.max(stats.lastEventTimestamp, event.timestamp);
				stats.lastIngestionTime = Math.max(stats.lastIngestionTime, event.timestamp);
				stats.storedBytes += Buffer.byteLength(event.message);
			} else if (event.logStreamName) {
				streams.set(event.logStreamName, {
					logStreamName: event.logStreamName,
					firstEventTimestamp: event.timestamp,
					lastEventTimestamp: event.timestamp,
					lastIngestionTime: event.timestamp,
					storedBytes: Buffer.byteLength(event.message),
				});
			}
		}, {from: entry.end});
		return streams;
	}
}
