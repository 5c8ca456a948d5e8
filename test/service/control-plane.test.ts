import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {LambdaError} from '../../source/core/errors.js';
import {openLocalClient} from '../../source/client/local-client.js';
import {openTestService, zipOf} from '../helpers/functions.js';

let service: Awaited<ReturnType<typeof openTestService>>;
const code = {'index.js': 'exports.handler = async () => process.env.GREETING ?? "v1";'};

before(async () => {
	service = await openTestService();
});

after(async () => {
	await service.dispose();
});

const lambdaError = (type: string, message: string | RegExp) => (error: unknown) =>
	error instanceof LambdaError && error.type === type && (typeof message === 'string' ? error.message === message : message.test(error.message));

test('control plane > CreateFunction answers Pending with Lambda\'s defaults, then the function is Active', async () => {
	const created = await service.create('lifecycle', code);
	assert.equal(created.State, 'Pending');
	assert.equal(created.StateReasonCode, 'Creating');
	assert.equal(created.Timeout, 3);
	assert.equal(created.MemorySize, 128);
	assert.equal(created.Version, '$LATEST');
	assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:lifecycle');
	assert.match(created.CodeSha256, /^[A-Za-z\d+/]{43}=$/);
	assert.match(created.LastModified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
	assert.deepEqual(created.EphemeralStorage, {Size: 512});
	assert.deepEqual(created.LoggingConfig, {LogFormat: 'Text', LogGroup: '/aws/lambda/lifecycle'});
	await new Promise(resolve => setImmediate(resolve));
	const got = await service.client.getFunction({FunctionName: 'lifecycle'});
	assert.equal(got.Configuration.State, 'Active');
	assert.equal(got.Configuration.LastUpdateStatus, 'Successful');
	assert.equal(got.Code.RepositoryType, 'S3');
});

test('control plane > a second create of the same name is a ResourceConflictException', async () => {
	await service.create('twice', code);
	await assert.rejects(service.create('twice', code), lambdaError('ResourceConflictException', 'Function already exist: twice'));
});

test('control plane > a runtime this machine cannot run is refused at create', async () => {
	await assert.rejects(service.create('javafn', code, {Runtime: 'java21', Handler: 'a::b'}), lambdaError('InvalidParameterValueException', /^lambdeck cannot run java21 functions on this machine/));
});

test('control plane > UpdateFunctionConfiguration changes only what it names and retires warm environments', async () => {
	await service.create('configurable', code);
	assert.equal((await service.invokeJson('configurable')).json, 'v1');
	const updated = await service.client.updateFunctionConfiguration({FunctionName: 'configurable', MemorySize: 512, Environment: {Variables: {GREETING: 'v2'}}});
	assert.equal(updated.LastUpdateStatus, 'InProgress');
	assert.equal(updated.MemorySize, 512);
	assert.equal(updated.Timeout, 3);
	const result = await service.invokeJson('configurable');
	assert.equal(result.json, 'v2');
	assert.match(result.log, /Memory Size: 512 MB/);
	assert.match(result.log, /Init Duration/);
	await assert.rejects(service.client.updateFunctionConfiguration({FunctionName: 'configurable', Timeout: 901}), lambdaError('ValidationException', /Member must have value less than or equal to 900/));
	await assert.rejects(service.client.updateFunctionConfiguration({FunctionName: 'configurable', RevisionId: 'stale'}), lambdaError('PreconditionFailedException', /does not match the latest Revision Id/));
});

test('control plane > UpdateFunctionCode replaces the code the next invoke runs', async () => {
	await service.create('recode', code);
	assert.equal((await service.invokeJson('recode')).json, 'v1');
	const updated = await service.client.updateFunctionCode({FunctionName: 'recode', ZipFile: zipOf({'index.js': 'exports.handler = async () => "v2";'})});
	assert.notEqual(updated.CodeSha256, (await service.client.getFunctionConfiguration({FunctionName: 'recode'})).RevisionId);
	assert.equal((await service.invokeJson('recode')).json, 'v2');
});

test('control plane > ListFunctions pages 50 at a time with NextMarker', async () => {
	const fresh = await openTestService();
	const zip = zipOf(code);
	for (let index = 0; index < 120; index++) {
		await fresh.client.createFunction({FunctionName: `fn-${String(index).padStart(3, '0')}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zip}});
	}

	const first = await fresh.client.listFunctions({MaxItems: 500});
	assert.equal(first.Functions.length, 50);
	assert.equal(first.NextMarker, 'fn-049');
	const second = await fresh.client.listFunctions({Marker: first.NextMarker});
	assert.equal(second.Functions[0]!.FunctionName, 'fn-050');
	assert.equal((await fresh.client.listAllFunctions()).length, 120);
	await fresh.dispose();
});

test('control plane > DeleteFunction removes the function; later calls are not found', async () => {
	await service.create('doomed', code);
	await service.invokeJson('doomed');
	await assert.rejects(service.client.deleteFunction({FunctionName: 'doomed', Qualifier: '$LATEST'}), lambdaError('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.'));
	await service.client.deleteFunction({FunctionName: 'doomed'});
	await assert.rejects(service.client.getFunction({FunctionName: 'doomed'}), lambdaError('ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:doomed'));
	await assert.rejects(service.client.deleteFunction({FunctionName: 'doomed'}), lambdaError('ResourceNotFoundException', /Function not found/));
});

test('control plane > 1,000 functions create, list and load again', async () => {
	const fresh = await openTestService();
	const zip = zipOf(code);
	for (let index = 0; index < 1000; index++) {
		await fresh.client.createFunction({FunctionName: `many-${index}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zip}});
	}

	assert.equal((await fresh.client.listAllFunctions()).length, 1000);
	await fresh.client.close();
	const reopened = await openLocalClient({dataDir: fresh.dataDir});
	const all = await reopened.listAllFunctions();
	assert.equal(all.length, 1000);
	assert.ok(all.every(configuration => configuration.State === 'Active'));
	await reopened.close();
});

test('control plane > lists the runtimes this machine can run, with what runs each', async () => {
	const runtimes = await service.client.listRuntimes();
	const byName = new Map(runtimes.map(support => [support.Runtime, support.Interpreter]));
	assert.match(byName.get('nodejs20.x') ?? '', /node.* \(\d+\.\d+\.\d+\)$/);
	assert.equal(byName.get('provided.al2023'), 'the package\'s own bootstrap');
	assert.equal(byName.has('java21'), false);
	assert.equal(byName.has('ruby3.3'), false);
});
