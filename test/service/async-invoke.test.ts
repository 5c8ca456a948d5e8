import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {ManualClock} from '../../source/core/clock.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {openLocalClient} from '../../source/client/local-client.js';
import type {AsyncOutcome} from '../../source/service/async-queue.js';
import {temporaryFolder, zipOf} from '../helpers/functions.js';

const failing = {'index.js': 'exports.handler = async (event) => { throw new Error(`failed on ${event.n}`); };'};
const echo = {'index.js': 'exports.handler = async (event) => ({echo: event});'};

type Client = Awaited<ReturnType<typeof openLocalClient>>;

describe('asynchronous invocation', () => {
	const clock = new ManualClock(Date.now());
	const dataDir = temporaryFolder();
	let client: Client;
	const open = async () => openLocalClient({dataDir, clock, settings: {sandbox: 'process', accountConcurrency: 4}});
	const create = async (name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) => {
		await client.createFunction({FunctionName: name, Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf(files)}, ...extra});
		// Creation settles on the service's clock.
		clock.advance(0);
		await client.service.settleAll();
	};
	const queue = async (name: string) => {
		await client.service.events.sqs.createQueue({QueueName: name});
		return client.service.events.sqs.arnOf(name);
	};

	const receiveAll = async (name: string) => {
		const sqs = client.service.events.sqs;
		const {Messages = []} = await sqs.receiveMessage({QueueUrl: `x/000000000000/${name}`, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], AttributeNames: ['All']});
		return Messages;
	};

	/** The next progress report of an event of `functionName` that matches. */
	const progress = async (functionName: string, matches: (report: {retryAt?: number; outcome?: AsyncOutcome}) => boolean) => new Promise<{retryAt?: number; outcome?: AsyncOutcome}>(resolve => {
		const listener = (report: {event: {functionName: string}; retryAt?: number; outcome?: AsyncOutcome}) => {
			if (report.event.functionName === functionName && matches(report)) {
				client.service.events.activity.off('progress', listener);
				resolve(report);
			}
		};

		client.service.events.activity.on('progress', listener);
	});

	before(async () => {
		client = await open();
	});

	after(async () => {
		await client.close();
		fs.rmSync(dataDir, {recursive: true, force: true});
	});

	test('a failing event is retried twice, a minute then two apart, and lands in its OnFailure queue with the invocation record', async () => {
		const onFailure = await queue('failures');
		await create('fails', failing);
		await client.service.events.configs.put({FunctionName: 'fails', DestinationConfig: {OnFailure: {Destination: onFailure}}});
		const firstRetry = progress('fails', report => report.retryAt !== undefined);
		const response = await client.invoke({FunctionName: 'fails', InvocationType: 'Event', Payload: '{"n":1}'});
		assert.equal(response.StatusCode, 202);
		const accepted = clock.now();
		assert.equal((await firstRetry).retryAt, accepted + 60_000);
		const secondRetry = progress('fails', report => report.retryAt !== undefined);
		clock.advance(59_999);
		assert.equal(client.service.invocationRecords('fails').length, 1, 'no retry before the minute is up');
		clock.advance(1);
		assert.equal((await secondRetry).retryAt, accepted + 60_000 + 120_000);
		const ended = progress('fails', report => report.outcome !== undefined);
		clock.advance(120_000);
		assert.equal((await ended).outcome?.condition, 'RetriesExhausted');
		assert.equal(client.service.invocationRecords('fails').length, 3);
		const [message] = await receiveAll('failures');
		const record = JSON.parse(message!.Body) as Record<string, any>;
		assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload']);
		assert.equal(record.version, '1.0');
		assert.match(record.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		assert.deepEqual(record.requestContext, {requestId: (await ended).outcome!.event.requestId, functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fails:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3});
		assert.deepEqual(record.requestPayload, {n: 1});
		assert.deepEqual(record.responseContext, {statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled'});
		assert.equal(record.responsePayload.errorMessage, 'failed on 1');
	});

	test('with no retries and a dead-letter queue, the event itself goes there with RequestID, ErrorCode and ErrorMessage', async () => {
		const deadLetters = await queue('dead-letters');
		await create('fails-once', failing, {DeadLetterConfig: {TargetArn: deadLetters}});
		await client.service.events.configs.put({FunctionName: 'fails-once', MaximumRetryAttempts: 0});
		const ended = progress('fails-once', report => report.outcome !== undefined);
		await client.invoke({FunctionName: 'fails-once', InvocationType: 'Event', Payload: '{"n":2}'});
		const {outcome} = await ended;
		const [message] = await receiveAll('dead-letters');
		assert.equal(message!.Body, '{"n":2}');
		assert.deepEqual(message!.MessageAttributes, {
			RequestID: {DataType: 'String', StringValue: outcome!.event.requestId},
			ErrorCode: {DataType: 'Number', StringValue: '200'},
			ErrorMessage: {DataType: 'String', StringValue: 'failed on 2'},
		});
	});

	test('an event that would outlive MaximumEventAgeInSeconds before its retry ends as EventAgeExceeded', async () => {
		const onFailure = await queue('too-old');
		await create('fails-young', failing);
		await client.service.events.configs.put({FunctionName: 'fails-young', MaximumEventAgeInSeconds: 60, DestinationConfig: {OnFailure: {Destination: onFailure}}});
		const ended = progress('fails-young', report => report.outcome !== undefined);
		await client.invoke({FunctionName: 'fails-young', InvocationType: 'Event', Payload: '{}'});
		assert.equal((await ended).outcome?.condition, 'EventAgeExceeded');
		const record = JSON.parse((await receiveAll('too-old'))[0]!.Body) as {requestContext: {approximateInvokeCount: number}};
		assert.equal(record.requestContext.approximateInvokeCount, 1);
	});

	test('a success goes to OnSuccess; a function destination receives the record as its own event', async () => {
		const onSuccess = await queue('successes');
		await create('echoes', echo);
		await create('receiver', echo);
		await client.service.events.configs.put({FunctionName: 'echoes', DestinationConfig: {OnSuccess: {Destination: onSuccess}, OnFailure: {Destination: 'arn:aws:lambda:us-east-1:000000000000:function:receiver'}}});
		const ended = progress('echoes', report => report.outcome !== undefined);
		await client.invoke({FunctionName: 'echoes', InvocationType: 'Event', Payload: '{"hello":"world"}'});
		await ended;
		const record = JSON.parse((await receiveAll('successes'))[0]!.Body) as Record<string, any>;
		assert.deepEqual(record.requestContext.condition, 'Success');
		assert.deepEqual(record.responseContext, {statusCode: 200, executedVersion: '$LATEST'});
		assert.deepEqual(record.responsePayload, {echo: {hello: 'world'}});

		await client.service.events.configs.put({FunctionName: 'echoes', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:lambda:us-east-1:000000000000:function:receiver'}}});
		const received = progress('receiver', report => report.outcome !== undefined);
		await client.invoke({FunctionName: 'echoes', InvocationType: 'Event', Payload: '{"to":"receiver"}'});
		const {outcome} = await received;
		assert.deepEqual(JSON.parse(outcome!.event.payload.toString()).requestPayload, {to: 'receiver'});
	});

	test('events accepted but not yet run survive a close and all run after the service opens again', async () => {
		const onSuccess = await queue('survivors');
		await create('survives', echo);
		await client.service.events.configs.put({FunctionName: 'survives', DestinationConfig: {OnSuccess: {Destination: onSuccess}}});
		await client.service.tagsAndConcurrency.putFunctionConcurrency({FunctionName: 'survives', ReservedConcurrentExecutions: 1});
		await Promise.all(Array.from({length: 30}, async (_, n) => client.invoke({FunctionName: 'survives', InvocationType: 'Event', Payload: JSON.stringify({n})})));
		await client.close();
		client = await open();
		const sqs = client.service.events.sqs;
		const queueOf = sqs.queueOf('x/000000000000/survivors');
		for (let seen = Number(sqs.getQueueAttributes({QueueUrl: 'x/000000000000/survivors', AttributeNames: ['ApproximateNumberOfMessages']}).Attributes!.ApproximateNumberOfMessages); seen < 30;) {
			await new Promise<void>(resolve => {
				queueOf.waiters.add(resolve);
			});
			seen = queueOf.messages.size;
		}

		const payloads = [...queueOf.messages.values()].map(message => (JSON.parse(message.body) as {requestPayload: {n: number}}).requestPayload.n).sort((a, b) => a - b);
		assert.deepEqual(payloads, Array.from({length: 30}, (_, n) => n));
	});

	test('the event invoke config API validates as Lambda does', async () => {
		const configs = client.service.events.configs;
		await create('configured', echo);
		await assert.rejects(configs.put({FunctionName: 'nothing-here', MaximumRetryAttempts: 1}), {type: 'ResourceNotFoundException', message: 'The function doesn\'t exist.'});
		await assert.rejects(configs.put({FunctionName: 'configured'}), {type: 'InvalidParameterValueException', message: 'You must specify at least one of error handling or destination setting.'});
		await assert.rejects(configs.put({FunctionName: 'configured', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:lambda:us-east-1:000000000000:function:configured'}}}), {message: 'You can\'t specify the function as a destination for itself.'});
		await assert.rejects(configs.put({FunctionName: 'configured', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:lambda:us-east-1:000000000000:function:doesnotexist'}}}), {message: 'The destination ARN arn:aws:lambda:us-east-1:000000000000:function:doesnotexist is invalid.'});
		await assert.rejects(configs.put({FunctionName: 'configured', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:iam:us-east-1:000000000000:function:configured'}}}), {message: 'The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:iam:us-east-1:000000000000:function:configured), onFailure=null) is invalid.'});
		assert.throws(() => configs.get({FunctionName: 'configured'}), {type: 'ResourceNotFoundException', message: 'The function arn:aws:lambda:us-east-1:000000000000:function:configured:$LATEST doesn\'t have an EventInvokeConfig'});
		await configs.put({FunctionName: 'configured', MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2});
		const replaced = await configs.put({FunctionName: 'configured', MaximumRetryAttempts: 0});
		assert.deepEqual({...replaced, LastModified: 0}, {LastModified: 0, FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:configured:$LATEST', MaximumRetryAttempts: 0, DestinationConfig: {OnSuccess: {}, OnFailure: {}}});
		const merged = await configs.update({FunctionName: 'configured', MaximumEventAgeInSeconds: 120});
		assert.equal(merged.MaximumRetryAttempts, 0);
		assert.equal(merged.MaximumEventAgeInSeconds, 120);
		assert.equal(configs.list({FunctionName: 'configured'}).FunctionEventInvokeConfigs.length, 1);
		await configs.delete({FunctionName: 'configured'});
		assert.equal(configs.list({FunctionName: 'configured'}).FunctionEventInvokeConfigs.length, 0);
	});

	test('event source mappings are created, listed and deleted with Lambda\'s shapes and errors', async () => {
		const mappings = client.service.events.mappings;
		const source = await queue('mapped');
		await create('mapped-function', echo);
		await assert.rejects(mappings.create({FunctionName: 'mapped-function'}), {type: 'InvalidParameterValueException', message: 'Unrecognized event source.'});
		await assert.rejects(mappings.create({FunctionName: 'nobody', EventSourceArn: source}), {type: 'InvalidParameterValueException', message: 'Function does not exist'});
		await assert.rejects(mappings.create({FunctionName: 'mapped-function', EventSourceArn: source, BatchSize: 100}), {message: 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'});
		const created = await mappings.create({FunctionName: 'mapped-function', EventSourceArn: source, BatchSize: 5});
		assert.deepEqual(Object.keys(created).sort(), ['BatchSize', 'EventSourceArn', 'EventSourceMappingArn', 'FunctionArn', 'FunctionResponseTypes', 'LastModified', 'MaximumBatchingWindowInSeconds', 'State', 'StateTransitionReason', 'UUID']);
		assert.equal(created.State, 'Creating');
		assert.equal(created.StateTransitionReason, 'USER_INITIATED');
		assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:mapped-function');
		await assert.rejects(mappings.create({FunctionName: 'mapped-function', EventSourceArn: source}), {type: 'ResourceConflictException', message: `An event source mapping with SQS arn (" ${source} ") and function (" mapped-function ") already exists. Please update or delete the existing mapping with UUID ${created.UUID}`});
		assert.equal(mappings.list({FunctionName: 'mapped-function'}).EventSourceMappings.length, 1);
		assert.equal((await mappings.delete({UUID: created.UUID})).State, 'Deleting');
		assert.throws(() => mappings.get({UUID: created.UUID}), {type: 'ResourceNotFoundException', message: 'The resource you requested does not exist.'});
	});
});
