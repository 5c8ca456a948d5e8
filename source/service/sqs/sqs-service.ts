import {randomUUID} from 'node:crypto';
import {queueDoesNotExist} from '../../core/sqs-errors.js';
import type {StoreOp} from '../../store/durable-store.js';
import {sendBatch, type BatchResult} from './batches.js';
import type {MessageAttributeValue, SqsMessage} from './message.js';
import {MessageMoves} from './message-moves.js';
import {SqsQueues, type SqsServiceContext} from './queue-admin.js';
import type {Queue} from './queue.js';
import {changeVisibility, deleteByReceipt} from './receipts.js';
import {describeMessage, receiveLimits, systemAttributesOf, takeMessages, type ReceiveContext, type ReceiveInput} from './receiving.js';
import {insertMessage, prepareMessage, type SendInput} from './sending.js';
import {loadQueues} from './stored.js';

export {sqsSchema} from './stored.js';
export type {ReceivedMessage} from './receiving.js';
export type {SqsServiceContext} from './queue-admin.js';

/**
lambdeck's queues, shaped like SQS: standard and FIFO queues whose messages are on disk before a send is answered, with visibility timeouts, delays, long polling, retention and redrive to a dead-letter queue.
*/
export class SqsService extends SqsQueues {
	/** StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: redrive from a dead-letter queue. */
	readonly moves: MessageMoves;
	readonly #receiving: ReceiveContext;
	#seq = 0;

