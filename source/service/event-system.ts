import {EventEmitter} from 'node:events';
import path from 'node:path';
import type {Account} from '../core/arn.js';
import type {Clock} from '../core/clock.js';
import {isLambdaError} from '../core/errors.js';
import type {EventActivity, FunctionConfiguration, InvocationRequest, InvocationResponse} from '../core/types.js';
import {DurableStore} from '../store/durable-store.js';
import {AsyncActivity} from './async-activity.js';
import {AsyncQueue, asyncQueueSchema, type AsyncEvent, type AsyncOutcome, type AttemptResult} from './async-queue.js';
import {EventInvokeConfigs, eventInvokeConfigSchema} from './event-invoke-configs.js';
import {EventSourceMappings, mappingSchema} from './event-source-mappings.js';
import {invocationRecord, parsedPayload} from './invocation-record.js';
import {localQueueSource} from './queue-sources.js';
import {RemoteSqs} from './remote-sqs.js';
import {SqsService, sqsSchema} from './sqs/sqs-service.js';

/**
What the event-driven parts need from the Lambda service.
*/
export type EventSystemContext = {
	account: Account;
	clock: Clock;
	dataDir: string;
	/** Multiplies Lambda's retry waits; 1 is Lambda's own pace. */
	retryScale: number;
	/** The most asynchronous events run at once. */
	capacity: () => number;
	/** The most pollers one event source mapping runs. */
	pollerCapacity: () => number;
	reservedOf: (functionName: string) => number | undefined;
	/** The configuration of a function version, or Lambda's not-found error. */
	find: (functionName: string, qualifier?: string) => FunctionConfiguration;
	/** Run one invocation now, as a synchronous invoke does. */
	invoke: (configuration: FunctionConfiguration, request: InvocationRequest, invokedArn: string) => Promise<InvocationResponse>;
	/** Invoke a function (name or ARN, qualified or not) synchronously, as an event source mapping does. */
	invokeFunction: (functionArn: string, payload: Buffer) => Promise<InvocationResponse>;
	/** The bare name of an existing function named as the API allows, or Lambda's not-found error. */
	functionName: (reference: string) => string;
	queueUrl: (accountId: string, name: string) => string;
	/** A real SQS endpoint (a URL, or `aws`) for the queue ARNs lambdeck does not own: mappings poll them and destinations send to them there. */
	sqsEndpoint?: string;
	report: (message: string) => void;
};

/**
lambdeck's event-driven invocation, owned by the Lambda service: the durable store, the asynchronous invocation queue with its configs, destinations and dead-letter queues, and the SQS-shaped queues. `close` drains what runs and closes the store.
*/
export class EventSystem {
	readonly store: DurableStore;
	readonly queue: AsyncQueue;
	readonly configs: EventInvokeConfigs;
	readonly sqs: SqsService;
	readonly mappings: EventSourceMappings;
	/** Emits `progress` with each asynchronous event's scheduled retry (`retryAt`) or end (`outcome`). */
	readonly activity = new EventEmitter();
	/** The latest asynchronous events of each function and where they went, for the console. */
	readonly recent = new AsyncActivity();
	readonly #context: EventSystemContext;
	readonly #remote: RemoteSqs | undefined;

