import type {ExecutionEnvironment} from './environment.js';

/**
The execution environments of every function version, warm or busy.

It hands out an idle environment when there is one (a warm start) and otherwise lets the caller create one (a cold start); it stops environments that stay idle past the keep-alive and retires a version's environments when its code or configuration changes.
*/
export class EnvironmentPool {
	readonly #byKey = new Map<string, Set<ExecutionEnvironment>>();
	readonly #retired = new WeakSet<ExecutionEnvironment>();
	readonly #keepAliveMs: number;
	readonly #reaper: NodeJS.Timeout;

	constructor(keepAliveMs: number) {
		this.#keepAliveMs = keepAliveMs;
		this.#reaper = setInterval(() => this.#reap(), Math.min(keepAliveMs, 30_000));
		this.#reaper.unref();
	}

	/**
	How many environments are running an invocation now, across all functions.
	*/
	get busyCount() {
		let count = 0;
		for (const set of this.#byKey.values()) {
			for (const environment of set) {
				count += environment.busy ? 1 : 0;
			}
		}

		return count;
	}

	/**
	An idle environment of the version `key`, marked busy, or one made by `create`. Warm ones are preferred over cold ones that have been reset.
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

		chosen ??= create();
		set.add(chosen);
		chosen.busy = true;
		return chosen;
	}

	/**
	Give an environment back after its invocation; one retired meanwhile is stopped.
	*/
	async release(environment: ExecutionEnvironment) {
		environment.busy = false;
		if (this.#retired.has(environment)) {
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
	Environments of one function, for the console's view of what runs.
	*/
	environments(prefix: string): ExecutionEnvironment[] {
		return [...this.#byKey].filter(([key]) => key.startsWith(prefix)).flatMap(([, set]) => [...set]);
	}

	async close() {
		clearInterval(this.#reaper);
		await this.retire('');
	}

	async #remove(environment: ExecutionEnvironment) {
		for (const [key, set] of this.#byKey) {
			if (set.delete(environment) && set.size === 0) {
				this.#byKey.delete(key);
			}
		}

		await environment.stop();
	}

	#reap() {
		const now = Date.now();
		for (const set of this.#byKey.values()) {
			for (const environment of set) {
				if (!environment.busy && now - environment.lastUsed > this.#keepAliveMs) {
					void this.#remove(environment);
				}
			}
		}
	}
}
