import type {Readable} from 'node:stream';
import {EventCutter, LineSplitter, type EventSink} from './lines.js';

/**
The frames our runtime clients write to `_LAMBDA_TELEMETRY_LOG_FD` (descriptor 4 of the environment's process), as Lambda's own clients do, sending the running count of bytes written in a `Lambdeck-Log-Bytes` header with every Runtime API request: a 16-byte header (4 bytes type, 4 bytes message length, 8 bytes timestamp in microseconds, all big-endian), then the message.

A record frame (`0xa55a0003`, or Lambda's JSON `0xa55a0002`, with any level bits above the two low ones) is one log event, newlines and all. The two raw types are lambdeck's own: the bytes a function wrote to `process.stdout`/`sys.stdout` (or stderr), which are cut into lines as a pipe's would be.
*/
export const frameTypes = {record: 0xA5_5A_00_03, stdout: 0xA5_5A_01_00, stderr: 0xA5_5A_02_00} as const;

const headerBytes = 16;

type Sink = {add: (chunk: Uint8Array, start: number, end: number, timestamp: number) => void; end: () => void};

/**
Reads frames as they stream in, without ever holding more than one event: a frame's message is passed on piece by piece, so a 200 MB record costs no more memory than a short one. Bytes that are not frames (a runtime that writes to fd 3 on its own) are treated as raw output.
*/
export class FrameReader {
	/** Every byte read so far, frames and all, to compare with what the runtime says it wrote. */
	bytesRead = 0;
	readonly #header = Buffer.alloc(headerBytes);
	#headerUsed = 0;
	#remaining = 0;
	#timestamp = 0;
	#sink: Sink | undefined;
	#broken = false;
	readonly #record: Sink;
	readonly #stdout: Sink;
	readonly #stderr: Sink;

	constructor(onEvent: EventSink) {
		const cutter = new EventCutter(onEvent);
		this.#record = {add: (chunk, start, end, timestamp) => cutter.add(chunk, start, end, timestamp), end: () => cutter.end(true)};
		const stdout = new LineSplitter(onEvent);
		const stderr = new LineSplitter(onEvent);
		this.#stdout = {add: (chunk, start, end, timestamp) => stdout.push(chunk, timestamp, start, end), end() {}};
		this.#stderr = {add: (chunk, start, end, timestamp) => stderr.push(chunk, timestamp, start, end), end() {}};
		this.flushLines = () => {
			stdout.flush();
			stderr.flush();
		};
	}

	/** Write the partial last lines of the raw streams as events. */
	readonly flushLines: () => void;

	/**
	The runtime that wrote the frames was replaced (a reset keeps the sandbox and its pipe): write what a cut-off frame held and start reading at a frame boundary again.
	*/
	interrupt() {
		this.end();
		this.#headerUsed = 0;
		this.#remaining = 0;
		this.#broken = false;
	}

	/**
	The stream ended: write what a cut-off last frame held, and the partial last lines.
	*/
	end() {
		this.#sink?.end();
		this.#sink = undefined;
		this.flushLines();
	}

