import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, test} from 'node:test';
import {
	CreateFunctionCommand, DeleteFunctionCommand, GetAccountSettingsCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
	GetRuntimeManagementConfigCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, paginateListFunctions, UpdateFunctionConfigurationCommand,
	waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {zipOf} from '../helpers/functions.js';
import {cliPath as cli, sdkConfig, startServe} from '../helpers/serve-process.js';

let serve: Awaited<ReturnType<typeof startServe>>;
let lambda: LambdaClient;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const code = zipOf({'index.js': 'exports.handler = async (event, context) => ({echo: event, custom: context.clientContext?.custom ?? null});'});

before(async () => {
	serve = await startServe();
	lambda = new LambdaClient(sdkConfig(serve.url));
});

after(async () => {
	lambda.destroy();
	await serve.stop();
});

const create = async (name: string) => lambda.send(new CreateFunctionCommand({FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: code}}));

test('lambda api > the AWS SDK creates, waits for, gets, downloads and deletes a function', async () => {
	const created = await create('sdk-made');
	assert.equal(created.FunctionName, 'sdk-made');
	assert.equal(created.$metadata.httpStatusCode, 201);
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'sdk-made'});
	const got = await lambda.send(new GetFunctionCommand({FunctionName: 'sdk-made'}));
	assert.equal(got.Configuration?.State, 'Active');
	assert.match(got.$metadata.requestId ?? '', /^[\da-f-]{36}$/, 'every answer carries x-amzn-RequestId');
	const download = await fetch(got.Code!.Location!);
	assert.equal(download.status, 200);
	assert.deepEqual(Buffer.from(await download.arrayBuffer()), code, 'Code.Location serves the zip');
	const deleted = await lambda.send(new DeleteFunctionCommand({FunctionName: 'sdk-made'}));
	assert.equal(deleted.$metadata.httpStatusCode, 204);
	await assert.rejects(lambda.send(new GetFunctionCommand({FunctionName: 'sdk-made'})), {name: 'ResourceNotFoundException', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:sdk-made'});
});

test('lambda api > invoke carries the function error, log tail, executed version and client context through headers', async () => {
	await create('echo');
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'echo'});
	const clientContext = Buffer.from(JSON.stringify({custom: {who: 'sdk'}})).toString('base64');
	const result = await lambda.send(new InvokeCommand({FunctionName: 'echo', Payload: JSON.stringify({n: 1}), LogType: 'Tail', ClientContext: clientContext}));
	assert.equal(result.StatusCode, 200);
	assert.equal(result.ExecutedVersion, '$LATEST');
	assert.equal(result.FunctionError, undefined);
	assert.deepEqual(JSON.parse(Buffer.from(result.Payload!).toString()), {echo: {n: 1}, custom: {who: 'sdk'}});
	assert.match(Buffer.from(result.LogResult!, 'base64').toString(), /REPORT RequestId: /);
	const event = await lambda.send(new InvokeCommand({FunctionName: 'echo', InvocationType: 'Event', Payload: '{}'}));
	assert.equal(event.StatusCode, 202);
	const dryRun = await lambda.send(new InvokeCommand({FunctionName: 'echo', InvocationType: 'DryRun'}));
	assert.equal(dryRun.StatusCode, 204);
	await assert.rejects(lambda.send(new InvokeCommand({FunctionName: 'echo', Payload: '{not json'})), {name: 'InvalidRequestContentException'});
});

test('lambda api > validation errors come from the service model in AWS\'s words', async () => {
	await create('validated');
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'validated'});
	await assert.rejects(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'validated', Timeout: 3000})), {
		name: 'ValidationException',
		message: '1 validation error detected: Value \'3000\' at \'timeout\' failed to satisfy constraint: Member must have value less than or equal to 900',
	});
	await assert.rejects(lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'a'.repeat(257)})), {name: 'ValidationException', message: `1 validation error detected: Value '${'a'.repeat(257)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256`});
});

test('lambda api > updates settle so that aws lambda wait function-updated-v2 works', async () => {
	await create('updated');
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'updated'});
	const update = await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'updated', MemorySize: 256, Environment: {Variables: {STAGE: 'test'}}}));
	assert.equal(update.LastUpdateStatus, 'InProgress');
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'updated'});
	const configuration = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'updated'}));
	assert.equal(configuration.MemorySize, 256);
	assert.deepEqual(configuration.Environment?.Variables, {STAGE: 'test'});
});

