import fs from 'node:fs';
import {invalidParameter} from '../core/errors.js';
import {ZipThread} from '../store/zip-thread.js';
import type {EventHub} from './events.js';

/**
What hot reload needs of the service: a function's source folder, and a way to publish new code to its `$LATEST` (which retires its warm environments).
*/
export type HotReloadParts = {
	sourceDir: (functionName: string) => string | undefined;
	publish: (functionName: string, zip: Buffer) => Promise<void>;
	/** Told after each reload, with how long it took from the first change seen, or why it failed. */
	onReload?: (functionName: string, outcome: {ms: number} | {error: string}) => void;
};

type Watch = {watcher: fs.FSWatcher; timer?: NodeJS.Timeout; changedAt?: number; running?: Promise<void>; again: boolean};

/** Saves come as bursts of events (write, rename, chmod); this long after the last one the folder is taken as saved. */
const settleMs = 20;

/**
Hot reload: each watched function's source folder is watched (recursively); a saved change zips the folder off the event loop and publishes it as `$LATEST`, so the next invoke runs the new code. One reload runs at a time per function, and changes made during it cause one more; nothing is done per request.
*/
export class HotReload {
	readonly #parts: HotReloadParts;
	readonly #watches = new Map<string, Watch>();
	#zipper: ZipThread | undefined;
	#all = false;

	constructor(parts: HotReloadParts, hub: EventHub) {
		this.#parts = parts;
		// With `serve --watch`, functions deployed from a folder later are watched too, and deleted ones are let go.
		hub.subscribe(event => {
			if (event.type !== 'function') {
				return;
			}

			if (event.change === 'deleted') {
				this.unwatch(event.functionName);
			} else if (this.#all && event.change === 'created' && this.#parts.sourceDir(event.functionName)) {
				this.watch(event.functionName);
			}
		});
	}

	/**
	Turn hot reload of a function on or off (`on` undefined toggles it), with Lambda's InvalidParameterValueException when it was not deployed from a folder. Returns whether it is watched now.
	*/
	toggle(functionName: string, on?: boolean) {
		if (on ?? !this.watching(functionName)) {
			try {
				this.watch(functionName);
			} catch (error) {
				throw invalidParameter((error as Error).message);
			}
		} else {
			this.unwatch(functionName);
		}

		return this.watching(functionName);
	}

	/**
	Watch every function deployed from a folder among those named, and each such function created from now on (`serve --watch`).
	*/
	watchAll(functionNames: Iterable<string>) {
		this.#all = true;
		for (const name of functionNames) {
			if (this.#parts.sourceDir(name)) {
				this.watch(name);
			}
		}
	}

	/**
	Whether a function is watched.
	*/
	watching(functionName: string) {
		return this.#watches.has(functionName);
	}

	/**
	Start watching a function's folder. Throws when it was not deployed from a folder.
	*/
	watch(functionName: string) {
		if (this.#watches.has(functionName)) {
			return;
		}

		const folder = this.#parts.sourceDir(functionName);
		if (!folder || !fs.existsSync(folder)) {
			throw new Error(`${functionName} has no source folder to watch${folder ? ` (${folder} is gone)` : ' (it was deployed from a zip)'}.`);
		}

		// The worker starts with the first watch, so the first save does not wait for it.
		this.#zipper ??= new ZipThread();
		const watch: Watch = {watcher: fs.watch(folder, {recursive: true}), again: false};
		watch.watcher.on('change', () => {
			watch.changedAt ??= performance.now();
			clearTimeout(watch.timer);
			watch.timer = setTimeout(() => {
				this.#reload(functionName, folder, watch);
			}, settleMs);
		});
		watch.watcher.on('error', () => {
			this.unwatch(functionName);
		});
		this.#watches.set(functionName, watch);
	}

	/**
	Stop watching a function's folder.
	*/
	unwatch(functionName: string) {
		const watch = this.#watches.get(functionName);
		if (watch) {
			clearTimeout(watch.timer);
			watch.watcher.close();
			this.#watches.delete(functionName);
		}
	}

	/**
	Stop every watch and wait for reloads under way.
	*/
	async close() {
		const running = [...this.#watches.values()].map(watch => watch.running);
		for (const name of [...this.#watches.keys()]) {
			this.unwatch(name);
		}

		await Promise.all(running);
		await this.#zipper?.close();
		this.#zipper = undefined;
	}

	#reload(functionName: string, folder: string, watch: Watch) {
		if (watch.running) {
			watch.again = true;
			return;
		}

		const startedAt = watch.changedAt ?? performance.now();
		watch.changedAt = undefined;
		watch.running = (async () => {
			try {
				await this.#parts.publish(functionName, await this.#zipper!.zip(folder));
				this.#parts.onReload?.(functionName, {ms: performance.now() - startedAt});
			} catch (error) {
				this.#parts.onReload?.(functionName, {error: (error as Error).message});
			}
		})().finally(() => {
			watch.running = undefined;
			if (watch.again && this.#watches.get(functionName) === watch) {
				watch.again = false;
				this.#reload(functionName, folder, watch);
			}
		});
	}
}
