import {invalidAttributeName, invalidAttributeValue} from '../../core/sqs-errors.js';
import {newReceipt, type SqsMessage} from './message.js';

/**
The attributes a queue has from its creation, as AWS records them.
*/
export const defaultQueueAttributes: Record<string, string> = {
	DelaySeconds: '0',
	MaximumMessageSize: '1048576',
	MessageRetentionPeriod: '345600',
	ReceiveMessageWaitTimeSeconds: '0',
	VisibilityTimeout: '30',
	SqsManagedSseEnabled: 'true',
};

const ranges: Record<string, [number, number]> = {
	DelaySeconds: [0, 900],
	MaximumMessageSize: [1024, 1_048_576],
	MessageRetentionPeriod: [60, 1_209_600],
	ReceiveMessageWaitTimeSeconds: [0, 20],
	VisibilityTimeout: [0, 43_200],
	KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const settable = new Set([...Object.keys(ranges), 'RedrivePolicy', 'RedriveAllowPolicy', 'Policy', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit', 'FifoQueue']);
const fifoOnly = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/**
Check attributes given to CreateQueue or SetQueueAttributes as SQS does, in its words.
*/
export const checkQueueAttributes = (attributes: Record<string, string>, fifo: boolean, creating: boolean) => {
	for (const [name, value] of Object.entries(attributes)) {
		if (!settable.has(name)) {
			throw invalidAttributeName(`Unknown Attribute ${name}.`);
		}

		if (name === 'FifoQueue') {
			if (!creating) {
				throw invalidAttributeValue(name, 'Modifying queue type is not supported.');
			}

			if (value !== 'true' && !(value === 'false' && !fifo)) {
				throw invalidAttributeName(`Unknown Attribute ${name}.`);
			}
		}

		if (fifoOnly.has(name) && !fifo) {
			throw invalidAttributeName(name === 'ContentBasedDeduplication' ? `Unknown Attribute ${name}.` : `You can specify the ${name} only when FifoQueue is set to true.`);
		}

		const range = ranges[name];
		if (range && (!/^\d+$/.test(value) || Number(value) < range[0] || Number(value) > range[1])) {
			throw invalidAttributeValue(name);
		}

		if (name === 'RedrivePolicy' && value !== '') {
			let policy: {deadLetterTargetArn?: unknown; maxReceiveCount?: unknown};
			try {
				policy = JSON.parse(value) as typeof policy;
			} catch {
				throw invalidAttributeValue(name, 'Redrive policy is not a valid JSON map.');
			}

			if (typeof policy.deadLetterTargetArn !== 'string' || !/^arn:[^:]+:sqs:/.test(policy.deadLetterTargetArn)) {
				throw invalidAttributeValue(name, 'Value deadLetterTargetArn must be an ARN of an SQS queue.');
			}

			const count = Number(policy.maxReceiveCount ?? 10);
			if (!Number.isInteger(count) || count < 1 || count > 1000) {
				throw invalidAttributeValue(name, `Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
			}
		}
	}
};

/**
One queue: its attributes and its messages in order of arrival, with SQS's rules for what a receive may take (visibility, delay, retention, FIFO message groups, redrive).
*/
export class Queue {
	readonly messages = new Map<string, SqsMessage>();
	/** Deduplication ids of the last 5 minutes (FIFO), to the message they named. */
	readonly deduplication = new Map<string, {messageId: string; until: number}>();
	readonly waiters = new Set<() => void>();
	lastPurgeAt = 0;

	constructor(
		readonly name: string,
		readonly arn: string,
		public attributes: Record<string, string>,
		public tags: Record<string, string>,
		readonly createdAt: number,
		public modifiedAt: number,
	) {}

	get fifo() {
		return this.attributes.FifoQueue === 'true';
	}

	number(name: string) {
		return Number(this.attributes[name] ?? defaultQueueAttributes[name] ?? 0);
	}

	/**
	The dead-letter queue and receive count of the redrive policy, if one is set.
	*/
	get redrive() {
		const text = this.attributes.RedrivePolicy;
		if (!text) {
			return undefined;
		}

		const policy = JSON.parse(text) as {deadLetterTargetArn: string; maxReceiveCount?: number | string};
		return {deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount ?? 10)};
	}

	/**
	Wake every long poll waiting on this queue.
	*/
	wake() {
		for (const waiter of [...this.waiters]) {
			waiter();
		}
	}

	/**
	Take up to `max` messages a receive may have now, marking them in flight for `visibilityMs`. Messages past their retention are dropped (`expired`), and those past the redrive policy's receive count are handed to `redrive` instead.
	*/
	take(max: number, visibilityMs: number, now: number, handlers: {expired: (message: SqsMessage) => void; redrive: (message: SqsMessage) => boolean}) {
		const taken: SqsMessage[] = [];
		const retentionMs = this.number('MessageRetentionPeriod') * 1000;
		const redrive = this.redrive;
		const blockedGroups = new Set<string>();
		const takenGroups = new Set<string>();
		for (const message of this.messages.values()) {
			if (taken.length >= max) {
				break;
			}

			if (message.sentAt + retentionMs <= now) {
				this.messages.delete(message.id);
				handlers.expired(message);
				continue;
			}

			const group = message.groupId;
			if (message.visibleAt > now) {
				if (group !== undefined) {
					// A message of a group in flight (or not yet visible) holds back the rest of its group.
					blockedGroups.add(group);
				}

				continue;
			}

			if (group !== undefined && blockedGroups.has(group) && !takenGroups.has(group)) {
				continue;
			}

			if (redrive && message.receiveCount >= redrive.maxReceiveCount && handlers.redrive(message)) {
				this.messages.delete(message.id);
				continue;
			}

			message.receiveCount++;
			message.firstReceiveAt ??= now;
			message.visibleAt = now + visibilityMs;
			message.receipt = newReceipt(this.name, message.id);
			taken.push(message);
			if (group !== undefined) {
				takenGroups.add(group);
				blockedGroups.add(group);
			}
		}

		return taken;
	}

	/**
	ApproximateNumberOfMessages, ...NotVisible and ...Delayed now.
	*/
	counts(now: number) {
		let visible = 0;
		let inFlight = 0;
		let delayed = 0;
		for (const message of this.messages.values()) {
			if (message.visibleAt <= now) {
				visible++;
			} else if (message.receiveCount > 0) {
				inFlight++;
			} else {
				delayed++;
			}
		}

		return {visible, inFlight, delayed};
	}

	/**
	When the next message not visible now becomes visible, if any.
	*/
	nextVisibleAt(now: number) {
		let next: number | undefined;
		for (const message of this.messages.values()) {
			if (message.visibleAt > now && (next === undefined || message.visibleAt < next)) {
				next = message.visibleAt;
			}
		}

		return next;
	}
}
