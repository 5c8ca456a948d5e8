import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {
	CreateAliasCommand, CreateFunctionCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, GetFunctionUrlConfigCommand, LambdaClient,
	ListFunctionUrlConfigsCommand, PublishVersionCommand, UpdateFunctionUrlConfigCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {hasCommand, zipOf} from '../helpers/functions.js';
import {startServe, type Serve, sdkFailure as failure} from '../helpers/serve-process.js';

/*
Function URLs through a real serve: the control plane with the AWS SDK and AWS's answers as LocalStack recorded them
(TestLambdaUrl), and requests with curl that become payload format 2.0 events and come back as HTTP responses.
*/

let serve: Serve;
let lambda: LambdaClient;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const arnOf = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const echo = `exports.handler = async event => {
	if (event.rawPath === '/plain') return {hello: 'world'};
	if (event.rawPath === '/string') return 'hello';
	if (event.rawPath === '/fail') throw new Error('boom');
	return {statusCode: 418, headers: {'content-type': 'application/json', 'x-echo': event.headers['x-custom'] ?? ''}, cookies: ['a=1', 'b=2'],
		body: JSON.stringify({method: event.requestContext.http.method, path: event.rawPath, query: event.queryStringParameters, body: event.body, base64: event.isBase64Encoded, cookies: event.cookies, version: event.version, version2: process.env.AWS_LAMBDA_FUNCTION_VERSION})};
};`;

before(async () => {
	serve = await startServe();
	lambda = serve.lambda;
	await lambda.send(new CreateFunctionCommand({FunctionName: 'web', Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': echo})}}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'web'});
});

after(async () => {
	await serve.stop();
});

test('function urls > curl with a POST body, headers and cookies gets the function\'s status, headers, cookies and body', {skip: hasCommand('curl') ? false : 'no curl'}, async () => {
	const created = await lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'web', AuthType: 'NONE'}));
	assert.equal(created.$metadata.httpStatusCode, 201);
	assert.match(created.FunctionUrl!, new RegExp(`^${serve.url}/lambda-url/[a-z\\d]{32}/$`));
	assert.equal(created.FunctionArn, arnOf('web'));
	const response = await execa('curl', ['-sS', '-i', '-X', 'POST', '-H', 'X-Custom: With WeiRd CapS', '-H', 'Content-Type: application/json', '-b', 'c=3', '--data', '{"sent":true}', `${created.FunctionUrl}some/path?q=1&q=2`]);
	const [head, body] = response.stdout.split(/\r\n\r\n/);
	assert.match(head!, /^HTTP\/1\.1 418 /);
	assert.match(head!, /^x-echo: With WeiRd CapS$/mi);
	assert.match(head!, /^set-cookie: a=1$/mi);
	assert.match(head!, /^set-cookie: b=2$/mi);
	assert.deepEqual(JSON.parse(body!), {method: 'POST', path: '/some/path', query: {q: '1,2'}, body: '{"sent":true}', base64: false, cookies: ['c=3'], version: '2.0', version2: '$LATEST'});

	const plain = await fetch(`${created.FunctionUrl}plain`);
	assert.deepEqual([plain.status, plain.headers.get('content-type'), await plain.text()], [200, 'application/json', '{"hello":"world"}']);
	assert.equal(await (await fetch(`${created.FunctionUrl}string`)).text(), 'hello', 'a JSON string comes back unwrapped');
	const failed = await fetch(`${created.FunctionUrl}fail`);
	assert.deepEqual([failed.status, await failed.text()], [502, 'Internal Server Error']);
	const binary = await fetch(`${created.FunctionUrl}bin`, {method: 'POST', body: Buffer.from([0, 1, 2]), headers: {'content-type': 'application/octet-stream'}});
	assert.deepEqual(JSON.parse(await binary.text()).body, 'AAEC');
	const unknown = await fetch(`${serve.url}/lambda-url/${'0'.repeat(32)}/`);
	assert.deepEqual([unknown.status, unknown.headers.get('x-amzn-errortype'), await unknown.text()], [403, 'AccessDeniedException', '{"Message":null}']);
});

test('function urls > an alias has its own URL running its version; an AWS_IAM URL refuses unsigned requests', async () => {
	await lambda.send(new PublishVersionCommand({FunctionName: 'web'}));
	await lambda.send(new CreateAliasCommand({FunctionName: 'web', Name: 'live', FunctionVersion: '1'}));
	const aliased = await lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'web', Qualifier: 'live', AuthType: 'AWS_IAM', Cors: {AllowOrigins: ['https://example.com']}}));
	assert.equal(aliased.FunctionArn, arnOf('web', 'live'));
	assert.equal((await fetch(aliased.FunctionUrl!)).status, 403);
	await lambda.send(new UpdateFunctionUrlConfigCommand({FunctionName: 'web', Qualifier: 'live', AuthType: 'NONE'}));
	const response = await fetch(`${aliased.FunctionUrl}x`, {headers: {origin: 'https://example.com'}});
	assert.equal(response.headers.get('access-control-allow-origin'), 'https://example.com');
	assert.equal((await response.json() as {version2: string}).version2, '1');
	const listed = await lambda.send(new ListFunctionUrlConfigsCommand({FunctionName: 'web'}));
	assert.deepEqual(listed.FunctionUrlConfigs!.map(config => [config.FunctionArn, config.InvokeMode]).sort(), [[arnOf('web'), 'BUFFERED'], [arnOf('web', 'live'), 'BUFFERED']]);
});

