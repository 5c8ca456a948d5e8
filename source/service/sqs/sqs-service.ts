import {randomUUID} from 'node:crypto';
import type {Account} from '../../core/arn.js';
import type {Clock, Timer} from '../../core/clock.js';
import {invalidParameterFor, invalidParameterValue, queueDoesNotExist, sqsError} from '../../core/sqs-errors.js';
import type {DurableStore, StoreOp} from '../../store/durable-store.js';
import {md5Hex, md5OfAttributes, parseReceipt, type MessageAttributeValue, type SqsMessage} from './message.js';
import {checkQueueAttributes, defaultQueueAttributes, Queue} from './queue.js';
import {sendBatch, type BatchResult} from './batches.js';
import {insertMessage, prepareMessage, type SendInput} from './sending.js';
import {MessageMoves} from './message-moves.js';

/**
The tables queues and their messages live in.
*/
export const sqsSchema = `CREATE TABLE IF NOT EXISTS sqs_queues (name TEXT PRIMARY KEY, attributes TEXT NOT NULL, tags TEXT NOT NULL, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sqs_messages (id TEXT PRIMARY KEY, queue TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, message_attributes TEXT NOT NULL, system_attributes TEXT NOT NULL, sent_at INTEGER NOT NULL, group_id TEXT, dedup_id TEXT, receive_count INTEGER NOT NULL, first_receive_at INTEGER, visible_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sqs_messages_queue ON sqs_messages (queue, seq);`;

/**
What the queue service needs: the account, the clock, the durable store, and the URL a queue is reached at.
*/
export type SqsServiceContext = {
	account: Account;
	clock: Clock;
	store: DurableStore;
	queueUrl: (accountId: string, name: string) => string;
};

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

const queueNamePattern = /^[\w-]{1,80}$/;

const wantsAttribute = (names: string[], name: string) => names.includes('All') || names.includes(name);
const wantsMessageAttribute = (names: string[], name: string) => names.some(pattern => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));

/**
lambdeck's queues, shaped like SQS: standard and FIFO queues whose messages are on disk before a send is answered, with visibility timeouts, delays, long polling, retention and redrive to a dead-letter queue.
*/
export class SqsService {
	readonly #context: SqsServiceContext;
	readonly #queues = new Map<string, Queue>();
	/** StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: redrive from a dead-letter queue. */
	readonly moves: MessageMoves;
	#seq = 0;
	#closed = false;

	constructor(context: SqsServiceContext) {
		this.#context = context;
		this.moves = new MessageMoves({
			clock: context.clock,
			queues: () => this.queues(),
			queueByArn: arn => this.queueByArn(arn),
			take: async queue => (await this.receive(queue, 1, 30_000, 0))[0],
			send: async (queue, {body, messageAttributes, groupId, dedupId}) => {
				await this.sendMessage({QueueUrl: this.#urlOf(queue.name), MessageBody: body, MessageAttributes: messageAttributes, ...(queue.fifo ? {MessageGroupId: groupId ?? 'redrive', MessageDeduplicationId: dedupId ?? randomUUID()} : {})});
			},
			remove: async (queue, message) => this.deleteReceived(queue, [message]),
		});
	}

	/**
	Load the stored queues and messages.
	*/
	async load() {
		type QueueRow = {name: string; attributes: string; tags: string; created_at: number; modified_at: number};
		type MessageRow = {id: string; queue: string; seq: number; body: string; message_attributes: string; system_attributes: string; sent_at: number; group_id: string | null; dedup_id: string | null; receive_count: number; first_receive_at: number | null; visible_at: number};
		for (const row of await this.#context.store.read<QueueRow>('SELECT * FROM sqs_queues')) {
			this.#queues.set(row.name, new Queue(row.name, this.arnOf(row.name), JSON.parse(row.attributes) as Record<string, string>, JSON.parse(row.tags) as Record<string, string>, row.created_at, row.modified_at));
		}

		for (const row of await this.#context.store.read<MessageRow>('SELECT * FROM sqs_messages ORDER BY seq')) {
			const messageAttributes = JSON.parse(row.message_attributes) as Record<string, MessageAttributeValue>;
			this.#queues.get(row.queue)?.messages.set(row.id, {
				id: row.id,
				seq: row.seq,
				body: row.body,
				md5OfBody: md5Hex(row.body),
				messageAttributes,
				md5OfMessageAttributes: md5OfAttributes(messageAttributes),
				systemAttributes: JSON.parse(row.system_attributes) as Record<string, string>,
				sentAt: row.sent_at,
				groupId: row.group_id ?? undefined,
				dedupId: row.dedup_id ?? undefined,
				receiveCount: row.receive_count,
				firstReceiveAt: row.first_receive_at ?? undefined,
				visibleAt: row.visible_at,
			});
			this.#seq = Math.max(this.#seq, row.seq);
		}
	}

