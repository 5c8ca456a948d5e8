import type {SQSClient} from '@aws-sdk/client-sqs';
import {isLoopback} from '../core/loopback.js';
import type {MessageAttributeValue} from './sqs/message.js';
import {recordAttribute, type QueueSource, type ReceivedRecord} from './queue-sources.js';

/** The order Lambda's record lists a message's system attributes in; others follow. */
const attributeOrder = ['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp'];

const ordered = (attributes: Record<string, string> = {}) => Object.fromEntries([
	...attributeOrder.flatMap(name => attributes[name] === undefined ? [] : [[name, attributes[name]!]]),
	...Object.entries(attributes).filter(([name]) => !attributeOrder.includes(name)),
]);

const base64 = (bytes: Uint8Array | undefined) => bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

/**
The parts of a queue ARN: `arn:aws:sqs:REGION:ACCOUNT:NAME`.
*/
export const parseQueueArn = (arn: string) => {
	const [, , , region = '', account = '', name = ''] = arn.split(':');
	return {region, account, name};
};

/**
Queues on a real SQS endpoint (AWS itself with `aws`, or ElasticMQ, LocalStack or another lambdeck by URL), for event source mappings and destinations whose queue ARN lambdeck does not own. Signed with the AWS SDK's credential chain; an endpoint on loopback that finds none gets placeholder credentials.

`close` ends the receives under way and lets the clients go.
*/
export class RemoteSqs {
	readonly #endpoint: string | undefined;
	readonly #clients = new Map<string, Promise<SQSClient>>();
	readonly #urls = new Map<string, Promise<string>>();
	readonly #aborts = new Set<AbortController>();
	readonly #sources = new Map<string, QueueSource>();

	/**
	@param endpoint - The endpoint's URL, or `aws` for AWS's own endpoint in each queue's region.
	*/
	constructor(endpoint: string) {
		this.#endpoint = endpoint === 'aws' ? undefined : endpoint;
	}

	/**
	Whether the endpoint has the queue; errors other than its absence are thrown.
	*/
	async exists(arn: string) {
		try {
			await this.#url(arn);
			return true;
		} catch (error) {
			if (/NonExistentQueue|QueueDoesNotExist/.test((error as {name?: string}).name ?? '')) {
				return false;
			}

			throw error;
		}
	}

	/**
	Send a message to a queue, as a destination or dead-letter queue gets one.
	*/
	async send(arn: string, body: string, attributes?: Record<string, MessageAttributeValue>) {
		const {SendMessageCommand} = await import('@aws-sdk/client-sqs');
		const fifo = arn.endsWith('.fifo');
		await (await this.#client(arn)).send(new SendMessageCommand({
			QueueUrl: await this.#url(arn),
			MessageBody: body,
			...(attributes ? {MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, {
				DataType: value.DataType,
				StringValue: value.StringValue,
				BinaryValue: value.BinaryValue === undefined ? undefined : Buffer.from(value.BinaryValue, 'base64'),
			}]))} : {}),
			...(fifo ? {MessageGroupId: 'lambda', MessageDeduplicationId: crypto.randomUUID()} : {}),
		}));
	}

	/**
	A queue of the endpoint as a mapping's source. Messages stay hidden for the queue's own visibility timeout, as Lambda's pollers leave it.
	*/
	source(arn: string): QueueSource {
		let source = this.#sources.get(arn);
		if (!source) {
			source = this.#newSource(arn);
			this.#sources.set(arn, source);
		}

		return source;
	}

	#newSource(arn: string): QueueSource {
		const {region} = parseQueueArn(arn);
		const waiting = new Set<AbortController>();
		return {
			arn,
			fifo: arn.endsWith('.fifo'),
			receive: async (max, waitMs) => {
				const {ReceiveMessageCommand} = await import('@aws-sdk/client-sqs');
				const abort = new AbortController();
				waiting.add(abort);
				this.#aborts.add(abort);
				try {
					const answer = await (await this.#client(arn)).send(new ReceiveMessageCommand({
						QueueUrl: await this.#url(arn),
						MaxNumberOfMessages: max,
						WaitTimeSeconds: Math.min(20, Math.floor(waitMs / 1000)),
						MessageSystemAttributeNames: ['All'],
						MessageAttributeNames: ['All'],
					}), {abortSignal: abort.signal});
					return (answer.Messages ?? []).map((message): ReceivedRecord => ({
						id: message.MessageId!,
						handle: message.ReceiptHandle,
						record: {
							messageId: message.MessageId!,
							receiptHandle: message.ReceiptHandle!,
							body: message.Body ?? '',
							attributes: ordered(message.Attributes),
							messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, recordAttribute({
								...value,
								BinaryValue: base64(value.BinaryValue),
								BinaryListValues: value.BinaryListValues?.map(item => base64(item)!),
							})])),
							md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
							md5OfBody: message.MD5OfBody!,
							eventSource: 'aws:sqs',
							eventSourceARN: arn,
							awsRegion: region,
						},
					}));
				} catch (error) {
					if (abort.signal.aborted) {
						return [];
					}

					throw error;
				} finally {
					waiting.delete(abort);
					this.#aborts.delete(abort);
				}
			},
			delete: async messages => {
				if (messages.length === 0) {
					return;
				}

				const {DeleteMessageBatchCommand} = await import('@aws-sdk/client-sqs');
				const client = await this.#client(arn);
				const url = await this.#url(arn);
				for (let start = 0; start < messages.length; start += 10) {
					await client.send(new DeleteMessageBatchCommand({
						QueueUrl: url,
						Entries: messages.slice(start, start + 10).map(({handle}, index) => ({Id: String(start + index), ReceiptHandle: handle as string})),
					}));
				}
			},
			wake() {
				for (const abort of waiting) {
					abort.abort();
				}
			},
		};
	}

	/**
	End every receive under way and destroy the clients.
	*/
	async close() {
		for (const abort of this.#aborts) {
			abort.abort();
		}

		for (const client of this.#clients.values()) {
			(await client.catch(() => undefined))?.destroy();
		}

		this.#clients.clear();
	}

	async #url(arn: string) {
		let url = this.#urls.get(arn);
		if (!url) {
			url = (async () => {
				const {GetQueueUrlCommand} = await import('@aws-sdk/client-sqs');
				const {account, name} = parseQueueArn(arn);
				const answer = await (await this.#client(arn)).send(new GetQueueUrlCommand({QueueName: name, QueueOwnerAWSAccountId: account}));
				return answer.QueueUrl!;
			})();
			this.#urls.set(arn, url);
			url.catch(() => this.#urls.delete(arn));
		}

		return url;
	}

	async #client(arn: string) {
		const {region} = parseQueueArn(arn);
		let client = this.#clients.get(region);
		if (!client) {
			client = (async () => {
				const [{SQSClient}, {defaultProvider}] = await Promise.all([import('@aws-sdk/client-sqs'), import('@aws-sdk/credential-provider-node')]);
				const chain = defaultProvider();
				const loopback = isLoopback(this.#endpoint);
				return new SQSClient({
					region,
					...(this.#endpoint ? {endpoint: this.#endpoint} : {}),
					async credentials() {
						try {
							return await chain();
						} catch (error) {
							if (loopback) {
								return {accessKeyId: 'lambdeck', secretAccessKey: 'lambdeck'};
							}

							throw error;
						}
					},
				});
			})();
			this.#clients.set(region, client);
		}

		return client;
	}
}
