import assert from 'node:assert/strict';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, test} from 'node:test';
import {
	CreateFunctionCommand, DeleteFunctionConcurrencyCommand, GetAccountSettingsCommand, GetFunctionCommand, GetFunctionConcurrencyCommand, InvokeCommand,
	LambdaClient, ListTagsCommand, PutFunctionConcurrencyCommand, TagResourceCommand, UntagResourceCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {zipOf} from '../helpers/functions.js';
import {startServe, type Serve} from '../helpers/serve-process.js';

let serve: Serve;
let lambda: LambdaClient;
const accountConcurrency = 20;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
// With `hold`, the handler waits for the test's server to answer before it returns: the test knows it is running when the request arrives.
const code = zipOf({'index.js': `const http = require('node:http');
exports.handler = async event => {
	if (!event?.hold) return 'ok';
	await new Promise((resolve, reject) => http.get(event.hold, response => { response.resume(); response.on('end', resolve); }).on('error', reject));
	return 'released';
};`});

before(async () => {
	serve = await startServe({settings: {accountConcurrency}});
	lambda = serve.lambda;
});

after(async () => {
	await serve.stop();
});

const create = async (name: string, tags?: Record<string, string>) => {
	await lambda.send(new CreateFunctionCommand({FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: code}, Timeout: 30, Tags: tags}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: name});
};

const listTags = async (name: string) => (await lambda.send(new ListTagsCommand({Resource: arnOf(name)}))).Tags;

/**
A throttled invoke on the wire: 429, the error type header, and every member of the body AWS sends (lambdeck's error bodies also carry `Message` and `__type`).
*/
const assertThrottledOnTheWire = async (name: string) => {
	const response = await fetch(`${serve.url}/2015-03-31/functions/${name}/invocations`, {method: 'POST', body: '{}'});
	assert.equal(response.status, 429);
	assert.equal(response.headers.get('x-amzn-errortype'), 'TooManyRequestsException');
	const body = await response.json() as Record<string, unknown>;
	const awsBody = {Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.'};
	assert.deepEqual(Object.fromEntries(Object.keys(awsBody).map(key => [key, body[key]])), awsBody);
};

test('tags > tags given at create time show in GetFunction and ListTags', async () => {
	await create('tagged-at-birth', {testtag: 'value'});
	assert.deepEqual((await lambda.send(new GetFunctionCommand({FunctionName: 'tagged-at-birth'}))).Tags, {testtag: 'value'});
	assert.deepEqual(await listTags('tagged-at-birth'), {testtag: 'value'});
	await create('untagged');
	assert.equal((await lambda.send(new GetFunctionCommand({FunctionName: 'untagged'}))).Tags, undefined, 'no Tags member without tags, as AWS answers');
	assert.deepEqual(await listTags('untagged'), {});
});

test('tags > tag and untag as AWS records it: merge, overwrite, remove, ignore unknown keys', async () => {
	await create('lifecycle');
	const resource = arnOf('lifecycle');
	const tagged = await lambda.send(new TagResourceCommand({Resource: resource, Tags: {A: 'tag-a'}}));
	assert.equal(tagged.$metadata.httpStatusCode, 204);
	assert.deepEqual(await listTags('lifecycle'), {A: 'tag-a'});
	await lambda.send(new TagResourceCommand({Resource: resource, Tags: {B: 'tag-b', C: 'tag-c'}}));
	await lambda.send(new TagResourceCommand({Resource: resource, Tags: {C: 'tag-c-newsuffix', D: 'tag-d'}}));
	assert.deepEqual(await listTags('lifecycle'), {A: 'tag-a', B: 'tag-b', C: 'tag-c-newsuffix', D: 'tag-d'});
	const untagged = await lambda.send(new UntagResourceCommand({Resource: resource, TagKeys: ['A']}));
	assert.equal(untagged.$metadata.httpStatusCode, 204);
	await lambda.send(new UntagResourceCommand({Resource: resource, TagKeys: ['B', 'C']}));
	await lambda.send(new UntagResourceCommand({Resource: resource, TagKeys: ['F']}));
	assert.deepEqual(await listTags('lifecycle'), {D: 'tag-d'});
	await lambda.send(new UntagResourceCommand({Resource: resource, TagKeys: ['D', 'F']}));
	assert.deepEqual(await listTags('lifecycle'), {});
});

test('tags > errors in AWS\'s words: missing function, qualified ARN, bad ARN, empty and too many tags, no keys', async () => {
	await create('tag-errors');
	const missing = {name: 'ResourceNotFoundException', message: `Function not found: ${arnOf('doesnotexist')}`};
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: arnOf('doesnotexist'), Tags: {A: 'a'}})), missing);
	await assert.rejects(lambda.send(new UntagResourceCommand({Resource: arnOf('doesnotexist'), TagKeys: ['A']})), missing);
	await assert.rejects(lambda.send(new ListTagsCommand({Resource: arnOf('doesnotexist')})), missing);
	const qualified = {name: 'InvalidParameterValueException', message: 'Tags on function aliases and versions are not supported. Please specify a function ARN.'};
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: `${arnOf('tag-errors')}:$LATEST`, Tags: {A: 'a'}})), qualified);
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: `${arnOf('doesnotexist')}:alias`, Tags: {A: 'a'}})), qualified);
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: 'arn:aws:something', Tags: {A: 'a'}})), {
		name: 'ValidationException',
		message: String.raw`1 validation error detected: Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`,
	});
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: arnOf('tag-errors'), Tags: {}})), {name: 'InvalidParameterValueException', message: 'An error occurred and the request cannot be processed.'});
	await assert.rejects(lambda.send(new UntagResourceCommand({Resource: arnOf('tag-errors'), TagKeys: undefined})), {
		name: 'ValidationException',
		message: '1 validation error detected: Value null at \'tagKeys\' failed to satisfy constraint: Member must not be null',
	});
	const many = Object.fromEntries(Array.from({length: 51}, (_, index) => [`${index}_key`, `${index}_value`]));
	await assert.rejects(lambda.send(new TagResourceCommand({Resource: arnOf('tag-errors'), Tags: many})), {name: 'InvalidParameterValueException', message: 'Number of tags exceeds resource tag limit.'});
	delete many['50_key'];
	await lambda.send(new TagResourceCommand({Resource: arnOf('tag-errors'), Tags: many}));
	assert.equal(Object.keys((await listTags('tag-errors'))!).length, 50);
});

