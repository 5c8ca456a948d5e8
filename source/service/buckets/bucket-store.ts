import fsp from 'node:fs/promises';
import path from 'node:path';
import type {NotificationConfiguration} from '../../core/s3-events.js';

/**
One bucket as lambdeck keeps it: where its folder is, when it was made, and its notification configuration.
*/
export type BucketRecord = {
	name: string;
	/** The folder, absolute. */
	folder: string;
	/** Whether the user named the folder (it is left alone when the bucket is deleted). */
	ownFolder: boolean;
	created: string;
	notification: NotificationConfiguration;
};

/**
The buckets of a data dir, kept in one JSON file (`buckets.json`) that is replaced atomically (written, synced, renamed) on each change, as the registry keeps functions.
*/
export class BucketStore {
	readonly #file: string;
	#writing: Promise<void> = Promise.resolve();

	constructor(dataDir: string) {
		this.#file = path.join(dataDir, 'buckets.json');
	}

	/**
	The buckets the file holds, none when there is no file yet.
	*/
	async load(): Promise<BucketRecord[]> {
		try {
			return (JSON.parse(await fsp.readFile(this.#file, 'utf8')) as {buckets: BucketRecord[]}).buckets;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return [];
			}

			throw error;
		}
	}

	/**
	Replace the file with these buckets; writes run one after another, so the last one asked for wins.
	*/
	async save(buckets: BucketRecord[]) {
		const text = `${JSON.stringify({buckets}, undefined, '\t')}\n`;
		const next = this.#writing.catch(() => undefined).then(async () => {
			const temporary = `${this.#file}.${process.pid}.tmp`;
			const handle = await fsp.open(temporary, 'w');
			try {
				await handle.writeFile(text);
				await handle.sync();
			} finally {
				await handle.close();
			}

			await fsp.rename(temporary, this.#file);
		});
		this.#writing = next;
		await next;
	}
}
