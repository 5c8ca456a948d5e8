import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {LambdaError} from '../../source/core/errors.js';
import {codeSha256} from '../../source/core/format.js';
import {openLocalClient} from '../../source/client/local-client.js';
import {buildZip} from '../store/zip-builder.js';
import {eventually, openTestService, temporaryFolder, zipOf} from '../helpers/functions.js';

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
	await service.client.service.settleAll();
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
	const created = await service.create('recode', code);
	assert.equal((await service.invokeJson('recode')).json, 'v1');
	const zip = zipOf({'index.js': 'exports.handler = async () => "v2";'});
	const updated = await service.client.updateFunctionCode({FunctionName: 'recode', ZipFile: zip});
	assert.notEqual(updated.CodeSha256, created.CodeSha256);
	assert.equal(updated.CodeSha256, codeSha256(zip));
	assert.equal((await service.client.getFunctionConfiguration({FunctionName: 'recode'})).CodeSha256, updated.CodeSha256);
	assert.equal((await service.invokeJson('recode')).json, 'v2');
});

test('control plane > ListFunctions pages 50 at a time with NextMarker', async () => {
	const fresh = await openTestService();
	const zip = zipOf(code);
	for (let index = 0; index < 120; index++) {
		await fresh.client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: `fn-${String(index).padStart(3, '0')}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zip}});
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
		await fresh.client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: `many-${index}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zip}});
	}

	assert.equal((await fresh.client.listAllFunctions()).length, 1000);
	await fresh.client.close();
	const reopened = await openLocalClient({dataDir: fresh.dataDir});
	const all = await reopened.listAllFunctions();
	assert.equal(all.length, 1000);
	const loaded = await Promise.all(all.map(async item => reopened.getFunctionConfiguration({FunctionName: item.FunctionName})));
	assert.ok(loaded.every(configuration => configuration.State === 'Active'));
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

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
const lambdeck = async (dataDir: string, ...args: string[]) => execa(process.execPath, [cli, ...args], {env: {LAMBDECK_HOME: dataDir}, reject: false});
const packagesIn = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'code')).filter(name => /^[\da-f]{64}$/.test(name)).sort();
const hexOf = (sha256: string) => Buffer.from(sha256, 'base64').toString('hex');

test('control plane > DeleteFunction removes the function\'s logs, invocation records and /tmp, and no other function\'s', async () => {
	const fresh = await openTestService();
	const writer = {'index.js': 'exports.handler = async () => { require("fs").writeFileSync("/tmp/x", "y"); require("fs").writeFileSync(process.env.TMPDIR + "/x", "y"); return 1; };'};
	await fresh.create('gone', writer);
	await fresh.create('gone-too', writer);
	await fresh.invokeJson('gone');
	await fresh.invokeJson('gone-too');
	const tmpOf = (name: string) => fs.readdirSync(path.join(fresh.dataDir, 'tmp')).filter(folder => new RegExp(`^${name}-[\\da-f]{32}$`).test(folder));
	assert.ok(await eventually(() => fs.existsSync(path.join(fresh.dataDir, 'records', 'gone'))));
	assert.equal(tmpOf('gone').length, 1);
	assert.ok(fs.existsSync(path.join(fresh.dataDir, 'logs', 'gone')));
	await fresh.client.deleteFunction({FunctionName: 'gone'});
	assert.equal(fs.existsSync(path.join(fresh.dataDir, 'logs', 'gone')), false);
	assert.equal(fs.existsSync(path.join(fresh.dataDir, 'records', 'gone')), false);
	assert.deepEqual(tmpOf('gone'), []);
	assert.equal(tmpOf('gone-too').length, 1);
	assert.ok(fs.existsSync(path.join(fresh.dataDir, 'logs', 'gone-too')));
	await fresh.create('gone', writer);
	assert.deepEqual(await fresh.client.invocationRecords('gone'), []);
	await fresh.dispose();
});

test('control plane > a DryRun update leaves no package behind, and packages nothing uses are removed at open', async () => {
	const fresh = await openTestService();
	const created = await fresh.create('dry', code);
	assert.equal((await fresh.invokeJson('dry')).json, 'v1');
	const dry = await fresh.client.updateFunctionCode({FunctionName: 'dry', ZipFile: zipOf({'index.js': 'exports.handler = async () => "dry";'}), DryRun: true});
	assert.notEqual(dry.CodeSha256, created.CodeSha256);
	assert.deepEqual(packagesIn(fresh.dataDir), [hexOf(created.CodeSha256)]);
	await fresh.client.close();
	// An interrupted create: a package stored, its record never written, and a half-unpacked folder.
	const orphan = 'c'.repeat(64);
	fs.mkdirSync(path.join(fresh.dataDir, 'code', orphan));
	fs.writeFileSync(path.join(fresh.dataDir, 'code', `${orphan}.zip`), 'zip');
	fs.mkdirSync(path.join(fresh.dataDir, 'code', `${'d'.repeat(64)}.0badf00d.tmp`));
	const reopened = await openLocalClient({dataDir: fresh.dataDir, settings: {sandbox: 'process'}});
	await reopened.close();
	assert.deepEqual(fs.readdirSync(path.join(fresh.dataDir, 'code')).sort(), [hexOf(created.CodeSha256), `${hexOf(created.CodeSha256)}.size`, `${hexOf(created.CodeSha256)}.zip`]);
	fs.rmSync(fresh.dataDir, {recursive: true, force: true});
});

