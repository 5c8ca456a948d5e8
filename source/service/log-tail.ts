import {limits} from '../core/limits.js';

/**
The end of one invocation's log, for `LogType: Tail`: only as many of the latest lines as the last `limits.logTailBytes` bytes need, so an invocation that prints gigabytes holds a few kilobytes here.
*/
export class LogTail {
	#lines: string[] = [];
	#sizes: number[] = [];
	#first = 0;
	#bytes = 0;
	readonly #limit: number;

	constructor(limit: number = limits.logTailBytes) {
		this.#limit = limit;
	}

	push(message: string) {
		const line = message.length > this.#limit ? Buffer.from(message).subarray(-this.#limit).toString('utf8') : message;
		const size = Buffer.byteLength(line) + 1;
		this.#lines.push(line);
		this.#sizes.push(size);
		this.#bytes += size;
		while (this.#lines.length - this.#first > 1 && this.#bytes - this.#sizes[this.#first]! >= this.#limit) {
			this.#bytes -= this.#sizes[this.#first]!;
			this.#first++;
		}

		if (this.#first > 1024) {
			this.#lines = this.#lines.slice(this.#first);
			this.#sizes = this.#sizes.slice(this.#first);
			this.#first = 0;
		}
	}

	/**
	Add another tail's lines after these.
	*/
	append(other: LogTail) {
		for (const line of other.#lines.slice(other.#first)) {
			this.push(line);
		}
	}

	/**
	The last `limit` bytes of the log, base64 as `LogResult` carries them.
	*/
	toBase64() {
		const text = Buffer.from(this.#lines.slice(this.#first).map(line => `${line}\n`).join(''));
		return text.subarray(Math.max(0, text.length - this.#limit)).toString('base64');
	}
}
