import {EventEmitter} from 'node:events';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type {Account} from '../../core/arn.js';
import type {Clock} from '../../core/clock.js';
import {bucketAlreadyOwned, bucketNotEmpty, invalidArgument, noSuchBucket, s3Error, unableToValidate} from '../../core/s3-errors.js';
import {
	checkBucketName, matchingConfigurations, normalizeNotificationConfiguration, s3EventRecord, Sequencer, type NotificationConfiguration, type ObjectEvent,
} from '../../core/s3-events.js';
import type {PolicyStatement} from '../../core/types.js';
import {FileReadError, Md5Thread} from '../../store/md5-thread.js';
import {policyAllows} from '../resource-policies.js';
import {BucketStore, type BucketRecord} from './bucket-store.js';
import {BucketWatcher, type FolderChange, type WriteFinish} from './bucket-watcher.js';

/**
What buckets need from the Lambda service.
*/
export type BucketsContext = {
	account: Account;
	clock: Clock;
	dataDir: string;
	/** When a write in a bucket's folder counts as finished. */
	writeFinish: WriteFinish;
	/** Whether a function (name and qualifier) exists. */
	exists: (functionName: string, qualifier?: string) => boolean;
	/** The resource policy statements of a function for a qualifier. */
	statements: (functionName: string, qualifier?: string) => PolicyStatement[];
	/** Queue an asynchronous invoke, as `InvocationType: Event` does. */
	invokeAsync: (functionArn: string, payload: Buffer) => Promise<void>;
	report: (message: string) => void;
};

const functionArnPattern = /^arn:aws[\w-]*:lambda:([a-z\d-]+):(\d{12}):function:([\w-]{1,64})(?::([\w$-]{1,128}))?$/;

/** Whether a folder holds no file: empty folders are no objects, as S3 has none. */
const isEmpty = async (folder: string) => !(await fsp.readdir(folder, {recursive: true, withFileTypes: true}).catch(() => [])).some(entry => !entry.isDirectory());

/**
Buckets as local folders (`<data dir>/buckets/NAME`, or a folder the user names) with S3's notification configurations: a file written in a folder or removed from it reaches every function whose configuration matches, as an S3 event record in an asynchronous invoke. A configuration is accepted only if the function's resource policy lets `s3.amazonaws.com` invoke it for the bucket, and that is checked again at each delivery. Watchers start again when the service opens; `close` stops them.
*/
export class Buckets {
	/** Emits `object` with each change seen in a watched folder: `{bucket, key, eventName, functions}`, the functions its record was queued for (none when no configuration matched or none may be invoked). */
	readonly activity = new EventEmitter();
	readonly #context: BucketsContext;
	readonly #store: BucketStore;
	readonly #buckets = new Map<string, BucketRecord>();
	readonly #watchers = new Map<string, BucketWatcher>();
	/** Each bucket's deliveries, one after another, so its events reach the queue in the order they happened. */
	readonly #deliveries = new Map<string, Promise<void>>();
	readonly #sequencer = new Sequencer();
	readonly #md5 = new Md5Thread();
	#closed = false;

	private constructor(context: BucketsContext) {
		this.#context = context;
		this.#store = new BucketStore(context.dataDir);
	}

