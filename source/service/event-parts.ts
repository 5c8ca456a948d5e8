import os from 'node:os';
import type {Account} from '../core/arn.js';
import type {Clock} from '../core/clock.js';
import type {FunctionConfiguration, InvocationRequest, InvocationResponse} from '../core/types.js';
import type {Settings} from '../store/settings.js';
import {Buckets} from './buckets/buckets.js';
import type {ConcurrencyGate} from './concurrency-gate.js';
import {EventSystem} from './event-system.js';
import type {PolicyStatement} from './resource-policies.js';

/**
What the event-driven parts need from the Lambda service that owns them.
*/
export type EventPartsContext = {
	account: Account;
	clock: Clock;
	dataDir: string;
	settings: Settings;
	accountConcurrency: number;
	gate: ConcurrencyGate;
	/** The configuration an invoke of a name and qualifier runs, or Lambda's not-found error. */
	invokedConfiguration: (name: string, qualifier?: string) => FunctionConfiguration;
	/** Run one invocation of a resolved configuration now. */
	run: (configuration: FunctionConfiguration, request: InvocationRequest, invokedArn: string) => Promise<InvocationResponse>;
	/** Invoke as the API does: a name or ARN, qualified or not, synchronously or as an event. */
	invoke: (request: InvocationRequest) => Promise<InvocationResponse>;
	/** Queue an asynchronous invoke, even while the service closes (what a bucket's watcher saw before then is still delivered). */
	queueEvent: (request: InvocationRequest) => Promise<void>;
	/** The bare name of an existing function named as the API allows, or Lambda's not-found error. */
	functionName: (reference: string) => string;
	statements: (functionName: string, qualifier?: string) => PolicyStatement[];
	/** The URL `serve` listens on, once it does. */
	endpointUrl: () => string | undefined;
	report: (message: string) => void;
};

/**
Open the event-driven parts of a service: asynchronous invocation with its configs and destinations, the queues and their mappings (`events.db`), then the buckets and their notifications. What opened is closed again when a later part fails.
*/
export const openEventParts = async (context: EventPartsContext) => {
	const {account, clock, dataDir, settings, accountConcurrency} = context;
	const events = await EventSystem.open({
		account,
		clock,
		dataDir,
		retryScale: settings.asyncRetryScale,
		// Events run beside synchronous invokes and the acceptance of more events: the queue keeps to an environment per core (a backlog waits on disk, as Lambda's own queue lets it), mappings to a few pollers per core.
		capacity: () => Math.min(accountConcurrency, Math.max(1, os.availableParallelism())),
		pollerCapacity: () => Math.min(accountConcurrency, Math.max(2, os.availableParallelism() * 2)),
		reservedOf: name => context.gate.reservationOf(name),
		find: context.invokedConfiguration,
		invoke: context.run,
		invokeFunction: async (arn, payload) => context.invoke({FunctionName: arn, Payload: payload}),
		functionName: context.functionName,
		sqsEndpoint: settings.sqsEndpoint,
		queueUrl: (accountId, name) => `${context.endpointUrl() ?? `https://sqs.${account.region}.amazonaws.com`}/${accountId}/${name}`,
		report: context.report,
	});
	const settle = settings.bucketWriteSettleMs;
	try {
		const buckets = await Buckets.open({
			account,
			clock,
			dataDir,
			writeFinish: {stabilityMs: settle, pollMs: Math.max(10, Math.min(100, Math.round(settle / 4)))},
			exists: (name, qualifier) => {
				try {
					context.invokedConfiguration(name, qualifier);
					return true;
				} catch {
					return false;
				}
			},
			statements: context.statements,
			invokeAsync: async (arn, payload) => context.queueEvent({FunctionName: arn, InvocationType: 'Event', Payload: payload}),
			report: context.report,
		});
		return {events, buckets};
	} catch (error) {
		await events.close();
		throw error;
	}
};