test('concurrency > put, get and delete a reservation; GetFunction shows it', async () => {
	await create('reserved');
	const put = await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'reserved', ReservedConcurrentExecutions: 0}));
	assert.equal(put.ReservedConcurrentExecutions, 0);
	await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'reserved', ReservedConcurrentExecutions: 1}));
	assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'reserved'}))).ReservedConcurrentExecutions, 1);
	assert.deepEqual((await lambda.send(new GetFunctionCommand({FunctionName: 'reserved'}))).Concurrency, {ReservedConcurrentExecutions: 1});
	const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: 'reserved'}));
	assert.equal(deleted.$metadata.httpStatusCode, 204);
	const after = await lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'reserved'}));
	assert.equal(after.$metadata.httpStatusCode, 200);
	assert.equal(after.ReservedConcurrentExecutions, undefined);
	assert.equal((await lambda.send(new GetFunctionCommand({FunctionName: 'reserved'}))).Concurrency, undefined);
});

test('concurrency > errors in AWS\'s words: a missing function, a qualified name, a negative value', async () => {
	await create('concurrency-errors');
	await assert.rejects(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 1})), {name: 'ResourceNotFoundException', message: `Function not found: ${arnOf('doesnotexist')}:$LATEST`});
	await assert.rejects(lambda.send(new GetFunctionConcurrencyCommand({FunctionName: 'doesnotexist'})), {name: 'ResourceNotFoundException', message: `Function not found: ${arnOf('doesnotexist')}`});
	await assert.rejects(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: `${arnOf('concurrency-errors')}:$LATEST`, ReservedConcurrentExecutions: 0})), {
		name: 'InvalidParameterValueException',
		message: 'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
	});
	await assert.rejects(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'concurrency-errors', ReservedConcurrentExecutions: -1})), {
		name: 'ValidationException',
		message: '1 validation error detected: Value \'-1\' at \'reservedConcurrentExecutions\' failed to satisfy constraint: Member must have value greater than or equal to 0',
	});
});

