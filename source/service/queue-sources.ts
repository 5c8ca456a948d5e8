import type {SqsMessage} from './sqs/message.js';
import type {Queue} from './sqs/queue.js';
import type {SqsService} from './sqs/sqs-service.js';

/**
A message as Lambda's SQS event record has it, keys in AWS's order.
*/
export type SqsEventRecord = {
	messageId: string;
	receiptHandle: string;
	body: string;
	attributes: Record<string, string>;
	messageAttributes: Record<string, {stringValue?: string; binaryValue?: string; stringListValues: string[]; binaryListValues: string[]; dataType: string}>;
	md5OfMessageAttributes: string | null;
	md5OfBody: string;
	eventSource: 'aws:sqs';
	eventSourceARN: string;
	awsRegion: string;
};

/**
A message an event source mapping has received: its record, and what its source needs to delete it.
*/
export type ReceivedRecord = {id: string; record: SqsEventRecord; handle: unknown};

/**
Where an event source mapping's pollers take messages from: one of lambdeck's own queues, or a queue on a real SQS endpoint. Messages stay hidden for the queue's visibility timeout after a receive.
*/
export type QueueSource = {
	readonly arn: string;
	readonly fifo: boolean;
	/** Take up to `max` messages, waiting up to `waitMs` for the first. */
	receive(max: number, waitMs: number): Promise<ReceivedRecord[]>;
	/** Delete messages the function has handled (or the filters dropped). */
	delete(messages: ReceivedRecord[]): Promise<void>;
	/** End a receive that is waiting, so a stopping poller need not wait for it. */
	wake(): void;
};

/**
A message attribute in the record's lower-case shape, binary values base64.
*/
export const recordAttribute = (value: {DataType?: string; StringValue?: string; BinaryValue?: string; StringListValues?: string[]; BinaryListValues?: string[]}) => ({
	...(value.StringValue === undefined ? {} : {stringValue: value.StringValue}),
	...(value.BinaryValue === undefined ? {} : {binaryValue: value.BinaryValue}),
	stringListValues: value.StringListValues ?? [],
	binaryListValues: value.BinaryListValues ?? [],
	dataType: value.DataType ?? 'String',
});

/**
The record of one of lambdeck's own messages.
*/
export const localRecord = (sqs: SqsService, queue: Queue, message: SqsMessage, region: string): SqsEventRecord => ({
	messageId: message.id,
	receiptHandle: message.receipt!,
	body: message.body,
	attributes: sqs.systemAttributes(queue, message),
	messageAttributes: Object.fromEntries(Object.entries(message.messageAttributes).map(([name, value]) => [name, recordAttribute(value)])),
	md5OfMessageAttributes: message.md5OfMessageAttributes ?? null,
	md5OfBody: message.md5OfBody,
	eventSource: 'aws:sqs',
	eventSourceARN: queue.arn,
	awsRegion: region,
});

/**
One of lambdeck's own queues as a mapping's source, or undefined while no queue has that ARN (it may be created later). The queue is looked up on every receive, so a queue deleted and created again is followed.
*/
export const localQueueSource = (sqs: SqsService, arn: string, region: string): QueueSource | undefined => {
	const queue = sqs.queueByArn(arn);
	if (!queue) {
		return undefined;
	}

	return {
		arn,
		fifo: queue.fifo,
		async receive(max, waitMs) {
			const messages = await sqs.receive(queue, max, queue.number('VisibilityTimeout') * 1000, waitMs);
			return messages.map(message => ({id: message.id, record: localRecord(sqs, queue, message, region), handle: message}));
		},
		async delete(messages) {
			await sqs.deleteReceived(queue, messages.map(({handle}) => handle as SqsMessage));
		},
		wake() {
			queue.wake();
		},
	};
};
