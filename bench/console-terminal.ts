import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {setTimeout as delay} from 'node:timers/promises';

const ansi = /\u001B\[[\d;?]*[A-Za-z]/g;

/**
A fake terminal screen for the console: a TTY of the given size that keeps the time of every write and the text of the last frame, so a bench can wait for the first frame after a mark.
*/
export class BenchStdout extends EventEmitter {
	readonly isTTY = true;
	columns: number;
	rows: number;
	/** When the last write happened, in `performance.now()` milliseconds. */
	lastWriteAt = 0;
	/** The last frame written, without escape sequences. */
	frame = '';
	writes = 0;
	bytes = 0;
	#mark = Number.POSITIVE_INFINITY;
	#firstAfterMark: number | undefined;
	readonly #waiters = new Set<{accept: (frame: string | undefined) => boolean; settle: (at: number | undefined) => void}>();

	constructor({columns, rows}: {columns: number; rows: number}) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write(chunk: string | Uint8Array, encoding?: unknown, callback?: () => void) {
		const at = performance.now();
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.lastWriteAt = at;
		this.writes++;
		this.bytes += text.length;
		if (this.#firstAfterMark === undefined && at >= this.#mark) {
			this.#firstAfterMark = at;
		}

		// Ink draws a frame in one write; the synchronized-output markers around it are short.
		const isFrame = text.length > 32;
		if (isFrame) {
			this.frame = text.replaceAll(ansi, '');
		}

		for (const waiter of this.#waiters) {
			if (waiter.accept(isFrame ? this.frame : undefined)) {
				waiter.settle(at);
			}
		}

		const done = typeof encoding === 'function' ? encoding as () => void : callback;
		done?.();
		return true;
	}

	/**
	Start watching for the first write from now on; returns the mark's time.
	*/
	mark() {
		this.#mark = performance.now();
		this.#firstAfterMark = undefined;
		return this.#mark;
	}

	/**
	The time of the first write since the last `mark()`, waiting for it up to `timeoutMs`; undefined when none came.
	*/
	async firstWriteAfterMark(timeoutMs: number) {
		return this.#firstAfterMark ?? this.#next(() => true, timeoutMs);
	}

	/**
	The time of the first frame from now on that passes a check, waiting for it up to `timeoutMs`; undefined when none did. The watch starts when this is called, before the returned promise is awaited.
	*/
	async firstFrameMatching(check: (frame: string) => boolean, timeoutMs: number) {
		return this.#next(frame => frame !== undefined && check(frame), timeoutMs);
	}

	/**
	Wait until the last frame passes a check, up to `timeoutMs`; returns whether it did.
	*/
	async waitForFrame(check: (frame: string) => boolean, timeoutMs: number) {
		return check(this.frame) || await this.firstFrameMatching(check, timeoutMs) !== undefined;
	}

	/** The time of the next write that a check accepts (given the frame, when the write was one), or undefined after `timeoutMs`. */
	async #next(accept: (frame: string | undefined) => boolean, timeoutMs: number) {
		return new Promise<number | undefined>(resolve => {
			const waiter = {
				accept,
				settle: (at: number | undefined) => {
					clearTimeout(timer);
					this.#waiters.delete(waiter);
					resolve(at);
				},
			};
			const timer = setTimeout(() => {
				waiter.settle(undefined);
			}, timeoutMs);
			this.#waiters.add(waiter);
		});
	}

	/**
	Wait until nothing has been written for `quietMs`, so the next keypress starts from an idle console (and past Ink's render throttle window).
	*/
	async waitForQuiet(quietMs: number, timeoutMs = 2000) {
		const giveUp = performance.now() + timeoutMs;
		for (let idle = performance.now() - this.lastWriteAt; idle < quietMs && performance.now() < giveUp; idle = performance.now() - this.lastWriteAt) {
			await delay(Math.max(1, Math.ceil(quietMs - idle)));
		}
	}
}

/**
A fake TTY keyboard for the console, fed with `type`, as Ink reads it: `readable` events and `read()`.
*/
export class BenchStdin extends EventEmitter {
	readonly isTTY = true;
	readonly #queue: string[] = [];

	setRawMode() {
		return this;
	}

	setEncoding() {
		return this;
	}

	ref() {
		return this;
	}

	unref() {
		return this;
	}

	resume() {
		return this;
	}

	pause() {
		return this;
	}

	read() {
		return this.#queue.shift() ?? null;
	}

	/**
	Send keys as a terminal would, all in one chunk.
	*/
	type(text: string) {
		this.#queue.push(text);
		this.emit('readable');
	}
}

/** Keys as a terminal sends them. */
export const benchKeys = {enter: '\r', escape: '\u001B', backspace: '\u007F', pageUp: '\u001B[5~', pageDown: '\u001B[6~'};
