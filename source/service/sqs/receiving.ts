import type {Clock, Timer} from '../../core/clock.js';
import {invalidParameterFor} from '../../core/sqs-errors.js';
import type {StoreOp} from '../../store/durable-store.js';
import {md5OfAttributes, type MessageAttributeValue, type SqsMessage} from './message.js';
import type {Queue} from './queue.js';

/**
A message as ReceiveMessage returns it.
*/
export type ReceivedMessage = {
	MessageId: string;
	ReceiptHandle: string;
	MD5OfBody: string;
	Body: string;
	Attributes?: Record<string, string>;
	MD5OfMessageAttributes?: string;
	MessageAttributes?: Record<string, MessageAttributeValue>;
};

/**
ReceiveMessage's input.
*/
export type ReceiveInput = {QueueUrl: string; AttributeNames?: string[]; MessageSystemAttributeNames?: string[]; MessageAttributeNames?: string[]; MaxNumberOfMessages?: number; VisibilityTimeout?: number; WaitTimeSeconds?: number};

/**
What receiving needs from the queue service.
*/
export type ReceiveContext = {
	clock: Clock;
	/** Record receive-side bookkeeping (counts, visibility, moves) in order with every other write, without holding the receive. */
	write: (ops: StoreOp | StoreOp[]) => void;
	/** Move a message past its maxReceiveCount to the queue's dead-letter queue; false when there is none. */
	redrive: (queue: Queue, message: SqsMessage) => boolean;
	/** Whether a waiting receive should give up: the service is closing or the queue was deleted. */
	gone: (queue: Queue) => boolean;
};

const wantsAttribute = (names: string[], name: string) => names.includes('All') || names.includes(name);
const wantsMessageAttribute = (names: string[], name: string) => names.some(pattern => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));

/**
ReceiveMessage's limits, checked as SQS checks them: how many messages, how long to wait, and for how long they become invisible (the queue's own settings unless given).
*/
export const receiveLimits = (queue: Queue, input: ReceiveInput) => {
	const max = input.MaxNumberOfMessages ?? 1;
	if (!Number.isInteger(max) || max < 1 || max > 10) {
		throw invalidParameterFor('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
	}

	const wait = input.WaitTimeSeconds ?? queue.number('ReceiveMessageWaitTimeSeconds');
	if (wait < 0 || wait > 20) {
		throw invalidParameterFor('WaitTimeSeconds', wait, 'Must be >= 0 and <= 20, if provided.');
	}

	const visibility = input.VisibilityTimeout ?? queue.number('VisibilityTimeout');
	if (visibility < 0 || visibility > 43_200) {
		throw invalidParameterFor('VisibilityTimeout', visibility, 'Must be >= 0 and <= 43200, if provided.');
	}

	return {max, waitMs: wait * 1000, visibilityMs: visibility * 1000};
};

/**
Take up to `max` visible messages from a queue, waiting up to `waitMs` for the first: expired ones are dropped and those past their receive count are redriven on the way.
*/
export const takeMessages = async (context: ReceiveContext, queue: Queue, max: number, visibilityMs: number, waitMs: number): Promise<SqsMessage[]> => {
	const deadline = context.clock.now() + waitMs;
	for (;;) {
		const now = context.clock.now();
		const taken = queue.take(max, visibilityMs, now, {
			expired: message => {
				context.write({sql: 'DELETE FROM sqs_messages WHERE id = ?', params: [message.id]});
			},
			redrive: message => context.redrive(queue, message),
		});
		if (taken.length > 0) {
			context.write(taken.map(message => ({sql: 'UPDATE sqs_messages SET receive_count = ?, first_receive_at = ?, visible_at = ? WHERE id = ?', params: [message.receiveCount, message.firstReceiveAt ?? null, message.visibleAt, message.id]})));
			return taken;
		}

		if (now >= deadline || context.gone(queue)) {
			return [];
		}

		const next = queue.nextVisibleAt(now);
		await new Promise<void>(resolve => {
			const timers: Timer[] = [];
			const done = () => {
				queue.waiters.delete(done);
				timers.pop()?.cancel();
				resolve();
			};

			queue.waiters.add(done);
			timers.push(context.clock.setTimer(done, Math.max(1, Math.min(deadline, next ?? deadline) - now), {unref: true}));
		});
	}
};

/**
Every system attribute of a message, in the order Lambda's SQS records list them.
*/
export const systemAttributesOf = (accountId: string, queue: Queue, message: SqsMessage): Record<string, string> => ({
	ApproximateReceiveCount: String(message.receiveCount),
	SentTimestamp: String(message.sentAt),
	...(queue.fifo ? {SequenceNumber: String(message.seq).padStart(20, '0'), MessageGroupId: message.groupId!} : {}),
	SenderId: accountId,
	...(queue.fifo && message.dedupId ? {MessageDeduplicationId: message.dedupId} : {}),
	ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
	...message.systemAttributes,
});

/**
A message as ReceiveMessage shows it, with the system attributes and message attributes asked for.
*/
export const describeMessage = (accountId: string, queue: Queue, message: SqsMessage, attributeNames: string[], messageAttributeNames: string[]): ReceivedMessage => {
	const system = systemAttributesOf(accountId, queue, message);
	const attributes = Object.fromEntries(Object.entries(system).filter(([name]) => wantsAttribute(attributeNames, name)));
	const chosen = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => wantsMessageAttribute(messageAttributeNames, name)));
	return {
		MessageId: message.id,
		ReceiptHandle: message.receipt!,
		MD5OfBody: message.md5OfBody,
		Body: message.body,
		...(Object.keys(attributes).length > 0 ? {Attributes: attributes} : {}),
		...(Object.keys(chosen).length > 0 ? {MD5OfMessageAttributes: md5OfAttributes(chosen), MessageAttributes: chosen} : {}),
	};
};