test('control plane > an update\'s clean-up never removes the code of a create still storing its package', async () => {
	const fresh = await openTestService();
	await fresh.create('first', code);
	const slow = buildZip(Array.from({length: 20_000}, (_, index) => ({name: index ? `pad/f${index}` : 'index.js', data: index ? '' : 'exports.handler = async () => "slow";'})));
	const creating = fresh.client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'second', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: slow}});
	assert.ok(await eventually(() => fs.readdirSync(path.join(fresh.dataDir, 'code')).some(name => name.endsWith('.tmp')), 400, 5), 'the create is unpacking');
	await fresh.client.updateFunctionCode({FunctionName: 'first', ZipFile: zipOf({'index.js': 'exports.handler = async () => "v2";'})});
	const second = await creating;
	await fresh.client.updateFunctionCode({FunctionName: 'first', ZipFile: zipOf({'index.js': 'exports.handler = async () => "v3";'})});
	assert.ok(packagesIn(fresh.dataDir).includes(hexOf(second.CodeSha256)));
	assert.equal((await fresh.invokeJson('second')).json, 'slow');
	assert.equal((await fresh.invokeJson('first')).json, 'v3');
	await fresh.dispose();
});

test('control plane > a damaged function.json affects that function only, and says which file and what is wrong', async () => {
	const fresh = await openTestService();
	await fresh.create('healthy', code);
	await fresh.create('broken', code);
	await fresh.client.close();
	const file = path.join(fresh.dataDir, 'functions', 'broken', 'function.json');
	fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
	const damaged = lambdaError('ServiceException', new RegExp(`^The record of function broken is damaged and cannot be read: ${file}: it is not valid JSON \\(.+\\)\\. `));
	const reopened = await openLocalClient({dataDir: fresh.dataDir, settings: {sandbox: 'process'}});
	assert.deepEqual((await reopened.listFunctions()).Functions.map(configuration => configuration.FunctionName), ['healthy']);
	await assert.rejects(reopened.getFunction({FunctionName: 'broken'}), damaged);
	await assert.rejects(reopened.invoke({FunctionName: 'broken', Payload: '{}'}), damaged);
	await assert.rejects(reopened.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'broken', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf(code)}}), damaged);
	assert.equal(fs.readFileSync(file, 'utf8').length, 40, 'the damaged file is left for the operator');
	await reopened.close();
	const listed = await lambdeck(fresh.dataDir, 'list-functions');
	assert.equal(listed.exitCode, 0, listed.stderr);
	assert.deepEqual(JSON.parse(listed.stdout).Functions.map((configuration: {FunctionName: string}) => configuration.FunctionName), ['healthy']);
	const got = await lambdeck(fresh.dataDir, 'get-function', '--function-name', 'broken');
	assert.equal(got.exitCode, 254);
	assert.match(got.stderr, /The record of function broken is damaged/);
	assert.doesNotMatch(got.stderr, /SyntaxError|\n\s+at /);
	assert.equal((await lambdeck(fresh.dataDir, 'invoke', '--function-name', 'healthy', path.join(fresh.dataDir, 'out.json'))).exitCode, 0);
	assert.equal((await lambdeck(fresh.dataDir, 'delete-function', '--function-name', 'broken')).exitCode, 0);
	assert.equal(fs.existsSync(path.dirname(file)), false);
	fs.rmSync(fresh.dataDir, {recursive: true, force: true});
});

test('control plane > a damaged settings.json is reported with its path, not wiped', async () => {
	const dataDir = temporaryFolder();
	const file = path.join(dataDir, 'settings.json');
	fs.writeFileSync(file, '{"region": "eu-we');
	const listed = await lambdeck(dataDir, 'list-functions');
	assert.equal(listed.exitCode, 254);
	assert.match(listed.stderr, new RegExp(`The file ${file} is damaged: it is not valid JSON \\(.+\\)\\. Repair it, or remove it to use the defaults\\.`));
	assert.doesNotMatch(listed.stderr, /\n\s+at /);
	assert.equal(fs.readFileSync(file, 'utf8'), '{"region": "eu-we');
	fs.rmSync(dataDir, {recursive: true, force: true});
});
