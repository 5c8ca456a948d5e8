/**
The longest log event, in bytes, that Lambda writes: CloudWatch's old 256 KB event limit less its 26 bytes of per-event overhead. A longer line becomes several consecutive events of at most this size, with the same timestamp; nothing is dropped.
*/
export const maxEventBytes = 262_118;

/**
Receives one log event: its text and its time in milliseconds since the epoch.
*/
export type EventSink = (message: string, timestamp: number) => void;

const newline = 0x0A;

/**
How many bytes at the end of `bytes[0, used)` belong to a UTF-8 character that is not complete yet.
*/
const incompleteTail = (bytes: Uint8Array, used: number) => {
	for (let index = used - 1; index >= Math.max(0, used - 4); index--) {
		const byte = bytes[index]!;
		if ((byte & 0xC0) === 0x80) {
			continue;
		}

		if (byte < 0xC0) {
			return 0;
		}

		const length = byte >= 0xF0 ? 4 : (byte >= 0xE0 ? 3 : 2);
		return used - index < length ? used - index : 0;
	}

	return 0;
};

/**
Gathers the bytes of one log event and hands it on, cut into events of at most `maxEventBytes` at UTF-8 character boundaries, so that a line of any length costs at most one event's worth of memory.
*/
export class EventCutter {
	readonly #sink: EventSink;
	readonly #limit: number;
	readonly #buffer: Buffer;
	#used = 0;
	#timestamp = 0;
	#open = false;

	constructor(sink: EventSink, limit = maxEventBytes) {
		this.#sink = sink;
		this.#limit = limit;
		this.#buffer = Buffer.allocUnsafe(limit);
	}

	/** Whether bytes of an event are waiting for its end. */
	get open() {
		return this.#open;
	}

	/**
	Add `bytes[start, end)` to the current event, which starts at `timestamp` if none is open.
	*/
	add(bytes: Uint8Array, start: number, end: number, timestamp: number) {
		if (!this.#open) {
			this.#open = true;
			this.#timestamp = timestamp;
		}

		while (start < end) {
			const count = Math.min(end - start, this.#limit - this.#used);
			this.#buffer.set(bytes.subarray(start, start + count), this.#used);
			this.#used += count;
			start += count;
			if (this.#used === this.#limit) {
				const keep = incompleteTail(this.#buffer, this.#used);
				this.#emit(this.#used - keep);
				this.#buffer.copyWithin(0, this.#used - keep, this.#used);
				this.#used = keep;
			}
		}
	}

	/**
	End the current event, if one is open. With `dropNewline`, one trailing `\n` is not part of it. An empty event is not written.
	*/
	end(dropNewline = false) {
		if (dropNewline && this.#used > 0 && this.#buffer[this.#used - 1] === newline) {
			this.#used--;
		}

		this.#emit(this.#used);
		this.#used = 0;
		this.#open = false;
	}

	#emit(length: number) {
		if (length > 0) {
			this.#sink(this.#buffer.toString('utf8', 0, length), this.#timestamp);
		}
	}
}

/**
Cut a byte stream (a pipe, or the raw stdout a runtime forwards in frames) into log events the way Lambda does: one event per line without its `\n`, `\r` kept, empty lines dropped, long lines cut at `maxEventBytes` on a character boundary.
*/
export class LineSplitter {
	readonly #sink: EventSink;
	readonly #cutter: EventCutter;
	readonly #limit: number;

	constructor(sink: EventSink, limit = maxEventBytes) {
		this.#sink = sink;
		this.#limit = limit;
		this.#cutter = new EventCutter(sink, limit);
	}

	/**
	Add bytes that arrived at `timestamp`; a line that spans chunks keeps the time its first byte came.
	*/
	push(chunk: Uint8Array, timestamp = Date.now(), start = 0, end = chunk.length) {
		while (start < end) {
			const lineEnd = chunk.indexOf(newline, start);
			if (lineEnd < 0 || lineEnd >= end) {
				this.#cutter.add(chunk, start, end, timestamp);
				return;
			}

			if (!this.#cutter.open && lineEnd - start <= this.#limit) {
				if (lineEnd > start) {
					this.#sink(Buffer.from(chunk.buffer, chunk.byteOffset + start, lineEnd - start).toString('utf8'), timestamp);
				}
			} else {
				this.#cutter.add(chunk, start, lineEnd, timestamp);
				this.#cutter.end();
			}

			start = lineEnd + 1;
		}
	}

	/**
	Write a partial last line as its own event: the stream ended or an invocation is over.
	*/
	flush() {
		this.#cutter.end();
	}
}
