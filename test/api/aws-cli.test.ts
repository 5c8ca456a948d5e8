import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {temporaryFolder, zipOf} from '../helpers/functions.js';
import {startServe} from '../helpers/serve-process.js';

const awsCli = '/usr/bin/aws';
const skip = fs.existsSync(awsCli) ? false : 'the AWS CLI v2 (Debian\'s awscli, /usr/bin/aws) is not installed';
let serve: Awaited<ReturnType<typeof startServe>>;
let work: string;

const aws = async (...args: string[]) => execa(awsCli, [...args, '--endpoint-url', serve.url, '--output', 'json'], {
	env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', HOME: work},
	extendEnv: false,
	cwd: work,
	reject: false,
	timeout: 60_000,
});

before(async () => {
	if (skip) {
		return;
	}

	serve = await startServe();
	work = temporaryFolder('lambdeck-aws-cli-');
	fs.writeFileSync(path.join(work, 'function.zip'), zipOf({'index.js': 'exports.handler = async event => ({hello: event.name, stage: process.env.STAGE ?? null});'}));
});

after(async () => {
	if (!skip) {
		await serve.stop();
		fs.rmSync(work, {recursive: true, force: true});
	}
});

test('aws cli > create from a zip, invoke, update, wait function-updated-v2, list and delete against lambdeck serve', {skip}, async () => {
	const created = await aws('lambda', 'create-function', '--function-name', 'cli-made', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', 'arn:aws:iam::000000000000:role/lambda-role', '--zip-file', 'fileb://function.zip');
	assert.equal(created.exitCode, 0, created.stderr);
	assert.equal(JSON.parse(created.stdout).FunctionName, 'cli-made');
	const active = await aws('lambda', 'wait', 'function-active-v2', '--function-name', 'cli-made');
	assert.equal(active.exitCode, 0, active.stderr);
	const invoked = await aws('lambda', 'invoke', '--function-name', 'cli-made', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"name":"cli"}', '--log-type', 'Tail', 'out.json');
	assert.equal(invoked.exitCode, 0, invoked.stderr);
	assert.equal(JSON.parse(invoked.stdout).StatusCode, 200);
	assert.match(Buffer.from(JSON.parse(invoked.stdout).LogResult, 'base64').toString(), /REPORT RequestId/);
	assert.deepEqual(JSON.parse(fs.readFileSync(path.join(work, 'out.json'), 'utf8')), {hello: 'cli', stage: null});
	const updated = await aws('lambda', 'update-function-configuration', '--function-name', 'cli-made', '--environment', 'Variables={STAGE=prod}', '--timeout', '10');
	assert.equal(updated.exitCode, 0, updated.stderr);
	const waited = await aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-made');
	assert.equal(waited.exitCode, 0, waited.stderr);
	await aws('lambda', 'invoke', '--function-name', 'cli-made', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"name":"again"}', 'out.json');
	assert.deepEqual(JSON.parse(fs.readFileSync(path.join(work, 'out.json'), 'utf8')), {hello: 'again', stage: 'prod'});
	const listed = await aws('lambda', 'list-functions');
	assert.equal(listed.exitCode, 0, listed.stderr);
	assert.deepEqual((JSON.parse(listed.stdout) as {Functions: Array<{FunctionName: string}>}).Functions.map(item => item.FunctionName), ['cli-made']);
	const deleted = await aws('lambda', 'delete-function', '--function-name', 'cli-made');
	assert.equal(deleted.exitCode, 0, deleted.stderr);
	const gone = await aws('lambda', 'get-function', '--function-name', 'cli-made');
	assert.equal(gone.exitCode, 254);
	assert.match(gone.stderr, /An error occurred \(ResourceNotFoundException\) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:cli-made/);
});

test('aws cli > validation errors read as AWS\'s', {skip}, async () => {
	const bad = await aws('lambda', 'get-function', '--function-name', 'x'.repeat(257));
	assert.equal(bad.exitCode, 254);
	assert.match(bad.stderr, /\(ValidationException\) when calling the GetFunction operation: 1 validation error detected: Value '.*' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256/);
});

const pythonWithBoto3 = async () => {
	for (const candidate of ['/usr/bin/python3', 'python3']) {
		if ((await execa(candidate, ['-c', 'import boto3'], {reject: false})).exitCode === 0) {
			return candidate;
		}
	}

	return undefined;
};

const python = await pythonWithBoto3();
const hasBoto3 = python !== undefined;

test('aws cli > boto3 lists and invokes through lambdeck serve', {skip: skip || (hasBoto3 ? false : 'boto3 is not installed for /usr/bin/python3 or the python3 on PATH')}, async () => {
	await aws('lambda', 'create-function', '--function-name', 'boto', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', 'arn:aws:iam::000000000000:role/lambda-role', '--zip-file', 'fileb://function.zip');
	const script = `
import boto3, json
client = boto3.client('lambda', endpoint_url='${serve.url}', region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
client.get_waiter('function_active_v2').wait(FunctionName='boto')
result = client.invoke(FunctionName='boto', Payload=json.dumps({'name': 'boto3'}))
print(json.dumps({'status': result['StatusCode'], 'payload': json.loads(result['Payload'].read()), 'names': [f['FunctionName'] for f in client.list_functions()['Functions']]}))
`;
	const ran = await execa(python!, ['-c', script], {reject: false, env: {HOME: work}, timeout: 60_000});
	assert.equal(ran.exitCode, 0, ran.stderr);
	const answer = JSON.parse(ran.stdout) as {status: number; payload: unknown; names: string[]};
	assert.equal(answer.status, 200);
	assert.deepEqual(answer.payload, {hello: 'boto3', stage: null});
	assert.ok(answer.names.includes('boto'));
});