test('concurrency > a reservation of 1 runs one invocation at once; the second gets 429 with the Reason', async () => {
	await create('one-at-a-time');
	await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'one-at-a-time', ReservedConcurrentExecutions: 1}));
	let arrived!: () => void;
	const arrival = new Promise<void>(resolve => {
		arrived = resolve;
	});
	const held: http.ServerResponse[] = [];
	const gate = http.createServer((_request, response) => {
		held.push(response);
		arrived();
	});
	await new Promise<void>(resolve => gate.listen(0, '127.0.0.1', resolve));
	try {
		const hold = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
		const first = lambda.send(new InvokeCommand({FunctionName: 'one-at-a-time', Payload: JSON.stringify({hold})}));
		await arrival;
		await assert.rejects(lambda.send(new InvokeCommand({FunctionName: 'one-at-a-time', Payload: '{}'})), (error: Error & {Reason?: string; $metadata?: {httpStatusCode?: number}}) => {
			assert.equal(error.name, 'TooManyRequestsException');
			assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
			assert.equal(error.$metadata?.httpStatusCode, 429);
			return true;
		});
		await assertThrottledOnTheWire('one-at-a-time');
		held[0]!.end();
		const answered = await first;
		assert.equal(Buffer.from(answered.Payload!).toString(), '"released"');
	} finally {
		for (const response of held) {
			response.end();
		}

		gate.close();
	}

	const again = await lambda.send(new InvokeCommand({FunctionName: 'one-at-a-time', Payload: '{}'}));
	assert.equal(Buffer.from(again.Payload!).toString(), '"ok"', 'the ended invocation gave its place back');
});

test('concurrency > a reservation of 0 throttles every synchronous invoke; events are still accepted', async () => {
	await create('switched-off');
	await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'switched-off', ReservedConcurrentExecutions: 0}));
	await assertThrottledOnTheWire('switched-off');
	await assert.rejects(lambda.send(new InvokeCommand({FunctionName: 'switched-off'})), {name: 'TooManyRequestsException'});
	assert.equal((await lambda.send(new InvokeCommand({FunctionName: 'switched-off', InvocationType: 'Event', Payload: '{}'}))).StatusCode, 202);
	await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: 'switched-off'}));
	assert.equal(Buffer.from((await lambda.send(new InvokeCommand({FunctionName: 'switched-off'}))).Payload!).toString(), '"ok"');
});

test('concurrency > reservations come out of the account: GetAccountSettings shows what is left, and the minimum is kept', async () => {
	const unreserved = async () => (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions!;
	await create('pool-a');
	await create('pool-b');
	const before = await unreserved();
	await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'pool-a', ReservedConcurrentExecutions: 3}));
	assert.equal(await unreserved(), before - 3);
	await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'pool-a', ReservedConcurrentExecutions: 5}));
	assert.equal(await unreserved(), before - 5, 'a new reservation replaces the old one');
	const minimum = Math.ceil(accountConcurrency / 10);
	const refusal = {
		name: 'InvalidParameterValueException',
		message: `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
	};
	await assert.rejects(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'pool-b', ReservedConcurrentExecutions: accountConcurrency + 1})), refusal);
	await assert.rejects(lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'pool-b', ReservedConcurrentExecutions: before - 5 - minimum + 1})), refusal);
	const most = await lambda.send(new PutFunctionConcurrencyCommand({FunctionName: 'pool-b', ReservedConcurrentExecutions: before - 5 - minimum}));
	assert.equal(most.ReservedConcurrentExecutions, before - 5 - minimum);
	assert.equal(await unreserved(), minimum);
	await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: 'pool-b'}));
	await lambda.send(new DeleteFunctionConcurrencyCommand({FunctionName: 'pool-a'}));
	assert.equal(await unreserved(), before);
});
