import type {Account} from '../../core/arn.js';
import type {Clock} from '../../core/clock.js';
import {invalidParameterValue, queueDoesNotExist, sqsError} from '../../core/sqs-errors.js';
import type {DurableStore} from '../../store/durable-store.js';
import {checkQueueAttributes, defaultQueueAttributes, Queue} from './queue.js';
import {saveQueueOp} from './stored.js';

/**
What the queue service needs: the account, the clock, the durable store, and the URL a queue is reached at.
*/
export type SqsServiceContext = {
	account: Account;
	clock: Clock;
	store: DurableStore;
	queueUrl: (accountId: string, name: string) => string;
};

const queueNamePattern = /^[\w-]{1,80}$/;

/**
The queues themselves, as SQS manages them: create (with SQS's checks on names and attributes), find by URL, name or ARN, list, delete, purge, attributes and tags. `SqsService` adds their messages.
*/
export class SqsQueues {
	protected readonly context: SqsServiceContext;
	protected readonly byName = new Map<string, Queue>();
	protected closed = false;

	constructor(context: SqsServiceContext) {
		this.context = context;
	}

	arnOf(name: string) {
		return `arn:aws:sqs:${this.context.account.region}:${this.context.account.accountId}:${name}`;
	}

	/**
	The queue an ARN names, if it is one of ours.
	*/
	queueByArn(arn: string) {
		const name = arn.split(':')[5];
		const queue = name ? this.byName.get(name) : undefined;
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
		const existing = this.byName.get(name);
		const wanted = {...defaultQueueAttributes, ...(fifo ? {FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue'} : {}), ...attributes};
		if (existing) {
			for (const [key, value] of Object.entries(wanted)) {
				if (existing.attributes[key] !== value) {
					throw sqsError('QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name and a different value for attribute ${key}`);
				}
			}

			return {QueueUrl: this.urlOf(name)};
		}

		const now = this.context.clock.now();
		const queue = new Queue(name, this.arnOf(name), wanted, input.tags ?? {}, now, now);
		await this.#saveQueue(queue);
		this.byName.set(name, queue);
		return {QueueUrl: this.urlOf(name)};
	}

	getQueueUrl(input: {QueueName: string; QueueOwnerAWSAccountId?: string}) {
		if (!this.byName.has(input.QueueName) || (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== this.context.account.accountId)) {
			throw queueDoesNotExist();
		}

		return {QueueUrl: this.urlOf(input.QueueName)};
	}

	listQueues(input: {QueueNamePrefix?: string; MaxResults?: number; NextToken?: string}) {
		const names = [...this.byName.keys()].filter(name => !input.QueueNamePrefix || name.startsWith(input.QueueNamePrefix)).sort();
		if (input.MaxResults === undefined) {
			return names.length > 0 ? {QueueUrls: names.slice(0, 1000).map(name => this.urlOf(name))} : {};
		}

		const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString()) : 0;
		const page = names.slice(start, start + input.MaxResults);
		return {
			...(page.length > 0 ? {QueueUrls: page.map(name => this.urlOf(name))} : {}),
			...(start + input.MaxResults < names.length ? {NextToken: Buffer.from(String(start + input.MaxResults)).toString('base64')} : {}),
		};
	}

	async deleteQueue(input: {QueueUrl: string}) {
		const queue = this.queueOf(input.QueueUrl);
		this.byName.delete(queue.name);
		queue.wake();
		await this.context.store.write([{sql: 'DELETE FROM sqs_queues WHERE name = ?', params: [queue.name]}, {sql: 'DELETE FROM sqs_messages WHERE queue = ?', params: [queue.name]}]);
	}

	async purgeQueue(input: {QueueUrl: string}) {
		const queue = this.queueOf(input.QueueUrl);
		const now = this.context.clock.now();
		if (now - queue.lastPurgeAt < 60_000) {
			throw sqsError('PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`, {status: 403});
		}

		queue.lastPurgeAt = now;
		queue.messages.clear();
		await this.context.store.write({sql: 'DELETE FROM sqs_messages WHERE queue = ?', params: [queue.name]});
	}

	getQueueAttributes(input: {QueueUrl: string; AttributeNames?: string[]}) {
		const queue = this.queueOf(input.QueueUrl);
		const names = input.AttributeNames ?? [];
		const counts = queue.counts(this.context.clock.now());
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
		queue.modifiedAt = this.context.clock.now();
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

	/**
	The queue a QueueUrl names (its last path segment), or SQS's QueueDoesNotExist.
	*/
	queueOf(url: string): Queue {
		const parts = url.split('?')[0]!.split('/').filter(Boolean);
		const name = parts.at(-1);
		const account = parts.at(-2);
		const queue = name ? this.byName.get(name) : undefined;
		if (!queue || (account && /^\d{12}$/.test(account) && account !== this.context.account.accountId)) {
			throw queueDoesNotExist();
		}

		return queue;
	}

	queues() {
		return [...this.byName.values()];
	}

	/**
	Stop: every long poll answers now.
	*/
	close() {
		this.closed = true;
		for (const queue of this.byName.values()) {
			queue.wake();
		}
	}

	protected urlOf(name: string) {
		return this.context.queueUrl(this.context.account.accountId, name);
	}

	async #saveQueue(queue: Queue) {
		await this.context.store.write(saveQueueOp(queue));
	}
}
