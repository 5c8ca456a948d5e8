import {createHash} from 'node:crypto';
import {invalidArgument, invalidBucketName} from './s3-errors.js';

/**
One rule of a notification's key filter, as S3 takes it (`prefix` or `suffix`, in either case).
*/
export type FilterRule = {Name?: string; Value?: string};

/**
A Lambda destination of a bucket's notification configuration, in S3's JSON names.
*/
export type LambdaFunctionConfiguration = {
	Id?: string;
	LambdaFunctionArn: string;
	Events: string[];
	Filter?: {Key?: {FilterRules?: FilterRule[]}};
};

/**
A bucket's notification configuration as lambdeck keeps it: only Lambda destinations are delivered here.
*/
export type NotificationConfiguration = {
	LambdaFunctionConfigurations?: LambdaFunctionConfiguration[];
	QueueConfigurations?: unknown[];
	TopicConfigurations?: unknown[];
	EventBridgeConfiguration?: Record<string, never>;
};

const reservedPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const reservedSuffixes = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
Check a bucket name by S3's rules for general purpose buckets (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, no `..`, not an IP address, no reserved prefix or suffix); S3's `InvalidBucketName` when it breaks one.
*/
export const checkBucketName = (name: string) => {
	const valid = /^[a-z\d][a-z\d.-]{1,61}[a-z\d]$/.test(name)
		&& !name.includes('..')
		&& !/^\d+\.\d+\.\d+\.\d+$/.test(name)
		&& !reservedPrefixes.some(prefix => name.startsWith(prefix))
		&& !reservedSuffixes.some(suffix => name.endsWith(suffix));
	if (!valid) {
		throw invalidBucketName(name);
	}
};

/** The event types S3 accepts in a notification configuration (the `Event` enum of its model). */
const notificationEvents = new Set([
	's3:ReducedRedundancyLostObject', 's3:ObjectCreated:*', 's3:ObjectCreated:Put', 's3:ObjectCreated:Post', 's3:ObjectCreated:Copy', 's3:ObjectCreated:CompleteMultipartUpload',
	's3:ObjectRemoved:*', 's3:ObjectRemoved:Delete', 's3:ObjectRemoved:DeleteMarkerCreated', 's3:ObjectRestore:*', 's3:ObjectRestore:Post', 's3:ObjectRestore:Completed',
	's3:ObjectRestore:Delete', 's3:Replication:*', 's3:Replication:OperationFailedReplication', 's3:Replication:OperationNotTracked', 's3:Replication:OperationMissedThreshold',
	's3:Replication:OperationReplicatedAfterThreshold', 's3:LifecycleTransition', 's3:IntelligentTiering', 's3:ObjectAcl:Put', 's3:LifecycleExpiration:*',
	's3:LifecycleExpiration:Delete', 's3:LifecycleExpiration:DeleteMarkerCreated', 's3:ObjectTagging:*', 's3:ObjectTagging:Put', 's3:ObjectTagging:Delete',
]);

/**
Whether a configured event type (`s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`) covers an event (`ObjectCreated:Put`), wildcards as S3 matches them.
*/
export const eventMatches = (configured: string, eventName: string) => {
	const pattern = configured.replace(/^s3:/, '');
	return pattern.endsWith(':*') ? eventName.startsWith(pattern.slice(0, -1)) : pattern === eventName;
};

const rulesOf = (configuration: LambdaFunctionConfiguration) => configuration.Filter?.Key?.FilterRules ?? [];

/**
Whether a key passes a configuration's prefix and suffix rules (none: every key does). S3 compares the key as stored, before any encoding, case-sensitively.
*/
export const keyMatches = (configuration: LambdaFunctionConfiguration, key: string) => rulesOf(configuration).every(rule => {
	const value = rule.Value ?? '';
	return rule.Name?.toLowerCase() === 'prefix' ? key.startsWith(value) : key.endsWith(value);
});

/**
The configurations of a bucket that an event on a key goes to.
*/
export const matchingConfigurations = (configuration: NotificationConfiguration, eventName: string, key: string) =>
	(configuration.LambdaFunctionConfigurations ?? []).filter(item => item.Events.some(event => eventMatches(event, eventName)) && keyMatches(item, key));

const overlaps = (a: LambdaFunctionConfiguration, b: LambdaFunctionConfiguration) => {
	const eventsOverlap = a.Events.some(x => b.Events.some(y => eventMatches(x, y.replace(/^s3:/, '')) || eventMatches(y, x.replace(/^s3:/, ''))));
	const value = (item: LambdaFunctionConfiguration, name: string) => rulesOf(item).find(rule => rule.Name?.toLowerCase() === name)?.Value ?? '';
	const prefixes = [value(a, 'prefix'), value(b, 'prefix')];
	const suffixes = [value(a, 'suffix'), value(b, 'suffix')];
	return eventsOverlap && (prefixes[0]!.startsWith(prefixes[1]!) || prefixes[1]!.startsWith(prefixes[0]!))
		&& (suffixes[0]!.endsWith(suffixes[1]!) || suffixes[1]!.endsWith(suffixes[0]!));
};

