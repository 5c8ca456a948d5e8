import {randomUUID} from 'node:crypto';
import {invalidParameterFor, invalidParameterValue, missingParameter} from '../../core/sqs-errors.js';
import type {StoreOp} from '../../store/durable-store.js';
import {md5Hex, md5OfAttributes, type MessageAttributeValue, type SqsMessage} from './message.js';
import type {Queue} from './queue.js';

/**
SendMessage's input, one message of it.
*/
export type SendInput = {
	QueueUrl: string;
	MessageBody?: string;
	DelaySeconds?: number;
	MessageAttributes?: Record<string, MessageAttributeValue>;
	MessageSystemAttributes?: Record<string, MessageAttributeValue>;
	MessageDeduplicationId?: string;
	MessageGroupId?: string;
};

const idPattern = /^[\x21-\x7E]{1,128}$/;
const dedupWindowMs = 300_000;

/**
The statement that stores a message in a queue (or moves it there).
*/
export const insertMessage = (queue: string, message: SqsMessage): StoreOp => ({
	sql: 'INSERT OR REPLACE INTO sqs_messages (id, queue, seq, body, message_attributes, system_attributes, sent_at, group_id, dedup_id, receive_count, first_receive_at, visible_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
	params: [message.id, queue, message.seq, message.body, JSON.stringify(message.messageAttributes), JSON.stringify(message.systemAttributes), message.sentAt, message.groupId ?? null, message.dedupId ?? null, message.receiveCount, message.firstReceiveAt ?? null, message.visibleAt],
});

/**
Check a message to send as SQS does (body, attributes, size, delay, FIFO group and deduplication ids) and make it, or find the message a FIFO deduplication id already named in the last 5 minutes (`duplicate`).
*/
export const prepareMessage = (queue: Queue, input: SendInput, now: number, nextSeq: () => number) => {
	if (input.MessageBody === undefined) {
		throw missingParameter('MessageBody');
	}

	const body = input.MessageBody;
	const attributes = input.MessageAttributes ?? {};
	for (const [name, value] of Object.entries(attributes)) {
		const binary = value.DataType.startsWith('Binary');
		if (binary ? !value.BinaryValue : !value.StringValue) {
			throw invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${binary ? 'Binary' : 'String'}'.`);
		}
	}

	const size = Buffer.byteLength(body) + Object.entries(attributes).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.DataType) + Buffer.byteLength(value.StringValue ?? value.BinaryValue ?? ''), 0);
	const maxSize = queue.number('MaximumMessageSize');
	if (size > maxSize) {
		throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${maxSize} bytes.`);
	}

	if (body.length === 0) {
		throw missingParameter('MessageBody');
	}

	let delay = input.DelaySeconds ?? queue.number('DelaySeconds');
	if (queue.fifo) {
		if (input.DelaySeconds !== undefined && input.DelaySeconds !== 0) {
			throw invalidParameterFor('DelaySeconds', input.DelaySeconds, 'The request include parameter that is not valid for this queue type.');
		}

		delay = queue.number('DelaySeconds');
		if (input.MessageGroupId === undefined) {
			throw missingParameter('MessageGroupId');
		}

		for (const [name, value] of [['MessageGroupId', input.MessageGroupId], ['MessageDeduplicationId', input.MessageDeduplicationId]] as const) {
			if (value !== undefined && !idPattern.test(value)) {
				throw invalidParameterFor(name, value, `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
			}
		}
	} else if (delay < 0 || delay > 900) {
		throw invalidParameterFor('DelaySeconds', delay, 'Must be >= 0 and <= 900, if provided.');
	}

	let dedupId = input.MessageDeduplicationId;
	if (queue.fifo && dedupId === undefined) {
		if (queue.attributes.ContentBasedDeduplication !== 'true') {
			throw invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
		}

		dedupId = md5Hex(body);
	}

	const trace = input.MessageSystemAttributes?.AWSTraceHeader?.StringValue;
	const message: SqsMessage = {
		id: randomUUID(),
		seq: nextSeq(),
		body,
		md5OfBody: md5Hex(body),
		messageAttributes: attributes,
		md5OfMessageAttributes: md5OfAttributes(attributes),
		systemAttributes: trace ? {AWSTraceHeader: trace} : {},
		sentAt: now,
		groupId: queue.fifo ? input.MessageGroupId : undefined,
		dedupId: queue.fifo ? dedupId : undefined,
		receiveCount: 0,
		visibleAt: now + (delay * 1000),
	};
	if (queue.fifo && dedupId !== undefined) {
		const key = queue.attributes.DeduplicationScope === 'messageGroup' ? `${input.MessageGroupId}\n${dedupId}` : dedupId;
		const seen = queue.deduplication.get(key);
		if (seen && seen.until > now) {
			return {message: {...message, id: seen.messageId}, duplicate: true};
		}

		queue.deduplication.set(key, {messageId: message.id, until: now + dedupWindowMs});
	}

	return {message, duplicate: false};
};
