import {systemClock, type Clock, type Timer} from '../core/clock.js';
import type {ExecutionEnvironment} from './environment.js';

/**
How many environments a pool keeps and for how long.
*/
export type PoolOptions = {
	/** How long an idle environment stays warm. */
	keepAliveMs: number;
	/** The most environments, busy and idle together; past it the least recently used idle one is stopped to make room. */
	maxEnvironments: number;
	clock?: Clock;
};

/**
The execution environments of every function version, warm or busy.

It hands out an idle environment when there is one (a warm start) and otherwise lets the caller create one (a cold start); it stops environments that stay idle past the keep-alive, keeps the number of environments under a cap by stopping the least recently used idle ones, and retires a version's environments when its code or configuration changes.
*/
export class EnvironmentPool {
	readonly #byKey = new Map<string, Set<ExecutionEnvironment>>();
	readonly #retired = new WeakSet<ExecutionEnvironment>();
	readonly #pinned = new WeakSet<ExecutionEnvironment>();
	readonly #stopping = new Set<Promise<void>>();
	readonly #keepAliveMs: number;
	readonly #maxEnvironments: number;
	readonly #clock: Clock;
	#reaper: Timer | undefined;
	#busy = 0;
	#total = 0;
	#closed = false;

	constructor({keepAliveMs, maxEnvironments, clock = systemClock}: PoolOptions) {
		this.#keepAliveMs = keepAliveMs;
		this.#maxEnvironments = Math.max(1, maxEnvironments);
		this.#clock = clock;
		this.#scheduleReap();
	}

	/**
	How many environments are running an invocation now, across all functions.
	*/
	get busyCount() {
		return this.#busy;
	}

	/**
	How many environments exist now, busy or idle.
	*/
	get size() {
		return this.#total;
	}

	/**
	An idle environment of the version `key`, marked busy, or one made by `create`. Warm ones are preferred over cold ones that have been reset. When the pool is full, the least recently used idle environment of any version is stopped first.
	*/
	acquire(key: string, create: () => ExecutionEnvironment): ExecutionEnvironment {
		let set = this.#byKey.get(key);
		if (!set) {
			set = new Set();
			this.#byKey.set(key, set);
		}

		let chosen: ExecutionEnvironment | undefined;
		for (const environment of set) {
			if (!environment.busy && (!chosen || (environment.isWarm && !chosen.isWarm))) {
				chosen = environment;
			}
		}

		if (!chosen) {
			if (this.#total >= this.#maxEnvironments) {
				this.#evictIdle();
			}

			chosen = create();
			set.add(chosen);
			this.#total++;
		}

		chosen.busy = true;
		this.#busy++;
		return chosen;
	}

	/**
	Add an environment started ahead of invokes (provisioned concurrency) to a version's: it is handed out like any other, but kept past the keep-alive and never evicted, until its version's environments are retired.
	*/
	adopt(key: string, environment: ExecutionEnvironment) {
		let set = this.#byKey.get(key);
		if (!set) {
			set = new Set();
			this.#byKey.set(key, set);
		}

		set.add(environment);
		this.#pinned.add(environment);
		this.#total++;
	}

	/**
	Give an environment back after its invocation; one retired meanwhile is stopped.
	*/
	async release(environment: ExecutionEnvironment) {
		if (environment.busy) {
			environment.busy = false;
			this.#busy--;
		}

		environment.lastUsed = this.#clock.now();
		if (this.#retired.has(environment) || this.#closed) {
			await this.#remove(environment);
		}
	}

	/**
	Stop the environments of every version whose key starts with `prefix`: idle ones now, busy ones when they finish.
	*/
	async retire(prefix: string) {
		const stopping: Array<Promise<void>> = [];
		for (const [key, set] of this.#byKey) {
			if (!key.startsWith(prefix)) {
				continue;
			}

			for (const environment of set) {
				this.#retired.add(environment);
				if (!environment.busy) {
					stopping.push(this.#remove(environment));
				}
			}
		}

		await Promise.all(stopping);
	}

	/**
	Stop one environment: now when idle, as its invocation ends when busy.
	*/
	async stop(environment: ExecutionEnvironment) {
		this.#retired.add(environment);
		if (!environment.busy) {
			await this.#remove(environment);
		}
	}

	/**
	Environments of one function, for the console's view of what runs.
	*/
	environments(prefix: string): ExecutionEnvironment[] {
		return [...this.#byKey].filter(([key]) => key.startsWith(prefix)).flatMap(([, set]) => [...set]);
	}

	/**
	Stop every idle environment now and each busy one as its invocation ends; resolves once all have stopped.
	*/
	async close() {
		this.#closed = true;
		this.#reaper?.cancel();
		await this.retire('');
		while (this.#stopping.size > 0) {
			await Promise.all(this.#stopping);
		}
	}

	async #remove(environment: ExecutionEnvironment) {
		let found = false;
		for (const [key, set] of this.#byKey) {
			if (set.delete(environment)) {
				found = true;
				if (set.size === 0) {
					this.#byKey.delete(key);
				}
			}
		}

		if (found) {
			this.#total--;
		}

		// A stop that fails leaves nothing to clean up: the process is gone either way.
		const stopping = environment.stop().catch(() => {});
		this.#stopping.add(stopping);
		await stopping;
		this.#stopping.delete(stopping);
	}

	#evictIdle() {
		let oldest: ExecutionEnvironment | undefined;
		for (const set of this.#byKey.values()) {
			for (const environment of set) {
				if (!environment.busy && !this.#pinned.has(environment) && (!oldest || environment.lastUsed < oldest.lastUsed)) {
					oldest = environment;
				}
			}
		}

		if (oldest) {
			void this.#remove(oldest);
		}
	}

	#scheduleReap() {
		if (this.#closed) {
			return;
		}

		this.#reaper = this.#clock.setTimer(() => {
			this.#reap();
			this.#scheduleReap();
		}, Math.min(this.#keepAliveMs, 30_000), {unref: true});
	}

	#reap() {
		const now = this.#clock.now();
		for (const set of this.#byKey.values()) {
			for (const environment of set) {
				if (!environment.busy && !this.#pinned.has(environment) && now - environment.lastUsed > this.#keepAliveMs) {
					void this.#remove(environment);
				}
			}
		}
	}
}