test(`function urls > ${'TestLambdaUrl::test_url_config_lifecycle'} and test_url_config_exceptions: AWS's answers`, async () => {
	await lambda.send(new CreateFunctionCommand({FunctionName: 'urls', Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': echo})}}));
	const created = await lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'urls', AuthType: 'NONE'}));
	assert.equal('InvokeMode' in created || 'LastModifiedTime' in created, false, 'url_creation');
	assert.deepEqual(await failure(lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'urls', AuthType: 'NONE'}))), ['ResourceConflictException', 409, `Failed to create function url config for [functionArn = ${arnOf('urls')}]. Error message:  FunctionUrlConfig exists for this Lambda function`], 'failed_duplication');
	const got = await lambda.send(new GetFunctionUrlConfigCommand({FunctionName: 'urls'}));
	assert.deepEqual([got.InvokeMode, typeof got.LastModifiedTime], ['BUFFERED', 'string'], 'get_url_config');
	const updated = await lambda.send(new UpdateFunctionUrlConfigCommand({FunctionName: 'urls', AuthType: 'AWS_IAM'}));
	assert.deepEqual([updated.AuthType, updated.InvokeMode], ['AWS_IAM', undefined], 'updated_url_config');
	await lambda.send(new DeleteFunctionUrlConfigCommand({FunctionName: 'urls'}));
	assert.deepEqual(await failure(lambda.send(new GetFunctionUrlConfigCommand({FunctionName: 'urls'}))), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.'], 'failed_getter');
	const qualifierPattern = (value: string) => ['ValidationException', 400, `1 validation error detected: Value '${value}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)`];
	const cases: Array<[string, () => Promise<unknown>, unknown[]]> = [
		['create_function_url_config_name_doesnotexist', async () => lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'nope', AuthType: 'NONE'})), ['ResourceNotFoundException', 404, 'Function does not exist']],
		['create_function_url_config_qualifier_version', async () => lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'urls', Qualifier: '1', AuthType: 'NONE'})), qualifierPattern('1')],
		['create_function_url_config_qualifier_latest', async () => lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'urls', Qualifier: '$LATEST', AuthType: 'NONE'})), qualifierPattern('$LATEST')],
		['create_function_url_config_qualifier_alias_doesnotexist', async () => lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: 'urls', Qualifier: 'nope', AuthType: 'NONE'})), ['ResourceNotFoundException', 404, 'Function does not exist']],
		['create_function_url_config_qualifier_alias_doesnotmatch_arn', async () => lambda.send(new CreateFunctionUrlConfigCommand({FunctionName: arnOf('urls', 'other'), Qualifier: 'nope', AuthType: 'NONE'})), ['InvalidParameterValueException', 400, 'The derived qualifier from the function name does not match the specified qualifier.']],
		['get_function_url_config_name_doesnotexist', async () => lambda.send(new GetFunctionUrlConfigCommand({FunctionName: 'nope'})), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.']],
		['delete_function_url_config_config_doesnotexist', async () => lambda.send(new DeleteFunctionUrlConfigCommand({FunctionName: 'urls'})), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.']],
		['update_function_url_config_name_doesnotexist', async () => lambda.send(new UpdateFunctionUrlConfigCommand({FunctionName: 'nope', AuthType: 'NONE'})), ['ResourceNotFoundException', 404, 'Function does not exist']],
		['update_function_url_config_config_doesnotexist', async () => lambda.send(new UpdateFunctionUrlConfigCommand({FunctionName: 'urls', AuthType: 'NONE'})), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.']],
		['list_function_notfound', async () => lambda.send(new ListFunctionUrlConfigsCommand({FunctionName: 'nope'})), ['ResourceNotFoundException', 404, 'Function does not exist']],
	];
	for (const [entry, call, expected] of cases) {
		assert.deepEqual(await failure(call()), expected, entry);
	}

	assert.deepEqual((await lambda.send(new ListFunctionUrlConfigsCommand({FunctionName: 'urls'}))).FunctionUrlConfigs, [], 'list_all_empty');
});
