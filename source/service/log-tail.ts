import {limits} from '../core/limits.js';

/**
The end of one invocation's log, for `LogType: Tail`: only as many of the latest lines as the last `limits.logTailBytes` bytes need, so an invocation that prints gigabytes holds a few kilobytes here.
*/
export class LogTail {
	#lines: Buffer[] = [];
	#bytes = 0;
	readonly #limit: number;

	constructor(limit: number = limits.logTailBytes) {
		this.#limit = limit;
	}

	push(message: string) {
		const bytes = Buffer.from(`${message}\n`);
		const line = bytes.length > this.#limit ? bytes.subarray(bytes.length - this.#limit) : bytes;
		this.#lines.push(line);
		this.#bytes += line.length;
		this.#trim();
	}

	/**
	Add another tail's lines after these.
	*/
	append(other: LogTail) {
		for (const line of other.#lines) {
			this.#lines.push(line);
			this.#bytes += line.length;
		}

		this.#trim();
	}

	/**
	The last `limit` bytes of the log, base64 as `LogResult` carries them.
	*/
	toBase64() {
		const text = Buffer.concat(this.#lines, this.#bytes);
		return text.subarray(Math.max(0, text.length - this.#limit)).toString('base64');
	}

	#trim() {
		while (this.#lines.length > 1 && this.#bytes - this.#lines[0]!.length >= this.#limit) {
			this.#bytes -= this.#lines.shift()!.length;
		}
	}
}
