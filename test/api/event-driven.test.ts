import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {CreateEventSourceMappingCommand, InvokeCommand, PutFunctionEventInvokeConfigCommand, UpdateFunctionConfigurationCommand, LambdaClient} from '@aws-sdk/client-lambda';
import {CancelMessageMoveTaskCommand, CreateQueueCommand, GetQueueAttributesCommand, ListMessageMoveTasksCommand, StartMessageMoveTaskCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient} from '@aws-sdk/client-sqs';
import {hasCommand, openTestService, temporaryFolder} from '../helpers/functions.js';
import {cliPath, sdkConfig, startServe, type Serve} from '../helpers/serve-process.js';

const awsCli = '/usr/bin/aws';

/** A function that appends what it saw to a file of the shared folder named by the OUT variable. */
const recorder = (body: string) => ({'index.js': `const fs = require('node:fs'); const path = require('node:path');
const note = (file, line) => fs.appendFileSync(path.join(process.env.OUT, file), line + '\\n');
exports.handler = async (event) => { ${body} };`});

const lines = (file: string) => fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

const until = async (check: () => boolean, what: string, timeoutMs = 20_000) => {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		assert.ok(Date.now() < end, `timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
};

describe('event-driven invocation through a real serve', () => {
	let serve: Serve;
	let sqs: SQSClient;
	const out = temporaryFolder('lambdeck-out-');
	const createQueue = async (QueueName: string, Attributes?: Record<string, string>) => (await sqs.send(new CreateQueueCommand({QueueName, Attributes}))).QueueUrl!;
	const create = async (name: string, files: Record<string, string>) => {
		await serve.createFunction(name, files);
		await serve.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: name, Environment: {Variables: {OUT: out}}}));
		await until(() => true, 'settle');
		const {waitUntilFunctionUpdatedV2} = await import('@aws-sdk/client-lambda');
		await waitUntilFunctionUpdatedV2({client: serve.lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1}, {FunctionName: name});
	};

	before(async () => {
		serve = await startServe({settings: {asyncRetryScale: 0.001}});
		sqs = new SQSClient(sdkConfig(serve.url));
	});

	after(async () => {
		sqs.destroy();
		await serve.stop();
		fs.rmSync(out, {recursive: true, force: true});
	});

	test('SDK v3: a failing event is retried and lands in its OnFailure queue with the invocation record', async () => {
		const url = await createQueue('on-failure');
		await create('always-fails', recorder('note("fails", event.n); throw new Error("nope " + event.n);'));
		await serve.lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'always-fails', DestinationConfig: {OnFailure: {Destination: 'arn:aws:sqs:us-east-1:000000000000:on-failure'}}}));
		const accepted = await serve.lambda.send(new InvokeCommand({FunctionName: 'always-fails', InvocationType: 'Event', Payload: Buffer.from('{"n":7}')}));
		assert.equal(accepted.StatusCode, 202);
		const {Messages = []} = await sqs.send(new ReceiveMessageCommand({QueueUrl: url, WaitTimeSeconds: 20}));
		const record = JSON.parse(Messages[0]!.Body!) as {requestContext: Record<string, unknown>; requestPayload: unknown; responseContext: unknown; responsePayload: {errorMessage: string}};
		assert.deepEqual(record.requestContext, {requestId: accepted.$metadata.requestId, functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:always-fails:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3});
		assert.deepEqual(record.requestPayload, {n: 7});
		assert.deepEqual(record.responseContext, {statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled'});
		assert.equal(record.responsePayload.errorMessage, 'nope 7');
		assert.deepEqual(lines(path.join(out, 'fails')), ['7', '7', '7']);
	});

	test('AWS CLI 2.9 (query protocol): a dead-letter queue gets the event with Lambda\'s attributes', {skip: hasCommand('aws') && fs.existsSync(awsCli) ? false : 'AWS CLI v2 is not installed at /usr/bin/aws'}, async () => {
		const aws = async (...args: string[]) => JSON.parse((await execa(awsCli, ['--endpoint-url', serve.url, '--region', 'us-east-1', '--output', 'json', ...args], {env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test'}})).stdout || '{}') as Record<string, any>;
		const QueueUrl = await createQueue('dead-letters');
		await create('fails-to-dlq', recorder('throw new Error("to the DLQ");'));
		await serve.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'fails-to-dlq', DeadLetterConfig: {TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dead-letters'}}));
		await serve.lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'fails-to-dlq', MaximumRetryAttempts: 0}));
		await aws('lambda', 'invoke', '--function-name', 'fails-to-dlq', '--invocation-type', 'Event', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"to":"dlq"}', path.join(out, 'ignored.json'));
		const received = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--wait-time-seconds', '20', '--message-attribute-names', 'All');
		const [message] = received.Messages as Array<{Body: string; MessageAttributes: Record<string, {StringValue: string; DataType: string}>}>;
		assert.equal(message!.Body, '{"to":"dlq"}');
		assert.deepEqual(Object.keys(message!.MessageAttributes).sort(), ['ErrorCode', 'ErrorMessage', 'RequestID']);
		assert.deepEqual(message!.MessageAttributes.ErrorCode, {StringValue: '200', DataType: 'Number'});
		assert.equal(message!.MessageAttributes.ErrorMessage!.StringValue, 'to the DLQ');
	});

	test('100 messages through a mapping of batch size 10 are each seen once, and the queue is empty after', async () => {
		const url = await createQueue('hundred');
		await create('consumes', recorder('for (const r of event.Records) note("consumed", r.messageId + " " + r.eventSource + " " + r.md5OfBody); note("batches", event.Records.length);'));
		await serve.lambda.send(new CreateEventSourceMappingCommand({FunctionName: 'consumes', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:hundred', BatchSize: 10}));
		const sent: string[] = [];
		for (let batch = 0; batch < 10; batch++) {
			const {Successful = []} = await sqs.send(new SendMessageBatchCommand({QueueUrl: url, Entries: Array.from({length: 10}, (_, index) => ({Id: `m${index}`, MessageBody: `message ${batch * 10 + index}`}))}));
			sent.push(...Successful.map(entry => entry.MessageId!));
		}

		await until(() => lines(path.join(out, 'consumed')).length >= 100, '100 messages consumed');
		const seen = lines(path.join(out, 'consumed')).map(line => line.split(' ')[0]!);
		assert.equal(seen.length, 100);
		assert.deepEqual([...new Set(seen)].sort(), [...sent].sort());
		assert.ok(lines(path.join(out, 'batches')).every(size => Number(size) <= 10));
		await until(() => true, 'deletes');
		const check = async () => (await sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']}))).Attributes!;
		for (let attempt = 0; attempt < 40 && (await check()).ApproximateNumberOfMessagesNotVisible !== '0'; attempt++) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.deepEqual(await check(), {ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0'});
	});

	test('with ReportBatchItemFailures only the reported message returns, with its receive count raised', async () => {
		const url = await createQueue('partial', {VisibilityTimeout: '1'});
		await create('partly-fails', recorder('note("partial", event.Records.map(r => r.body + ":" + r.attributes.ApproximateReceiveCount).join(",")); return {batchItemFailures: event.Records.filter(r => r.body === "bad" && r.attributes.ApproximateReceiveCount === "1").map(r => ({itemIdentifier: r.messageId}))};'));
		await sqs.send(new SendMessageBatchCommand({QueueUrl: url, Entries: ['good-1', 'bad', 'good-2'].map(body => ({Id: body, MessageBody: body}))}));
		await serve.lambda.send(new CreateEventSourceMappingCommand({FunctionName: 'partly-fails', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:partial', BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures']}));
		await until(() => lines(path.join(out, 'partial')).join(',').includes('bad:2'), 'the reported message again');
		const seen = lines(path.join(out, 'partial')).join(',').split(',').sort();
		assert.deepEqual(seen, ['bad:1', 'bad:2', 'good-1:1', 'good-2:1']);
	});

	test('FilterCriteria: only matching messages reach the function, the others are deleted', async () => {
		const url = await createQueue('filtered');
		await create('filtered-function', recorder('for (const r of event.Records) note("filtered", r.body);'));
		await serve.lambda.send(new CreateEventSourceMappingCommand({FunctionName: 'filtered-function', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:filtered', BatchSize: 10, FilterCriteria: {Filters: [{Pattern: JSON.stringify({body: {keep: [true]}})}]}}));
		await sqs.send(new SendMessageBatchCommand({QueueUrl: url, Entries: [{Id: 'a', MessageBody: '{"keep":false,"n":1}'}, {Id: 'b', MessageBody: '{"keep":true,"n":2}'}, {Id: 'c', MessageBody: 'not json'}]}));
		const remaining = async () => (await sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']}))).Attributes!;
		await until(() => lines(path.join(out, 'filtered')).length >= 1, 'the matching message');
		for (let attempt = 0; attempt < 100; attempt++) {
			const {ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible} = await remaining();
			if (ApproximateNumberOfMessages === '0' && ApproximateNumberOfMessagesNotVisible === '0') {
				break;
			}

			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.deepEqual(lines(path.join(out, 'filtered')), ['{"keep":true,"n":2}']);
		assert.deepEqual(await remaining(), {ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0'});
	});

	test('a FIFO queue\'s order is kept within its message group', async () => {
		const url = await createQueue('ordered.fifo', {FifoQueue: 'true', ContentBasedDeduplication: 'true'});
		for (let n = 0; n < 20; n++) {
			await sqs.send(new SendMessageCommand({QueueUrl: url, MessageBody: String(n), MessageGroupId: 'one'}));
		}

		await create('in-order', recorder('for (const r of event.Records) note("ordered", r.body + " " + r.attributes.MessageGroupId);'));
		await serve.lambda.send(new CreateEventSourceMappingCommand({FunctionName: 'in-order', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:ordered.fifo', BatchSize: 3}));
		await until(() => lines(path.join(out, 'ordered')).length >= 20, '20 FIFO messages');
		assert.deepEqual(lines(path.join(out, 'ordered')), Array.from({length: 20}, (_, n) => `${n} one`));
	});
	test('a dead-letter queue is redriven to the queues its messages came from (StartMessageMoveTask), with SQS\'s errors', async () => {
		const dlq = await createQueue('redrive-dlq');
		const source = await createQueue('redrive-source', {RedrivePolicy: JSON.stringify({deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:redrive-dlq', maxReceiveCount: 1})});
		await sqs.send(new SendMessageBatchCommand({QueueUrl: source, Entries: [{Id: 'a', MessageBody: 'first'}, {Id: 'b', MessageBody: 'second'}]}));
		const receive = async (QueueUrl: string) => (await sqs.send(new ReceiveMessageCommand({QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0}))).Messages ?? [];
		assert.equal((await receive(source)).length, 2);
		assert.deepEqual(await receive(source), [], 'the second receive moves both to the dead-letter queue');
		const count = async (QueueUrl: string) => (await sqs.send(new GetQueueAttributesCommand({QueueUrl, AttributeNames: ['ApproximateNumberOfMessages']}))).Attributes!.ApproximateNumberOfMessages;
		assert.equal(await count(dlq), '2');
		await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({SourceArn: 'arn:aws:sqs:us-east-1:000000000000:redrive-source'})), {name: 'InvalidParameterValue', message: 'Source queue must be configured as a Dead Letter Queue.'});
		await assert.rejects(sqs.send(new CancelMessageMoveTaskCommand({TaskHandle: 'not a handle'})), {message: 'Value for parameter TaskHandle is invalid.'});
		const {TaskHandle} = await sqs.send(new StartMessageMoveTaskCommand({SourceArn: 'arn:aws:sqs:us-east-1:000000000000:redrive-dlq'}));
		assert.ok(TaskHandle);
		await until(() => true, 'the task');
		for (let attempt = 0; attempt < 100 && await count(source) !== '2'; attempt++) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.equal(await count(source), '2');
		assert.equal(await count(dlq), '0');
		const {Results = []} = await sqs.send(new ListMessageMoveTasksCommand({SourceArn: 'arn:aws:sqs:us-east-1:000000000000:redrive-dlq'}));
		assert.deepEqual({...Results[0], StartedTimestamp: typeof Results[0]?.StartedTimestamp}, {
			Status: 'COMPLETED', SourceArn: 'arn:aws:sqs:us-east-1:000000000000:redrive-dlq', ApproximateNumberOfMessagesMoved: 2, ApproximateNumberOfMessagesToMove: 2, StartedTimestamp: 'number',
		});
		assert.deepEqual((await receive(source)).map(message => message.Body).sort(), ['first', 'second']);
	});

	test('a mapping and a failure destination on a real SQS endpoint (another serve) poll and send there', async () => {
		const url = await createQueue('remote-source');
		const failures = await createQueue('remote-failures');
		const other = await openTestService({sqsEndpoint: serve.url, asyncRetryScale: 0.001});
		try {
			await other.create('remote-consumer', recorder('for (const r of event.Records) note("remote", JSON.stringify(r)); if (event.Records) return; throw new Error("failed " + event.n);'), {Environment: {Variables: {OUT: out}}});
			const mapping = async (EventSourceArn: string) => other.client.callOperation!('CreateEventSourceMapping', {FunctionName: 'remote-consumer', EventSourceArn, BatchSize: 10});
			await assert.rejects(mapping('arn:aws:sqs:us-east-1:000000000000:no-such-queue'), /The specified queue does not exist/);
			await mapping('arn:aws:sqs:us-east-1:000000000000:remote-source');
			await sqs.send(new SendMessageCommand({QueueUrl: url, MessageBody: 'from afar', MessageAttributes: {kind: {DataType: 'String', StringValue: 'remote'}}}));
			await until(() => lines(path.join(out, 'remote')).length >= 1, 'the remote message');
			const record = JSON.parse(lines(path.join(out, 'remote'))[0]!) as Record<string, any>;
			assert.deepEqual(Object.keys(record), ['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfMessageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion']);
			assert.equal(record.body, 'from afar');
			assert.equal(record.eventSourceARN, 'arn:aws:sqs:us-east-1:000000000000:remote-source');
			assert.deepEqual(record.messageAttributes, {kind: {stringValue: 'remote', stringListValues: [], binaryListValues: [], dataType: 'String'}});
			assert.equal(record.attributes.ApproximateReceiveCount, '1');
			const empty = async () => (await sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']}))).Attributes!;
			for (let attempt = 0; attempt < 100 && (await empty()).ApproximateNumberOfMessagesNotVisible !== '0'; attempt++) {
				await new Promise(resolve => setTimeout(resolve, 50));
			}

			assert.deepEqual(await empty(), {ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0'});
			await other.client.callOperation!('PutFunctionEventInvokeConfig', {FunctionName: 'remote-consumer', MaximumRetryAttempts: 0, DestinationConfig: {OnFailure: {Destination: 'arn:aws:sqs:us-east-1:000000000000:remote-failures'}}});
			await other.client.invoke({FunctionName: 'remote-consumer', InvocationType: 'Event', Payload: '{"n":3}'});
			const {Messages = []} = await sqs.send(new ReceiveMessageCommand({QueueUrl: failures, WaitTimeSeconds: 20}));
			const failure = JSON.parse(Messages[0]!.Body!) as {requestContext: {condition: string}; requestPayload: unknown};
			assert.equal(failure.requestContext.condition, 'RetriesExhausted');
			assert.deepEqual(failure.requestPayload, {n: 3});
		} finally {
			await other.dispose();
		}
	});
});

test('kill -9 with 1,000 accepted events: after a restart every one of them runs', async () => {
	const home = temporaryFolder('lambdeck-kill-');
	const out = temporaryFolder('lambdeck-out-');
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process', accountConcurrency: 2}));
	fs.writeFileSync(path.join(out, 'slow'), '');
	const start = async () => {
		const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {env: {...process.env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'inherit']});
		const url = await new Promise<string>((resolve, reject) => {
			readline.createInterface({input: child.stdout}).once('line', line => resolve(/^lambdeck serving (\S+)/.exec(line)?.[1] ?? ''));
			child.once('exit', code => reject(new Error(`serve exited ${code}`)));
		});
		return {child, url};
	};

	const first = await start();
	const lambda = new LambdaClient(sdkConfig(first.url));
	const {CreateFunctionCommand, waitUntilFunctionActiveV2} = await import('@aws-sdk/client-lambda');
	const agent = new http.Agent({keepAlive: true, maxSockets: 8});
	const invokeEvent = async (n: number) => new Promise<number>((resolve, reject) => {
		const body = JSON.stringify({n});
		const request = http.request(`${first.url}/2015-03-31/functions/survivor/invocations`, {method: 'POST', agent, headers: {'X-Amz-Invocation-Type': 'Event', 'Content-Length': body.length}}, response => {
			response.resume();
			response.on('end', () => resolve(response.statusCode!));
		});
		request.on('error', reject);
		request.end(body);
	});
	const {zipOf} = await import('../helpers/functions.js');
	await lambda.send(new CreateFunctionCommand({FunctionName: 'survivor', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lambda', Environment: {Variables: {OUT: out}}, Code: {ZipFile: zipOf(recorder('if (fs.existsSync(path.join(process.env.OUT, "slow"))) await new Promise(r => setTimeout(r, 1000)); note("ran", event.n);'))}}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1}, {FunctionName: 'survivor'});
	let next = 0;
	await Promise.all(Array.from({length: 8}, async () => {
		while (next < 1000) {
			const n = next++;
			assert.equal(await invokeEvent(n), 202);
		}
	}));
	lambda.destroy();
	agent.destroy();
	first.child.kill('SIGKILL');
	await new Promise(resolve => first.child.once('exit', resolve));
	assert.ok(lines(path.join(out, 'ran')).length < 1000, 'most events had not run when the service was killed');
	fs.rmSync(path.join(out, 'slow'));
	const second = await start();
	try {
		await until(() => new Set(lines(path.join(out, 'ran'))).size >= 1000, 'all 1,000 events to run', 60_000);
		assert.deepEqual([...new Set(lines(path.join(out, 'ran')).map(Number))].sort((a, b) => a - b), Array.from({length: 1000}, (_, n) => n));
	} finally {
		second.child.kill('SIGTERM');
		await new Promise(resolve => second.child.once('exit', resolve));
		fs.rmSync(home, {recursive: true, force: true});
		fs.rmSync(out, {recursive: true, force: true});
	}
});