	/**
	Load the data dir's buckets and start watching the folders of those with notifications.
	*/
	static async open(context: BucketsContext) {
		const buckets = new Buckets(context);
		for (const record of await buckets.#store.load()) {
			buckets.#buckets.set(record.name, record);
		}

		// The folders are scanned in the background, so a short-lived CLI verb does not wait for them.
		for (const record of buckets.#buckets.values()) {
			buckets.#watch(record).catch((error: unknown) => {
				context.report(`Watching the folder of bucket ${record.name} (${record.folder}) failed: ${(error as Error).message}`);
			});
		}

		return buckets;
	}

	/** The bucket names and their records, for listings. */
	list(): BucketRecord[] {
		return [...this.#buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	/** A bucket's record, or S3's NoSuchBucket. */
	get(name: string): BucketRecord {
		const record = this.#buckets.get(name);
		if (!record) {
			throw noSuchBucket(name);
		}

		return record;
	}

	/**
	CreateBucket: a bucket on a new folder under the data dir, or on an existing folder the caller names.
	*/
	async createBucket(name: string, folder?: string) {
		checkBucketName(name);
		if (this.#buckets.has(name)) {
			// us-east-1 answers a repeated CreateBucket of one's own bucket with success, every other region with 409.
			if (this.#context.account.region === 'us-east-1' && !folder) {
				return this.#buckets.get(name)!;
			}

			throw bucketAlreadyOwned(name);
		}

		if (folder !== undefined) {
			const stat = await fsp.stat(folder).catch(() => undefined);
			if (!stat?.isDirectory()) {
				throw invalidArgument(`lambdeck: ${folder} is not a folder; a bucket's --path must name an existing folder.`, {ArgumentName: 'path', ArgumentValue: folder});
			}
		}

		const record: BucketRecord = {
			name,
			folder: folder === undefined ? path.join(this.#context.dataDir, 'buckets', name) : path.resolve(folder),
			ownFolder: folder !== undefined,
			created: new Date(this.#context.clock.now()).toISOString(),
			notification: {},
		};
		await fsp.mkdir(record.folder, {recursive: true});
		this.#buckets.set(name, record);
		await this.#save();
		return record;
	}

	/**
	DeleteBucket: S3 deletes only an empty bucket. A folder the user named stays; lambdeck's own goes.
	*/
	async deleteBucket(name: string) {
		const record = this.get(name);
		if (!record.ownFolder && !await isEmpty(record.folder)) {
			throw bucketNotEmpty(name);
		}

		await this.#unwatch(name);
		this.#buckets.delete(name);
		await this.#save();
		if (!record.ownFolder) {
			await fsp.rm(record.folder, {recursive: true, force: true});
		}
	}

	/**
	PutBucketNotificationConfiguration: checked as S3 checks it, then kept, and the folder watched while it has Lambda destinations.
	*/
	async putNotificationConfiguration(name: string, configuration: NotificationConfiguration, skipDestinationValidation = false) {
		const record = this.get(name);
		const normalized = normalizeNotificationConfiguration(configuration);
		const unparsable = normalized.LambdaFunctionConfigurations?.find(item => !functionArnPattern.test(item.LambdaFunctionArn));
		if (unparsable) {
			throw invalidArgument('The ARN could not be parsed', {ArgumentName: 'CloudFunction', ArgumentValue: unparsable.LambdaFunctionArn});
		}

		if (!skipDestinationValidation) {
			const refused = [...new Set((normalized.LambdaFunctionConfigurations ?? []).map(item => item.LambdaFunctionArn))].filter(arn => !this.#allowed(arn, name));
			if (refused.length > 0) {
				throw unableToValidate(refused);
			}
		}

		record.notification = normalized;
		await this.#save();
		await this.#unwatch(name);
		await this.#watch(record);
	}

	/**
	PutObject: the body written into the bucket's folder (the watcher then reports it, as S3 notifies of a PUT). Returns the object's hex MD5.
	*/
	async putObject(name: string, key: string, body: Buffer) {
		const file = this.#fileOf(this.get(name), key);
		await fsp.mkdir(path.dirname(file), {recursive: true});
		await fsp.writeFile(file, body);
		return (await this.#md5.digest(file)).md5;
	}

	/**
	DeleteObject: the file removed from the folder; a key that is not there is no error, as on S3.
	*/
	async deleteObject(name: string, key: string) {
		await fsp.rm(this.#fileOf(this.get(name), key), {force: true});
	}

	/**
	Stop every watcher and wait for the events already seen to be queued.
	*/
	async close() {
		this.#closed = true;
		await Promise.all([...this.#watchers.keys()].map(async name => this.#unwatch(name)));
		await Promise.all(this.#deliveries.values());
		await this.#md5.close();
	}

	#fileOf(record: BucketRecord, key: string) {
		const file = path.resolve(record.folder, key);
		if (key.length === 0 || key.length > 1024 || !file.startsWith(`${record.folder}${path.sep}`)) {
			throw s3Error('KeyTooLongError', 400, 'lambdeck keeps objects as files in the bucket\'s folder: this key names no file inside it.', {Key: key});
		}

		return file;
	}

	#allowed(functionArn: string, bucket: string) {
		const [, region, account, functionName, qualifier] = functionArnPattern.exec(functionArn) ?? [];
		const {accountId} = this.#context.account;
		// A function of another region or account is none of this service's.
		if (!functionName || region !== this.#context.account.region || account !== accountId || !this.#context.exists(functionName, qualifier)) {
			return false;
		}

		return policyAllows(this.#context.statements(functionName, qualifier), {service: 's3.amazonaws.com', sourceArn: `arn:aws:s3:::${bucket}`, sourceAccount: accountId});
	}

	async #save() {
		await this.#store.save(this.list());
	}

	async #watch(record: BucketRecord) {
		if (this.#closed || (record.notification.LambdaFunctionConfigurations?.length ?? 0) === 0) {
			return;
		}

		await fsp.mkdir(record.folder, {recursive: true});
		if (this.#closed || this.#watchers.has(record.name)) {
			return;
		}

		const watcher = new BucketWatcher(record.folder, this.#context.writeFinish, change => {
			this.#changed(record.name, change);
		}, error => {
			this.#context.report(`Watching the folder of bucket ${record.name} (${record.folder}) failed: ${error.message}`);
		});
		this.#watchers.set(record.name, watcher);
		await watcher.ready;
	}

	async #unwatch(name: string) {
		const watcher = this.#watchers.get(name);
		this.#watchers.delete(name);
		await watcher?.close();
	}

	#changed(bucket: string, change: FolderChange) {
		const event: Omit<ObjectEvent, 'size' | 'eTag'> = {
			eventName: change.kind === 'written' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
			bucket,
			key: change.key,
			sequencer: this.#sequencer.next(this.#context.clock.now()),
			time: new Date(this.#context.clock.now()),
		};
		const record = this.#buckets.get(bucket);
		if (!record || matchingConfigurations(record.notification, event.eventName, event.key).length === 0) {
			this.activity.emit('object', {bucket, key: event.key, eventName: event.eventName, functions: []});
			return;
		}

		// The digest is read now, in the order of events; deliveries follow one another per bucket.
		const digest = change.kind === 'written' ? this.#md5.digest(path.join(record.folder, change.key)) : undefined;
		digest?.catch(() => undefined);
		const previous = this.#deliveries.get(bucket) ?? Promise.resolve();
		const next = previous.then(async () => this.#deliver(record, event, digest)).catch((error: unknown) => {
			this.#context.report(`The ${event.eventName} event of ${bucket}/${event.key} was not delivered: ${(error as Error).message}`);
		});
		this.#deliveries.set(bucket, next);
		void next.then(() => {
			if (this.#deliveries.get(bucket) === next) {
				this.#deliveries.delete(bucket);
			}
		});
	}

	async #deliver(record: BucketRecord, event: Omit<ObjectEvent, 'size' | 'eTag'>, digest: Promise<{size: number; md5: string}> | undefined) {
		let object: {size?: number; eTag?: string} = {};
		if (digest) {
			try {
				const {size, md5} = await digest;
				object = {size, eTag: md5};
			} catch (error) {
				if (error instanceof FileReadError && error.code === 'ENOENT') {
					// Written and removed before it could be read: its removal is reported instead.
					this.activity.emit('object', {bucket: record.name, key: event.key, eventName: event.eventName, functions: []});
					return;
				}

				throw error;
			}
		}

		const {region, accountId} = this.#context.account;
		const functions: string[] = [];
		for (const configuration of matchingConfigurations(record.notification, event.eventName, event.key)) {
			if (!this.#allowed(configuration.LambdaFunctionArn, record.name)) {
				this.#context.report(`S3 may no longer invoke ${configuration.LambdaFunctionArn} for bucket ${record.name} (its resource policy does not allow it): the ${event.eventName} event of ${event.key} is dropped.`);
				continue;
			}

			const eventRecord = s3EventRecord({...event, ...object}, {region, accountId, configurationId: configuration.Id!});
			await this.#context.invokeAsync(configuration.LambdaFunctionArn, Buffer.from(JSON.stringify({Records: [eventRecord]})));
			functions.push(configuration.LambdaFunctionArn);
		}

		this.activity.emit('object', {bucket: record.name, key: event.key, eventName: event.eventName, functions});
	}
}