	arnOf(name: string) {
		return `arn:aws:sqs:${this.#context.account.region}:${this.#context.account.accountId}:${name}`;
	}

	/**
	The queue an ARN names, if it is one of ours.
	*/
	queueByArn(arn: string) {
		const name = arn.split(':')[5];
		const queue = name ? this.#queues.get(name) : undefined;
		return queue?.arn === arn ? queue : undefined;
	}

	async createQueue(input: {QueueName: string; Attributes?: Record<string, string>; tags?: Record<string, string>}) {
		const name = input.QueueName;
		const attributes = input.Attributes ?? {};
		const fifo = attributes.FifoQueue === 'true';
		if (!queueNamePattern.test(name.replace(/\.fifo$/, '')) || (fifo !== name.endsWith('.fifo'))) {
			throw invalidParameterValue(fifo || name.endsWith('.fifo') ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.' : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
		}

		checkQueueAttributes(attributes, fifo, true);
		const existing = this.#queues.get(name);
		const wanted = {...defaultQueueAttributes, ...(fifo ? {FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue'} : {}), ...attributes};
		if (existing) {
			for (const [key, value] of Object.entries(wanted)) {
				if (existing.attributes[key] !== value) {
					throw sqsError('QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name and a different value for attribute ${key}`);
				}
			}

			return {QueueUrl: this.#urlOf(name)};
		}

		const now = this.#context.clock.now();
		const queue = new Queue(name, this.arnOf(name), wanted, input.tags ?? {}, now, now);
		await this.#saveQueue(queue);
		this.#queues.set(name, queue);
		return {QueueUrl: this.#urlOf(name)};
	}

	getQueueUrl(input: {QueueName: string; QueueOwnerAWSAccountId?: string}) {
		if (!this.#queues.has(input.QueueName) || (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== this.#context.account.accountId)) {
			throw queueDoesNotExist();
		}

		return {QueueUrl: this.#urlOf(input.QueueName)};
	}

	listQueues(input: {QueueNamePrefix?: string; MaxResults?: number; NextToken?: string}) {
		const names = [...this.#queues.keys()].filter(name => !input.QueueNamePrefix || name.startsWith(input.QueueNamePrefix)).sort();
		if (input.MaxResults === undefined) {
			return names.length > 0 ? {QueueUrls: names.slice(0, 1000).map(name => this.#urlOf(name))} : {};
		}

		const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString()) : 0;
		const page = names.slice(start, start + input.MaxResults);
		return {
			...(page.length > 0 ? {QueueUrls: page.map(name => this.#urlOf(name))} : {}),
			...(start + input.MaxResults < names.length ? {NextToken: Buffer.from(String(start + input.MaxResults)).toString('base64')} : {}),
		};
	}

	async deleteQueue(input: {QueueUrl: string}) {
		const queue = this.queueOf(input.QueueUrl);
		this.#queues.delete(queue.name);
		queue.wake();
		await this.#context.store.write([{sql: 'DELETE FROM sqs_queues WHERE name = ?', params: [queue.name]}, {sql: 'DELETE FROM sqs_messages WHERE queue = ?', params: [queue.name]}]);
	}

	async purgeQueue(input: {QueueUrl: string}) {
		const queue = this.queueOf(input.QueueUrl);
		const now = this.#context.clock.now();
		if (now - queue.lastPurgeAt < 60_000) {
			throw sqsError('PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`, {status: 403});
		}

		queue.lastPurgeAt = now;
		queue.messages.clear();
		await this.#context.store.write({sql: 'DELETE FROM sqs_messages WHERE queue = ?', params: [queue.name]});
	}

	getQueueAttributes(input: {QueueUrl: string; AttributeNames?: string[]}) {
		const queue = this.queueOf(input.QueueUrl);
		const names = input.AttributeNames ?? [];
		const counts = queue.counts(this.#context.clock.now());
		const all: Record<string, string> = {
			...queue.attributes,
			QueueArn: queue.arn,
			ApproximateNumberOfMessages: String(counts.visible),
			ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
			ApproximateNumberOfMessagesDelayed: String(counts.delayed),
			CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
			LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
		};
		const chosen = Object.fromEntries(Object.entries(all).filter(([name]) => names.includes('All') || names.includes(name)).sort(([a], [b]) => a.localeCompare(b)));
		return Object.keys(chosen).length > 0 ? {Attributes: chosen} : {};
	}

	async setQueueAttributes(input: {QueueUrl: string; Attributes: Record<string, string>}) {
		const queue = this.queueOf(input.QueueUrl);
		checkQueueAttributes(input.Attributes, queue.fifo, false);
		const attributes = {...queue.attributes, ...input.Attributes};
		if (attributes.RedrivePolicy === '') {
			delete attributes.RedrivePolicy;
		}

		queue.attributes = attributes;
		queue.modifiedAt = this.#context.clock.now();
		await this.#saveQueue(queue);
		queue.wake();
	}

	async tagQueue(input: {QueueUrl: string; Tags: Record<string, string>}) {
		const queue = this.queueOf(input.QueueUrl);
		queue.tags = {...queue.tags, ...input.Tags};
		await this.#saveQueue(queue);
	}

	async untagQueue(input: {QueueUrl: string; TagKeys: string[]}) {
		const queue = this.queueOf(input.QueueUrl);
		queue.tags = Object.fromEntries(Object.entries(queue.tags).filter(([key]) => !input.TagKeys.includes(key)));
		await this.#saveQueue(queue);
	}

	listQueueTags(input: {QueueUrl: string}) {
		const {tags} = this.queueOf(input.QueueUrl);
		return Object.keys(tags).length > 0 ? {Tags: tags} : {};
	}

	async sendMessage(input: SendInput) {
		const queue = this.queueOf(input.QueueUrl);
		const {message, duplicate} = prepareMessage(queue, input, this.#context.clock.now(), () => ++this.#seq);
		if (!duplicate) {
			await this.#context.store.write(insertMessage(queue.name, message));
			this.#add(queue, message);
		}

		return {
			MD5OfMessageBody: message.md5OfBody,
			...(message.md5OfMessageAttributes ? {MD5OfMessageAttributes: message.md5OfMessageAttributes} : {}),
			MessageId: message.id,
			...(queue.fifo ? {SequenceNumber: String(message.seq).padStart(20, '0')} : {}),
		};
	}

	async sendMessageBatch(input: {QueueUrl: string; Entries: Array<SendInput & {Id: string}>}) {
		const queue = this.queueOf(input.QueueUrl);
		return sendBatch(input.Entries, async entries => {
			const prepared: Array<BatchResult<Record<string, string>>> = [];
			const ops: StoreOp[] = [];
			const added: SqsMessage[] = [];
			for (const entry of entries) {
				try {
					const {message, duplicate} = prepareMessage(queue, {...entry, QueueUrl: input.QueueUrl}, this.#context.clock.now(), () => ++this.#seq);
					if (!duplicate) {
						ops.push(insertMessage(queue.name, message));
						added.push(message);
					}

					prepared.push({Id: entry.Id, ok: {MessageId: message.id, MD5OfMessageBody: message.md5OfBody, ...(message.md5OfMessageAttributes ? {MD5OfMessageAttributes: message.md5OfMessageAttributes} : {}), ...(queue.fifo ? {SequenceNumber: String(message.seq).padStart(20, '0')} : {})}});
				} catch (error) {
					prepared.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.#context.store.write(ops);
			for (const message of added) {
				this.#add(queue, message);
			}

			return prepared;
		});
	}

	/**
	ReceiveMessage: up to MaxNumberOfMessages (1-10) visible messages, waiting up to WaitTimeSeconds for one when there are none.
	*/
	async receiveMessage(input: {QueueUrl: string; AttributeNames?: string[]; MessageSystemAttributeNames?: string[]; MessageAttributeNames?: string[]; MaxNumberOfMessages?: number; VisibilityTimeout?: number; WaitTimeSeconds?: number}) {
		const queue = this.queueOf(input.QueueUrl);
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

		const messages = await this.receive(queue, max, visibility * 1000, wait * 1000);
		const attributeNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
		const messageAttributeNames = input.MessageAttributeNames ?? [];
		return messages.length === 0 ? {} : {Messages: messages.map(message => this.describe(queue, message, attributeNames, messageAttributeNames))};
	}

	/**
	Take messages from a queue as a receive does, waiting up to `waitMs` for the first; what event source mappings poll with.
	*/
	async receive(queue: Queue, max: number, visibilityMs: number, waitMs: number): Promise<SqsMessage[]> {
		const deadline = this.#context.clock.now() + waitMs;
		for (;;) {
			const now = this.#context.clock.now();
			const taken = queue.take(max, visibilityMs, now, {
				expired: message => {
					void this.#write({sql: 'DELETE FROM sqs_messages WHERE id = ?', params: [message.id]});
				},
				redrive: message => this.#redrive(queue, message),
			});
			if (taken.length > 0) {
				void this.#write(taken.map(message => ({sql: 'UPDATE sqs_messages SET receive_count = ?, first_receive_at = ?, visible_at = ? WHERE id = ?', params: [message.receiveCount, message.firstReceiveAt ?? null, message.visibleAt, message.id]})));
				return taken;
			}

			if (now >= deadline || this.#closed || !this.#queues.has(queue.name)) {
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
				timers.push(this.#context.clock.setTimer(done, Math.max(1, Math.min(deadline, next ?? deadline) - now), {unref: true}));
			});
		}
	}

	/**
	A message as ReceiveMessage shows it, with the system attributes and message attributes asked for.
	*/
	describe(queue: Queue, message: SqsMessage, attributeNames: string[], messageAttributeNames: string[]): ReceivedMessage {
		const system = this.systemAttributes(queue, message);
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
	}

	/**
	Every system attribute of a message, in the order Lambda's SQS records list them.
	*/
	systemAttributes(queue: Queue, message: SqsMessage): Record<string, string> {
		return {
			ApproximateReceiveCount: String(message.receiveCount),
			SentTimestamp: String(message.sentAt),
			...(queue.fifo ? {SequenceNumber: String(message.seq).padStart(20, '0'), MessageGroupId: message.groupId!} : {}),
			SenderId: this.#context.account.accountId,
			...(queue.fifo && message.dedupId ? {MessageDeduplicationId: message.dedupId} : {}),
			ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
			...message.systemAttributes,
		};
	}

	async deleteMessage(input: {QueueUrl: string; ReceiptHandle: string}) {
		const queue = this.queueOf(input.QueueUrl);
		const op = this.#deleteOp(queue, input.ReceiptHandle);
		if (op) {
			await this.#context.store.write(op);
		}
	}

	async deleteMessageBatch(input: {QueueUrl: string; Entries: Array<{Id: string; ReceiptHandle: string}>}) {
		const queue = this.queueOf(input.QueueUrl);
		return sendBatch(input.Entries, async entries => {
			const results: Array<BatchResult<Record<string, string>>> = [];
			const ops: StoreOp[] = [];
			for (const entry of entries) {
				try {
					const op = this.#deleteOp(queue, entry.ReceiptHandle);
					if (op) {
						ops.push(op);
					}

					results.push({Id: entry.Id, ok: {}});
				} catch (error) {
					results.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.#context.store.write(ops);
			return results;
		});
	}

	async changeMessageVisibility(input: {QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number}) {
		const queue = this.queueOf(input.QueueUrl);
		await this.#context.store.write(this.#visibilityOp(queue, input.ReceiptHandle, input.VisibilityTimeout));
	}

	async changeMessageVisibilityBatch(input: {QueueUrl: string; Entries: Array<{Id: string; ReceiptHandle: string; VisibilityTimeout?: number}>}) {
		const queue = this.queueOf(input.QueueUrl);
		return sendBatch(input.Entries, async entries => {
			const results: Array<BatchResult<Record<string, string>>> = [];
			const ops: StoreOp[] = [];
			for (const entry of entries) {
				try {
					ops.push(this.#visibilityOp(queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0));
					results.push({Id: entry.Id, ok: {}});
				} catch (error) {
					results.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.#context.store.write(ops);
			return results;
		});
	}

	/**
	Send a message to a queue named by its ARN, as Lambda does to a destination or dead-letter queue.
	*/
	async sendToArn(arn: string, body: string, messageAttributes?: Record<string, MessageAttributeValue>) {
		const queue = this.queueByArn(arn);
		if (!queue) {
			throw queueDoesNotExist();
		}

		return this.sendMessage({QueueUrl: this.#urlOf(queue.name), MessageBody: body, MessageAttributes: messageAttributes, ...(queue.fifo ? {MessageGroupId: 'lambda', MessageDeduplicationId: randomUUID()} : {})});
	}

	/**
	Delete messages a poller has received, by their current receipt handles.
	*/
	async deleteReceived(queue: Queue, messages: SqsMessage[]) {
		const ops = messages.flatMap(message => (message.receipt ? this.#deleteOp(queue, message.receipt) : undefined) ?? []);
		await this.#context.store.write(ops);
	}

	/**
	The queue a QueueUrl names (its last path segment), or SQS's QueueDoesNotExist.
	*/
	queueOf(url: string): Queue {
		const parts = url.split('?')[0]!.split('/').filter(Boolean);
		const name = parts.at(-1);
		const account = parts.at(-2);
		const queue = name ? this.#queues.get(name) : undefined;
		if (!queue || (account && /^\d{12}$/.test(account) && account !== this.#context.account.accountId)) {
			throw queueDoesNotExist();
		}

		return queue;
	}

	queues() {
		return [...this.#queues.values()];
	}

	/**
	Stop: every long poll answers now.
	*/
	close() {
		this.#closed = true;
		for (const queue of this.#queues.values()) {
			queue.wake();
		}
	}

	#urlOf(name: string) {
		return this.#context.queueUrl(this.#context.account.accountId, name);
	}

	#add(queue: Queue, message: SqsMessage) {
		if (this.#queues.get(queue.name) === queue) {
			queue.messages.set(message.id, message);
			queue.wake();
		}
	}

	#redrive(queue: Queue, message: SqsMessage) {
		const target = this.queueByArn(queue.redrive!.deadLetterTargetArn);
		if (!target) {
			return false;
		}

		message.systemAttributes = {...message.systemAttributes, DeadLetterQueueSourceArn: queue.arn};
		message.seq = ++this.#seq;
		message.visibleAt = this.#context.clock.now();
		if (target.fifo && message.groupId === undefined) {
			message.groupId = 'redrive';
		}

		target.messages.set(message.id, message);
		void this.#write(insertMessage(target.name, message));
		target.wake();
		return true;
	}

	#deleteOp(queue: Queue, handle: string): StoreOp | undefined {
		const receipt = parseReceipt(handle);
		if (!receipt || receipt.queueName !== queue.name) {
			throw sqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
		}

		const message = queue.messages.get(receipt.messageId);
		if (!message) {
			return undefined;
		}

		queue.messages.delete(message.id);
		queue.wake();
		return {sql: 'DELETE FROM sqs_messages WHERE id = ?', params: [message.id]};
	}

	#visibilityOp(queue: Queue, handle: string, seconds: number): StoreOp {
		const receipt = parseReceipt(handle);
		if (!receipt || receipt.queueName !== queue.name) {
			throw sqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
		}

		if (seconds < 0 || seconds > 43_200) {
			throw invalidParameterFor('VisibilityTimeout', seconds, 'VisibilityTimeout must be an integer between 0 and 43200');
		}

		const message = queue.messages.get(receipt.messageId);
		const now = this.#context.clock.now();
		if (!message || message.receipt !== handle) {
			throw invalidParameterFor('ReceiptHandle', handle, 'The receipt handle has expired.');
		}

		if (message.visibleAt <= now) {
			throw sqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
		}

		message.visibleAt = now + (seconds * 1000);
		if (seconds === 0) {
			queue.wake();
		}

		return {sql: 'UPDATE sqs_messages SET visible_at = ? WHERE id = ?', params: [message.visibleAt, message.id]};
	}

	async #saveQueue(queue: Queue) {
		await this.#context.store.write({sql: 'INSERT OR REPLACE INTO sqs_queues (name, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?)', params: [queue.name, JSON.stringify(queue.attributes), JSON.stringify(queue.tags), queue.createdAt, queue.modifiedAt]});
	}

	async #write(ops: StoreOp | StoreOp[]) {
		// Receive-side bookkeeping (counts, visibility, moves) is written in order with everything else, without holding the receive.
		await this.#context.store.write(ops).catch(() => undefined);
	}
}
