import type {LambdeckClient} from '../../client/client.js';

/**
One queue as the Queues view lists it: its URL and name, the counts SQS approximates, whether it is FIFO, and the dead-letter queue its redrive policy names.
*/
export type QueueSummary = {
	url: string;
	name: string;
	arn?: string;
	available: number;
	inFlight: number;
	delayed: number;
	fifo: boolean;
	deadLetter?: string;
	maxReceiveCount?: number;
	attributes: Record<string, string>;
};

/**
A queue's name from its URL (`https://host/123456789012/orders` → `orders`).
*/
export const queueName = (url: string) => url.replace(/\/+$/, '').split('/').at(-1) ?? url;

/**
The name of the queue an ARN names (`arn:aws:sqs:us-east-1:123456789012:orders-dlq` → `orders-dlq`); anything else as it is.
*/
export const arnName = (arn: string) => arn.startsWith('arn:') ? arn.split(':').slice(5).join(':') : arn;

/**
What a queue's attributes (all of them, as GetQueueAttributes answers `All`) say for the Queues view.
*/
export const summarizeQueue = (url: string, attributes: Record<string, string>): QueueSummary => {
	let deadLetter: string | undefined;
	let maxReceiveCount: number | undefined;
	try {
		const redrive = JSON.parse(attributes.RedrivePolicy ?? '') as {deadLetterTargetArn?: string; maxReceiveCount?: number | string};
		deadLetter = redrive.deadLetterTargetArn;
		maxReceiveCount = redrive.maxReceiveCount === undefined ? undefined : Number(redrive.maxReceiveCount);
	} catch {}

	return {
		url,
		name: queueName(url),
		arn: attributes.QueueArn,
		available: Number(attributes.ApproximateNumberOfMessages ?? 0),
		inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
		delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
		fifo: attributes.FifoQueue === 'true' || url.endsWith('.fifo'),
		deadLetter,
		maxReceiveCount,
		attributes,
	};
};

/**
Every queue of the endpoint with its attributes, in name order, through the client's SQS calls (following NextToken).
*/
export const listQueueSummaries = async (client: LambdeckClient): Promise<QueueSummary[]> => {
	const urls: string[] = [];
	let token: string | undefined;
	do {
		const page = await client.callQueues!('ListQueues', {MaxResults: 1000, ...(token ? {NextToken: token} : {})});
		urls.push(...(page.QueueUrls as string[] | undefined ?? []));
		token = page.NextToken as string | undefined;
	} while (token);

	const summaries = await Promise.all(urls.map(async url => {
		const {Attributes = {}} = await client.callQueues!('GetQueueAttributes', {QueueUrl: url, AttributeNames: ['All']}) as {Attributes?: Record<string, string>};
		return summarizeQueue(url, Attributes);
	}));
	return summaries.sort((a, b) => a.name.localeCompare(b.name));
};

/**
One message as a peek shows it: id, body, how often it was received, when it was sent.
*/
export type PeekedMessage = {id: string; body: string; receiveCount: number; sentAt?: number; groupId?: string};

/**
Look at up to ten messages of a queue without hiding them: ReceiveMessage with VisibilityTimeout 0, so they stay available to everyone else. A receive still counts: each peek adds one to a message's ApproximateReceiveCount, which a redrive policy's maxReceiveCount counts too.
*/
export const peekMessages = async (client: LambdeckClient, url: string): Promise<PeekedMessage[]> => {
	const {Messages = []} = await client.callQueues!('ReceiveMessage', {
		QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, AttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
	}) as {Messages?: Array<{MessageId?: string; Body?: string; Attributes?: Record<string, string>}>};
	return Messages.map(message => ({
		id: message.MessageId ?? '',
		body: message.Body ?? '',
		receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
		sentAt: message.Attributes?.SentTimestamp ? Number(message.Attributes.SentTimestamp) : undefined,
		groupId: message.Attributes?.MessageGroupId,
	}));
};

/**
The SendMessage input for a body typed in the console: a FIFO queue needs a message group (`console`) and, without content-based deduplication, a deduplication id.
*/
export const sendInput = (queue: Pick<QueueSummary, 'url' | 'fifo' | 'attributes'>, body: string, now = Date.now()): Record<string, unknown> => ({
	QueueUrl: queue.url,
	MessageBody: body,
	...(queue.fifo ? {MessageGroupId: 'console', ...(queue.attributes.ContentBasedDeduplication === 'true' ? {} : {MessageDeduplicationId: `console-${now}`})} : {}),
});
