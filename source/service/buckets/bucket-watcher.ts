import path from 'node:path';
import {watch, type FSWatcher} from 'chokidar';

/**
A change in a bucket's folder: a file written (once its size has settled) or removed, by its key (the path under the folder, with `/`).
*/
export type FolderChange = {kind: 'written' | 'removed'; key: string};

/**
How long a file's size must stay the same before its write counts as complete, and how often it is looked at meanwhile.
*/
export type WriteFinish = {stabilityMs: number; pollMs: number};

/**
One bucket's folder watched with chokidar: files written (added or replaced, reported once the write has finished) and removed. Folders themselves are no objects and are not reported. `ready` resolves once the folder's present files are known, so a change after it is reported; `close` stops watching.
*/
export class BucketWatcher {
	readonly ready: Promise<void>;
	readonly #watcher: FSWatcher;

	constructor(folder: string, finish: WriteFinish, onChange: (change: FolderChange) => void, onError: (error: Error) => void) {
		this.#watcher = watch(folder, {
			ignoreInitial: true,
			persistent: true,
			awaitWriteFinish: {stabilityThreshold: finish.stabilityMs, pollInterval: finish.pollMs},
			// Replacing a file by writing a temporary one and renaming it counts as one write, as editors save.
			atomic: true,
		});
		const keyOf = (file: string) => path.relative(folder, file).split(path.sep).join('/');
		this.#watcher.on('add', file => onChange({kind: 'written', key: keyOf(file)}));
		this.#watcher.on('change', file => onChange({kind: 'written', key: keyOf(file)}));
		this.#watcher.on('unlink', file => onChange({kind: 'removed', key: keyOf(file)}));
		this.#watcher.on('error', error => onError(error as Error));
		this.ready = new Promise(resolve => {
			this.#watcher.once('ready', () => resolve());
		});
	}

	/**
	Stop watching.
	*/
	async close() {
		await this.#watcher.close();
	}
}