	push(chunk: Buffer) {
		this.bytesRead += chunk.length;
		let offset = 0;
		while (offset < chunk.length) {
			if (this.#broken) {
				this.#stdout.add(chunk, offset, chunk.length, Date.now());
				return;
			}

			if (this.#sink) {
				const end = Math.min(chunk.length, offset + this.#remaining);
				this.#sink.add(chunk, offset, end, this.#timestamp);
				this.#remaining -= end - offset;
				offset = end;
				if (this.#remaining === 0) {
					this.#sink.end();
					this.#sink = undefined;
				}

				continue;
			}

			const count = Math.min(headerBytes - this.#headerUsed, chunk.length - offset);
			chunk.copy(this.#header, this.#headerUsed, offset, offset + count);
			this.#headerUsed += count;
			offset += count;
			if (this.#headerUsed === headerBytes) {
				this.#headerUsed = 0;
				this.#begin();
			}
		}
	}

	#begin() {
		const type = this.#header.readUInt32BE(0);
		this.#remaining = this.#header.readUInt32BE(4);
		const now = Date.now();
		const timestamp = Math.floor(((this.#header.readUInt32BE(8) * 0x1_00_00_00_00) + this.#header.readUInt32BE(12)) / 1000);
		this.#timestamp = Math.abs(timestamp - now) < 86_400_000 ? timestamp : now;
		if (type >>> 16 !== 0xA5_5A) {
			this.#broken = true;
			this.#stdout.add(this.#header, 0, headerBytes, Date.now());
			return;
		}

		const sink = type === frameTypes.stdout ? this.#stdout : (type === frameTypes.stderr ? this.#stderr : this.#record);
		if (this.#remaining === 0) {
			sink.end();
		} else {
			this.#sink = sink;
		}
	}
}

const nextTurn = async () => new Promise(resolve => {
	setImmediate(resolve);
});

/**
The log output of one environment's process: raw stdout and stderr, cut into lines, and the frames of fd 3. It tells, after a runtime's reply, when everything the runtime wrote before that reply has been read.
*/
export class LogChannel {
	readonly #frames: FrameReader;
	readonly #lines: LineSplitter[] = [];
	readonly #ended: Array<Promise<void>> = [];
	#telemetryEnded = false;
	#base = 0;
	#waiters: Array<{bytes: number; resolve: () => void}> = [];

	constructor(streams: {stdout: Readable; stderr: Readable; telemetry?: Readable}, onEvent: EventSink) {
		this.#frames = new FrameReader(onEvent);
		for (const stream of [streams.stdout, streams.stderr]) {
			const lines = new LineSplitter(onEvent);
			this.#lines.push(lines);
			stream.on('data', (chunk: Buffer) => lines.push(chunk));
			this.#ended.push(new Promise(resolve => {
				stream.once('close', () => {
					lines.flush();
					resolve();
				});
			}));
		}

		const {telemetry} = streams;
		if (telemetry) {
			telemetry.on('data', (chunk: Buffer) => {
				this.#frames.push(chunk);
				this.#wake();
			});
			this.#ended.push(new Promise(resolve => {
				telemetry.once('close', () => {
					this.#telemetryEnded = true;
					this.#frames.end();
					this.#wake();
					resolve();
				});
			}));
		} else {
			this.#telemetryEnded = true;
		}
	}

	/** Bytes of frames read from the current runtime so far. */
	get frameBytes() {
		return this.#frames.bytesRead - this.#base;
	}

	/**
	A new runtime starts in the same sandbox: it counts the bytes it writes from zero.
	*/
	restart() {
		this.#frames.interrupt();
		this.#base = this.#frames.bytesRead;
	}

	/**
	Wait until what the runtime wrote before its reply is read: `logBytes` bytes of frames (or fd 3 closed, or `boundMs` passed, for a runtime that miscounts), and one full turn of the event loop so that raw bytes already in the pipes are read; then write the partial last lines.

	The first turn usually settles it all: the runtime's writes finished before it sent its reply, so the poll phase that read the reply saw the pipes readable too, and read them before this turn's check phase. Only when frames are still missing after it does this wait, with a timer, and then take one more turn for the raw bytes.
	*/
	async settle(logBytes: number | undefined, boundMs = 5000) {
		await nextTurn();
		if (logBytes !== undefined && this.frameBytes < logBytes && !this.#telemetryEnded) {
			let timer: NodeJS.Timeout | undefined;
			await new Promise<void>(resolve => {
				this.#waiters.push({bytes: logBytes, resolve});
				timer = setTimeout(resolve, boundMs);
			});
			clearTimeout(timer);
			await nextTurn();
		}

		for (const lines of this.#lines) {
			lines.flush();
		}

		this.#frames.flushLines();
	}

	/**
	Wait until every stream has closed (the process and all that held its pipes are gone), or `boundMs` passed.
	*/
	async closed(boundMs = 1000) {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.all(this.#ended),
			new Promise(resolve => {
				timer = setTimeout(resolve, boundMs);
			}),
		]);
		clearTimeout(timer);
	}

	#wake() {
		if (this.#waiters.length === 0) {
			return;
		}

		const read = this.frameBytes;
		this.#waiters = this.#waiters.filter(waiter => {
			if (this.#telemetryEnded || waiter.bytes <= read) {
				waiter.resolve();
				return false;
			}

			return true;
		});
	}
}