	constructor(context: SqsServiceContext) {
		super(context);
		this.moves = new MessageMoves({
			clock: context.clock,
			queues: () => this.queues(),
			queueByArn: arn => this.queueByArn(arn),
			take: async queue => (await this.receive(queue, 1, 30_000, 0))[0],
			send: async (queue, {body, messageAttributes, groupId, dedupId}) => {
				await this.sendMessage({QueueUrl: this.urlOf(queue.name), MessageBody: body, MessageAttributes: messageAttributes, ...(queue.fifo ? {MessageGroupId: groupId ?? 'redrive', MessageDeduplicationId: dedupId ?? randomUUID()} : {})});
			},
			remove: async (queue, message) => this.deleteReceived(queue, [message]),
		});
		this.#receiving = {
			clock: context.clock,
			write: ops => {
				void this.#write(ops);
			},
			redrive: (queue, message) => this.#redrive(queue, message),
			gone: queue => this.closed || !this.byName.has(queue.name),
		};
	}

	/**
	Load the stored queues and messages.
	*/
	async load() {
		const {queues, seq} = await loadQueues(this.context.store, name => this.arnOf(name));
		for (const [name, queue] of queues) {
			this.byName.set(name, queue);
		}

		this.#seq = Math.max(this.#seq, seq);
	}

	async sendMessage(input: SendInput) {
		const queue = this.queueOf(input.QueueUrl);
		const {message, duplicate} = prepareMessage(queue, input, this.context.clock.now(), () => ++this.#seq);
		if (!duplicate) {
			await this.context.store.write(insertMessage(queue.name, message));
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
					const {message, duplicate} = prepareMessage(queue, {...entry, QueueUrl: input.QueueUrl}, this.context.clock.now(), () => ++this.#seq);
					if (!duplicate) {
						ops.push(insertMessage(queue.name, message));
						added.push(message);
					}

					prepared.push({Id: entry.Id, ok: {MessageId: message.id, MD5OfMessageBody: message.md5OfBody, ...(message.md5OfMessageAttributes ? {MD5OfMessageAttributes: message.md5OfMessageAttributes} : {}), ...(queue.fifo ? {SequenceNumber: String(message.seq).padStart(20, '0')} : {})}});
				} catch (error) {
					prepared.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.context.store.write(ops);
			for (const message of added) {
				this.#add(queue, message);
			}

			return prepared;
		});
	}

	/**
	ReceiveMessage: up to MaxNumberOfMessages (1-10) visible messages, waiting up to WaitTimeSeconds for one when there are none.
	*/
	async receiveMessage(input: ReceiveInput) {
		const queue = this.queueOf(input.QueueUrl);
		const {max, waitMs, visibilityMs} = receiveLimits(queue, input);
		const messages = await this.receive(queue, max, visibilityMs, waitMs);
		const attributeNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
		const messageAttributeNames = input.MessageAttributeNames ?? [];
		return messages.length === 0 ? {} : {Messages: messages.map(message => this.describe(queue, message, attributeNames, messageAttributeNames))};
	}

	/**
	Take messages from a queue as a receive does, waiting up to `waitMs` for the first; what event source mappings poll with.
	*/
	async receive(queue: Queue, max: number, visibilityMs: number, waitMs: number): Promise<SqsMessage[]> {
		return takeMessages(this.#receiving, queue, max, visibilityMs, waitMs);
	}

	/**
	A message as ReceiveMessage shows it, with the system attributes and message attributes asked for.
	*/
	describe(queue: Queue, message: SqsMessage, attributeNames: string[], messageAttributeNames: string[]) {
		return describeMessage(this.context.account.accountId, queue, message, attributeNames, messageAttributeNames);
	}

	/**
	Every system attribute of a message, in the order Lambda's SQS records list them.
	*/
	systemAttributes(queue: Queue, message: SqsMessage): Record<string, string> {
		return systemAttributesOf(this.context.account.accountId, queue, message);
	}

	async deleteMessage(input: {QueueUrl: string; ReceiptHandle: string}) {
		const queue = this.queueOf(input.QueueUrl);
		const op = deleteByReceipt(queue, input.ReceiptHandle);
		if (op) {
			await this.context.store.write(op);
		}
	}

	async deleteMessageBatch(input: {QueueUrl: string; Entries: Array<{Id: string; ReceiptHandle: string}>}) {
		const queue = this.queueOf(input.QueueUrl);
		return sendBatch(input.Entries, async entries => {
			const results: Array<BatchResult<Record<string, string>>> = [];
			const ops: StoreOp[] = [];
			for (const entry of entries) {
				try {
					const op = deleteByReceipt(queue, entry.ReceiptHandle);
					if (op) {
						ops.push(op);
					}

					results.push({Id: entry.Id, ok: {}});
				} catch (error) {
					results.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.context.store.write(ops);
			return results;
		});
	}

	async changeMessageVisibility(input: {QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number}) {
		const queue = this.queueOf(input.QueueUrl);
		await this.context.store.write(changeVisibility(queue, input.ReceiptHandle, input.VisibilityTimeout, this.context.clock.now()));
	}

	async changeMessageVisibilityBatch(input: {QueueUrl: string; Entries: Array<{Id: string; ReceiptHandle: string; VisibilityTimeout?: number}>}) {
		const queue = this.queueOf(input.QueueUrl);
		return sendBatch(input.Entries, async entries => {
			const results: Array<BatchResult<Record<string, string>>> = [];
			const ops: StoreOp[] = [];
			for (const entry of entries) {
				try {
					ops.push(changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0, this.context.clock.now()));
					results.push({Id: entry.Id, ok: {}});
				} catch (error) {
					results.push({Id: entry.Id, error: error as Error});
				}
			}

			await this.context.store.write(ops);
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

		return this.sendMessage({QueueUrl: this.urlOf(queue.name), MessageBody: body, MessageAttributes: messageAttributes, ...(queue.fifo ? {MessageGroupId: 'lambda', MessageDeduplicationId: randomUUID()} : {})});
	}

	/**
	Delete messages a poller has received, by their current receipt handles.
	*/
	async deleteReceived(queue: Queue, messages: SqsMessage[]) {
		const ops = messages.flatMap(message => (message.receipt ? deleteByReceipt(queue, message.receipt) : undefined) ?? []);
		await this.context.store.write(ops);
	}

	#add(queue: Queue, message: SqsMessage) {
		if (this.byName.get(queue.name) === queue) {
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
		message.visibleAt = this.context.clock.now();
		if (target.fifo && message.groupId === undefined) {
			message.groupId = 'redrive';
		}

		target.messages.set(message.id, message);
		void this.#write(insertMessage(target.name, message));
		target.wake();
		return true;
	}

	async #write(ops: StoreOp | StoreOp[]) {
		// Receive-side bookkeeping (counts, visibility, moves) is written in order with everything else, without holding the receive.
		await this.context.store.write(ops).catch(() => undefined);
	}
}
