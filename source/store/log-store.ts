import fs from 'node:fs';
import path from 'node:path';
import type {LogEvent} from '../core/types.js';

/**
How much log a function keeps: segments of `segmentBytes`, the oldest dropped past `maxSegments`.
*/
export type LogStoreOptions = {
	segmentBytes?: number;
	maxSegments?: number;
};

/**
A filter for reading a function's log, shaped like CloudWatch Logs' FilterLogEvents.
*/
export type LogQuery = {
	startTime?: number;
	endTime?: number;
	logStreamName?: string;
	filterPattern?: string;
	limit?: number;
};

type Writer = {fd: number; segment: number; size: number; pending: string[]};

const mtimeMarginMs = 1000;

const flushMs = 5;

const segmentName = (index: number) => `${String(index).padStart(8, '0')}.jsonl`;

const serialize = (event: LogEvent) => `${JSON.stringify([event.timestamp, event.logStreamName, event.message])}\n`;

const parseLine = (line: string): LogEvent | undefined => {
	try {
		const [timestamp, logStreamName, message] = JSON.parse(line) as [number, string, string];
		return {timestamp, logStreamName, message};
	} catch {
		return undefined;
	}
};

const segmentsOf = (folder: string) => {
	try {
		return fs.readdirSync(folder).filter(name => name.endsWith('.jsonl')).sort();
	} catch {
		return [];
	}
};

const matches = (event: LogEvent, query: LogQuery) =>
	(query.startTime === undefined || event.timestamp >= query.startTime)
	&& (query.endTime === undefined || event.timestamp <= query.endTime)
	&& (query.logStreamName === undefined || event.logStreamName === query.logStreamName)
	&& (!query.filterPattern || event.message.includes(query.filterPattern));

const readSegment = (file: string, query: LogQuery) => {
	const events: LogEvent[] = [];
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return events;
	}

	for (const line of text.split('\n')) {
		const event = line ? parseLine(line) : undefined;
		if (event && matches(event, query)) {
			events.push(event);
		}
	}

	return events;
};

/**
Read a function's stored log, oldest first. Works on a data dir another process owns: it only reads.

Segments are read newest first and reading stops once `limit` lines are found or a segment was last written before `startTime`, so a query for the recent tail of a large log reads only its end.
*/
export const readLog = (folder: string, query: LogQuery = {}): LogEvent[] => {
	const chunks: LogEvent[][] = [];
	let found = 0;
	for (const name of segmentsOf(folder).reverse()) {
		const file = path.join(folder, name);
		if (query.startTime !== undefined) {
			try {
				// A file's time stamp can lag the clock that stamped its last event by a few milliseconds: only a segment clearly older than the start is passed over.
				if (fs.statSync(file).mtimeMs < query.startTime - mtimeMarginMs) {
					break;
				}
			} catch {
				continue;
			}
		}

		const events = readSegment(file, query);
		chunks.unshift(events);
		found += events.length;
		if (query.limit !== undefined && found >= query.limit) {
			break;
		}
	}

	const events = chunks.flat();
	return query.limit === undefined ? events : events.slice(-query.limit);
};

/**
Follow a function's stored log from its current end, calling `onEvents` with each batch that is appended, until the signal aborts.

It polls the files rather than asking the owning process, so it works whichever process writes the log.
*/
export const followLog = (folder: string, onEvents: (events: LogEvent[]) => void, signal: AbortSignal, intervalMs = 200) => {
	const offsets = new Map<string, number>();
	for (const name of segmentsOf(folder)) {
		offsets.set(name, fs.statSync(path.join(folder, name)).size);
	}

	let partial = '';
	const poll = () => {
		for (const name of segmentsOf(folder)) {
			const file = path.join(folder, name);
			let size: number;
			try {
				size = fs.statSync(file).size;
			} catch {
				continue;
			}

			const offset = offsets.get(name) ?? 0;
			if (size <= offset) {
				continue;
			}

			const buffer = Buffer.alloc(size - offset);
			const fd = fs.openSync(file, 'r');
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			fs.closeSync(fd);
			offsets.set(name, size);
			const lines = (partial + buffer.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			const events = lines.map(line => parseLine(line)).filter(event => event !== undefined);
			if (events.length > 0) {
				onEvents(events);
			}
		}
	};

	const timer = setInterval(poll, intervalMs);
	signal.addEventListener('abort', () => clearInterval(timer), {once: true});
};

/**
Append-only log storage: per function a folder of JSON-lines segments under `logs/NAME/`, size-capped and rotated.

Appends are buffered and written at most every few milliseconds (`flushMs`), so a burst of lines, or of invocations, costs one write, not one per line. Reading through the store writes what is buffered first.
*/
export class LogStore {
	readonly #folder: string;
	readonly #segmentBytes: number;
	readonly #maxSegments: number;
	readonly #writers = new Map<string, Writer>();
	#scheduled = false;

	constructor(folder: string, options: LogStoreOptions = {}) {
		this.#folder = folder;
		this.#segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
		this.#maxSegments = options.maxSegments ?? 16;
		fs.mkdirSync(folder, {recursive: true});
	}

	folderOf(functionName: string) {
		return path.join(this.#folder, functionName);
	}

	append(functionName: string, events: LogEvent[]) {
		const writer = this.#writer(functionName);
		for (const event of events) {
			writer.pending.push(serialize(event));
		}

		if (!this.#scheduled) {
			this.#scheduled = true;
			setTimeout(() => this.flush(), flushMs);
		}
	}

	read(functionName: string, query?: LogQuery) {
		this.flush();
		return readLog(this.folderOf(functionName), query);
	}

	/**
	Write every buffered line now.
	*/
	flush() {
		this.#scheduled = false;
		for (const [name, writer] of this.#writers) {
			if (writer.pending.length === 0) {
				continue;
			}

			const chunk = writer.pending.join('');
			writer.pending = [];
			fs.writeSync(writer.fd, chunk);
			writer.size += Buffer.byteLength(chunk);
			if (writer.size >= this.#segmentBytes) {
				this.#rotate(name, writer);
			}
		}
	}

	/**
	Forget a deleted function's log.
	*/
	remove(functionName: string) {
		const writer = this.#writers.get(functionName);
		if (writer) {
			fs.closeSync(writer.fd);
			this.#writers.delete(functionName);
		}

		fs.rmSync(this.folderOf(functionName), {recursive: true, force: true});
	}

	close() {
		this.flush();
		for (const writer of this.#writers.values()) {
			fs.closeSync(writer.fd);
		}

		this.#writers.clear();
	}

	#writer(functionName: string): Writer {
		let writer = this.#writers.get(functionName);
		if (!writer) {
			const folder = this.folderOf(functionName);
			fs.mkdirSync(folder, {recursive: true});
			const last = segmentsOf(folder).at(-1);
			const segment = last ? Number.parseInt(last, 10) : 1;
			const file = path.join(folder, segmentName(segment));
			const fd = fs.openSync(file, 'a');
			writer = {fd, segment, size: fs.fstatSync(fd).size, pending: []};
			this.#writers.set(functionName, writer);
		}

		return writer;
	}

	#rotate(functionName: string, writer: Writer) {
		fs.closeSync(writer.fd);
		const folder = this.folderOf(functionName);
		writer.segment++;
		writer.fd = fs.openSync(path.join(folder, segmentName(writer.segment)), 'a');
		writer.size = 0;
		const segments = segmentsOf(folder);
		for (const name of segments.slice(0, Math.max(0, segments.length - this.#maxSegments))) {
			fs.rmSync(path.join(folder, name), {force: true});
		}
	}
}