	private constructor(context: EventSystemContext, store: DurableStore) {
		this.#context = context;
		this.store = store;
		this.configs = new EventInvokeConfigs({account: context.account, clock: context.clock, store, exists: (name, qualifier) => void context.find(name, qualifier)});
		this.sqs = new SqsService({account: context.account, clock: context.clock, store, queueUrl: context.queueUrl});
		this.#remote = context.sqsEndpoint ? new RemoteSqs(context.sqsEndpoint) : undefined;
		this.mappings = new EventSourceMappings({
			account: context.account,
			clock: context.clock,
			store,
			source: arn => localQueueSource(this.sqs, arn, context.account.region) ?? this.#remote?.source(arn),
			queueExists: async arn => Boolean(this.sqs.queueByArn(arn)) || (await this.#remote?.exists(arn) ?? false),
			invoke: context.invokeFunction,
			functionName: context.functionName,
			maxPollers: context.pollerCapacity,
			report: context.report,
		});
		this.queue = new AsyncQueue({
			store,
			clock: context.clock,
			retryScale: context.retryScale,
			capacity: context.capacity,
			reservedOf: context.reservedOf,
			policyOf: event => this.configs.policyOf(event.functionName, event.qualifier),
			attempt: async event => this.#attempt(event),
			finish: async outcome => this.#finish(outcome),
			report: context.report,
			onProgress: progress => {
				this.recent.progress(progress, context.clock.now());
				this.activity.emit('progress', progress);
			},
		});
	}

	/**
	Open the store in the data dir, load what it holds and start running the events a previous run left.
	*/
	static async open(context: EventSystemContext) {
		const store = await DurableStore.open(path.join(context.dataDir, 'events.db'), [asyncQueueSchema, eventInvokeConfigSchema, sqsSchema, mappingSchema].join('\n'));
		const system = new EventSystem(context, store);
		try {
			await system.configs.load();
			await system.sqs.load();
			await system.queue.start();
			await system.mappings.load();
		} catch (error) {
			await store.close();
			throw error;
		}

		return system;
	}

	/**
	Forget what belonged to a deleted function.
	*/
	async forgetFunction(functionName: string) {
		await this.queue.forget(functionName);
		await this.configs.forget(functionName);
		this.recent.forget(functionName);
	}

	/**
	What the console shows of a function's event-driven invocations: its latest asynchronous events and the latest result of each of its mappings.
	*/
	activityOf(functionName: string): EventActivity {
		const {EventSourceMappings: mappings} = this.mappings.list({FunctionName: functionName, MaxItems: 10_000});
		return {asyncEvents: this.recent.of(functionName), mappingResults: Object.fromEntries(mappings.map(mapping => [mapping.UUID, this.mappings.lastResult(mapping.UUID)]))};
	}

	/**
	Stop: long polls answer, events under way finish (the rest stay on disk), then the store is flushed and closed.
	*/
	async close() {
		// Long polls answer at once, so pollers stop without waiting out their poll.
		this.sqs.close();
		await this.sqs.moves.close();
		await this.mappings.close();
		await this.#remote?.close();
		await this.queue.close();
		await this.store.close();
	}

	async #attempt(event: AsyncEvent): Promise<AttemptResult> {
		let configuration: FunctionConfiguration;
		try {
			configuration = this.#context.find(event.functionName, event.qualifier ?? '$LATEST');
		} catch {
			return {kind: 'gone'};
		}

		if (this.#context.reservedOf(event.functionName) === 0) {
			return {kind: 'zero-reserved'};
		}

		try {
			const response = await this.#context.invoke(configuration, {FunctionName: event.functionName, Qualifier: event.qualifier, InvocationType: 'RequestResponse', Payload: event.payload, RequestId: event.requestId}, event.invokedArn);
			return {kind: response.FunctionError ? 'error' : 'success', payload: response.Payload, executedVersion: response.ExecutedVersion ?? configuration.Version};
		} catch (error) {
			return isLambdaError(error) && error.statusCode === 429 ? {kind: 'throttled'} : {kind: 'system'};
		}
	}

	async #finish(outcome: AsyncOutcome) {
		const {event, condition} = outcome;
		const config = this.configs.configOf(event.functionName, event.qualifier);
		const destination = condition === 'Success' ? config?.DestinationConfig.OnSuccess.Destination : config?.DestinationConfig.OnFailure.Destination;
		if (destination && await this.#deliver(destination, JSON.stringify(invocationRecord(outcome, this.#context.clock.now())), event)) {
			this.recent.delivered(event, destination);
		}

		if (condition === 'Success') {
			return;
		}

		let deadLetter: string | undefined;
		try {
			deadLetter = this.#context.find(event.functionName, event.qualifier ?? '$LATEST').DeadLetterConfig?.TargetArn;
		} catch {}

		if (deadLetter) {
			const error = outcome.last ? parsedPayload(outcome.last.payload) as {errorMessage?: string} | undefined : undefined;
			const errorMessage = (typeof error?.errorMessage === 'string' ? error.errorMessage : (outcome.last ? 'Unhandled' : 'Rate Exceeded.')).slice(0, 1024);
			const sent = await this.#deliver(deadLetter, event.payload.toString('utf8'), event, {
				RequestID: {DataType: 'String', StringValue: event.requestId},
				ErrorCode: {DataType: 'Number', StringValue: outcome.last ? '200' : '429'},
				ErrorMessage: {DataType: 'String', StringValue: errorMessage},
			});
			if (sent) {
				this.recent.delivered(event, deadLetter, true);
			}
		}
	}

	async #deliver(arn: string, body: string, event: AsyncEvent, attributes?: Record<string, {DataType: string; StringValue: string}>) {
		const service = arn.split(':')[2];
		try {
			if (service === 'sqs' && !this.sqs.queueByArn(arn) && this.#remote) {
				await this.#remote.send(arn, body, attributes);
			} else if (service === 'sqs') {
				await this.sqs.sendToArn(arn, body, attributes);
			} else if (service === 'lambda') {
				const [, , , , , , name, qualifier] = arn.split(':');
				await this.queue.enqueue({requestId: crypto.randomUUID(), functionName: name!, qualifier, invokedArn: arn, payload: Buffer.from(body)});
			} else {
				this.#context.report(`lambdeck cannot deliver to ${arn} (only SQS queues and Lambda functions are destinations here; set sqsEndpoint in the settings for queues lambdeck does not own); the result of event ${event.requestId} is dropped.`);
				return false;
			}

			return true;
		} catch (error) {
			// As on AWS, a destination that cannot be reached loses the record (the DestinationDeliveryFailures metric there).
			this.#context.report(`The result of event ${event.requestId} of ${event.functionName} could not be delivered to ${arn}: ${(error as Error).message}`);
			return false;
		}
	}
}
