/**
A timer that a clock started, which can be cancelled before it fires.
*/
export type Timer = {
	cancel(): void;
};

/**
Where the service's time comes from: the current time and timers that fire after a delay.

Everything that waits in the service (keep-alive, settling, retries) asks one clock, so a test can advance time instead of sleeping.
*/
export type Clock = {
	now(): number;
	/** Call `callback` once after `ms`. A timer that should not keep the process alive is `unref`ed. */
	setTimer(callback: () => void, ms: number, options?: {unref?: boolean}): Timer;
};

/**
The wall clock and Node's own timers.
*/
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimer(callback, ms, {unref = false} = {}) {
		const handle = setTimeout(callback, ms);
		if (unref) {
			handle.unref();
		}

		return {cancel: () => clearTimeout(handle)};
	},
};

/**
A clock that moves only when told to: `advance` runs the timers that fall due, in order of their time.
*/
export class ManualClock implements Clock {
	#now: number;
	#timers: Array<{at: number; callback: () => void; id: number}> = [];
	#nextId = 0;

	constructor(start = Date.UTC(2026, 0, 1)) {
		this.#now = start;
	}

	now() {
		return this.#now;
	}

	setTimer(callback: () => void, ms: number): Timer {
		const id = this.#nextId++;
		this.#timers.push({at: this.#now + Math.max(0, ms), callback, id});
		return {
			cancel: () => {
				this.#timers = this.#timers.filter(timer => timer.id !== id);
			},
		};
	}

	/**
	Move time forward by `ms`, firing every timer due on the way (including timers those timers start).
	*/
	advance(ms: number) {
		const end = this.#now + ms;
		for (;;) {
			const due = this.#timers.filter(timer => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
			if (!due) {
				break;
			}

			this.#timers = this.#timers.filter(timer => timer !== due);
			this.#now = Math.max(this.#now, due.at);
			due.callback();
		}

		this.#now = end;
	}

	/** How many timers wait to fire. */
	get pending() {
		return this.#timers.length;
	}
}