test('lambda api > ListFunctions pages with Marker and MaxItems, and the paginator follows them', async () => {
	for (let index = 0; index < 5; index++) {
		await create(`paged-${index}`);
	}

	const first = await lambda.send(new ListFunctionsCommand({MaxItems: 2}));
	assert.equal(first.Functions?.length, 2);
	assert.ok(first.NextMarker);
	const names: string[] = [];
	for await (const page of paginateListFunctions({client: lambda, pageSize: 2}, {})) {
		names.push(...(page.Functions ?? []).map(item => item.FunctionName!));
	}

	assert.deepEqual(names.filter(name => name.startsWith('paged-')), ['paged-0', 'paged-1', 'paged-2', 'paged-3', 'paged-4']);
});

test('lambda api > GetAccountSettings answers, and an operation lambdeck lacks says so by name', async () => {
	const settings = await lambda.send(new GetAccountSettingsCommand({}));
	assert.ok((settings.AccountLimit?.ConcurrentExecutions ?? 0) > 0);
	assert.equal(settings.AccountLimit?.CodeSizeZipped, 52_428_800);
	await assert.rejects(lambda.send(new GetRuntimeManagementConfigCommand({FunctionName: 'echo'})), (error: Error & {$metadata?: {httpStatusCode?: number}}) => {
		assert.equal(error.$metadata?.httpStatusCode, 501);
		assert.match(error.message, /lambdeck does not implement the Lambda operation GetRuntimeManagementConfig yet/);
		return true;
	});
});

test('lambda api > a path no operation serves gets a clear 404, and a body over the limit is refused before it is read', async () => {
	const missing = await fetch(`${serve.url}/2015-03-31/nothing-here`);
	assert.equal(missing.status, 404);
	assert.match(await missing.text(), /No Lambda operation is served at GET \/2015-03-31\/nothing-here/);
	// 80 MB announced, 1 KB sent: the answer comes before the rest would have been read.
	const early = await new Promise<{status: number; type: string | undefined}>((resolve, reject) => {
		const request = http.request(`${serve.url}/2015-03-31/functions`, {method: 'POST', headers: {'content-length': String(80 * 1024 * 1024), 'content-type': 'application/json'}}, response => {
			response.resume();
			resolve({status: response.statusCode!, type: response.headers['x-amzn-errortype'] as string | undefined});
			request.destroy();
		});
		request.on('error', reject);
		request.write(Buffer.alloc(1024, 32));
	});
	assert.deepEqual(early, {status: 413, type: 'RequestEntityTooLargeException'});
});

test('lambda api > a second serve on the same data dir refuses, naming the owner\'s pid and URL', async () => {
	const second = await execa(process.execPath, [cli, 'serve', '--port', '0'], {env: {LAMBDECK_HOME: serve.home}, reject: false, timeout: 20_000});
	assert.notEqual(second.exitCode, 0);
	assert.match(second.stderr, new RegExp(`${serve.child.pid}`));
	assert.match(second.stderr, new RegExp(serve.url.replaceAll('.', '\\.')));
});

test('lambda api > a function is given the service\'s endpoint, so it can invoke another function through the API', async () => {
	await lambda.send(new CreateFunctionCommand({FunctionName: 'callee', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: zipOf({'index.js': 'exports.handler = async event => ({called: event.n});'})}}));
	await lambda.send(new CreateFunctionCommand({FunctionName: 'caller', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: zipOf({'index.js': `exports.handler = async () => {
		const response = await fetch(process.env.AWS_ENDPOINT_URL_LAMBDA + '/2015-03-31/functions/callee/invocations', {method: 'POST', body: JSON.stringify({n: 7})});
		return {endpoint: process.env.AWS_ENDPOINT_URL, answer: await response.json()};
	};`})}}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'caller'});
	const result = await lambda.send(new InvokeCommand({FunctionName: 'caller'}));
	assert.deepEqual(JSON.parse(Buffer.from(result.Payload!).toString()), {endpoint: serve.url, answer: {called: 7}});
});

test('lambda api > error bodies carry the members AWS\'s model gives each exception', async () => {
	const missing = await fetch(`${serve.url}/2015-03-31/functions/nope`);
	assert.equal(missing.status, 404);
	assert.equal(missing.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
	assert.deepEqual(await missing.json(), {Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope'});
	await create('twice');
	const conflict = await fetch(`${serve.url}/2015-03-31/functions`, {method: 'POST', body: JSON.stringify({FunctionName: 'twice', Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: code.toString('base64')}})});
	assert.equal(conflict.status, 409);
	assert.deepEqual(await conflict.json(), {Type: 'User', message: 'Function already exist: twice'});
});