/**
Check a notification configuration as S3 does before it looks at destinations (event types, filter rules, overlapping configurations, repeated ids), and give each Lambda configuration an `Id` where it has none, as S3 does. Returns the configuration to keep.
*/
export const normalizeNotificationConfiguration = (configuration: NotificationConfiguration): NotificationConfiguration => {
	if ((configuration.QueueConfigurations?.length ?? 0) > 0 || (configuration.TopicConfigurations?.length ?? 0) > 0) {
		throw invalidArgument('lambdeck delivers bucket notifications only to Lambda functions; remove the queue and topic configurations.');
	}

	const items = (configuration.LambdaFunctionConfigurations ?? []).map(item => {
		for (const event of item.Events) {
			if (!notificationEvents.has(event)) {
				throw invalidArgument('The event is not supported for notifications', {ArgumentName: 'Event', ArgumentValue: event});
			}
		}

		const names = rulesOf(item).map(rule => rule.Name?.toLowerCase());
		for (const [index, name] of names.entries()) {
			if (name !== 'prefix' && name !== 'suffix') {
				throw invalidArgument('filter rule name must be either prefix or suffix', {ArgumentName: 'FilterRule.Name', ArgumentValue: rulesOf(item)[index]!.Name ?? ''});
			}

			if (names.indexOf(name) !== index) {
				throw invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, {ArgumentName: 'FilterRule.Name', ArgumentValue: name});
			}
		}

		const {Id, ...rest} = item;
		return {Id: Id ?? Buffer.from(crypto.randomUUID()).toString('base64'), ...rest};
	});
	for (const [index, item] of items.entries()) {
		if (items.slice(0, index).some(other => other.Id === item.Id)) {
			throw invalidArgument('Same ID used for multiple configurations. IDs must be unique', {ArgumentName: 'id', ArgumentValue: item.Id});
		}

		if (items.slice(0, index).some(other => overlaps(other, item))) {
			throw invalidArgument('Configurations overlap. Configurations on the same bucket cannot share a common event type.', {ArgumentName: 'Event', ArgumentValue: item.Events.join(', ')});
		}
	}

	return items.length > 0 ? {LambdaFunctionConfigurations: items} : {};
};

/**
A key as S3 writes it into an event record: URL-encoded as a form value (a space is `+`, `@` is `%40`), with `/` left as it is.
*/
export const encodeEventKey = (key: string) => encodeURIComponent(key)
	.replaceAll(/[!'()~]/g, character => `%${character.codePointAt(0)!.toString(16).toUpperCase()}`)
	.replaceAll('%20', '+')
	.replaceAll('%2F', '/');

/**
S3's sequencers for one bucket: hex strings that grow with each event, also across restarts (they start from the clock).
*/
export class Sequencer {
	#last = 0n;

	/**
	The next sequencer at a time in epoch milliseconds.
	*/
	next(nowMs: number) {
		const candidate = BigInt(nowMs) << 20n;
		this.#last = candidate > this.#last ? candidate : this.#last + 1n;
		return this.#last.toString(16).toUpperCase().padStart(18, '0');
	}
}

/**
What happened to an object, for its event record.
*/
export type ObjectEvent = {
	eventName: 'ObjectCreated:Put' | 'ObjectRemoved:Delete';
	bucket: string;
	key: string;
	/** Created objects only. */
	size?: number;
	/** Created objects only: the hex MD5 of the content. */
	eTag?: string;
	sequencer: string;
	time: Date;
};

/**
Who did it and where, as the record names them.
*/
export type RecordContext = {region: string; accountId: string; configurationId: string};

const principalOf = (accountId: string) => createHash('sha256').update(accountId).digest('hex').slice(0, 13).toUpperCase();

/**
The S3 event record of an object event for one notification configuration, in AWS's shape and key order (eventVersion 2.1; size and eTag only on created objects).
*/
export const s3EventRecord = (event: ObjectEvent, context: RecordContext) => ({
	eventVersion: '2.1',
	eventSource: 'aws:s3',
	awsRegion: context.region,
	eventTime: event.time.toISOString(),
	eventName: event.eventName,
	userIdentity: {principalId: `AWS:AIDA${principalOf(context.accountId)}`},
	requestParameters: {sourceIPAddress: '127.0.0.1'},
	responseElements: {
		'x-amz-request-id': createHash('md5').update(event.sequencer).digest('hex').slice(0, 16).toUpperCase(),
		'x-amz-id-2': createHash('sha256').update(event.sequencer).digest('base64'),
	},
	s3: {
		s3SchemaVersion: '1.0',
		configurationId: context.configurationId,
		bucket: {name: event.bucket, ownerIdentity: {principalId: `A${principalOf(context.accountId)}`}, arn: `arn:aws:s3:::${event.bucket}`},
		object: {
			key: encodeEventKey(event.key),
			...(event.eventName.startsWith('ObjectCreated') ? {size: event.size, eTag: event.eTag} : {}),
			sequencer: event.sequencer,
		},
	},
});

/**
The header that carries lambdeck's `create-bucket --path` over the S3 API: the existing folder a bucket is made on (URI-encoded).
*/
export const bucketPathHeader = 'x-lambdeck-bucket-path';

/**
A bucket and where its notifications go, as a client lists them for the console.
*/
export type BucketNotifications = {
	Bucket: string;
	CreationDate?: string;
	LambdaFunctionConfigurations: LambdaFunctionConfiguration[];
};

/**
A bucket notification that invokes a function: "S3 bucket B -> this function" on its Triggers tab.
*/
export type BucketTrigger = LambdaFunctionConfiguration & {Bucket: string};

/**
The notifications among some buckets' that invoke a function, given by name or ARN: the function itself, or one of its versions or aliases (the configuration's ARN says which).
*/
export const bucketTriggersOf = (buckets: BucketNotifications[], functionName: string): BucketTrigger[] => {
	const name = functionName.startsWith('arn:') ? functionName.split(':')[6] : functionName;
	return buckets.flatMap(bucket => bucket.LambdaFunctionConfigurations
		.filter(configuration => configuration.LambdaFunctionArn.split(':')[6] === name)
		.map(configuration => ({Bucket: bucket.Bucket, ...configuration})));
};
