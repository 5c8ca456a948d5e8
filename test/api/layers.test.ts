import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {
	AddLayerVersionPermissionCommand, CreateFunctionCommand, DeleteLayerVersionCommand, GetFunctionConfigurationCommand, GetLayerVersionByArnCommand,
	GetLayerVersionCommand, GetLayerVersionPolicyCommand, InvokeCommand, LambdaClient, ListLayersCommand, ListLayerVersionsCommand,
	PublishLayerVersionCommand, RemoveLayerVersionPermissionCommand, type Runtime, UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {examplesFolder, hasCommand, temporaryFolder, zipOf} from '../helpers/functions.js';
import {cliPath, startServe, type Serve, sdkFailure as failure} from '../helpers/serve-process.js';

/*
Layers through a real serve: the AWS SDK for the API and AWS's answers as LocalStack recorded them (TestLambdaLayer), the AWS CLI
for publish-layer-version and update-function-configuration --layers, and functions that import from their layers only.
*/

const awsCli = '/usr/bin/aws';
let serve: Serve;
let lambda: LambdaClient;
let work: string;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const layerArn = (name: string, version?: number) => `arn:aws:lambda:us-east-1:000000000000:layer:${name}${version ? `:${version}` : ''}`;

before(async () => {
	serve = await startServe();
	lambda = serve.lambda;
	work = temporaryFolder('lambdeck-layers-');
});

after(async () => {
	await serve.stop();
	fs.rmSync(work, {recursive: true, force: true});
});

const publish = async (LayerName: string, files: Record<string, string>, options: {CompatibleRuntimes?: string[]; modes?: Record<string, number>} = {}) =>
	lambda.send(new PublishLayerVersionCommand({LayerName, Content: {ZipFile: zipOf(files, options.modes)}, CompatibleRuntimes: options.CompatibleRuntimes as Runtime[] | undefined, CompatibleArchitectures: ['x86_64']}));

const create = async (FunctionName: string, files: Record<string, string>, options: {Runtime?: string; Handler?: string; Layers?: string[]; modes?: Record<string, number>} = {}) => {
	await lambda.send(new CreateFunctionCommand({
		FunctionName, Role: role, Runtime: (options.Runtime ?? 'nodejs20.x') as Runtime, Handler: options.Handler ?? 'index.handler', Code: {ZipFile: zipOf(files, options.modes)}, Layers: options.Layers,
	}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName});
};

const invoke = async (FunctionName: string) => {
	const result = await lambda.send(new InvokeCommand({FunctionName}));
	return JSON.parse(Buffer.from(result.Payload!).toString()) as unknown;
};

test('layers > a Node function imports a library only its layer has, and a later layer wins on the same path', async () => {
	const greet = await publish('greet-node', {'nodejs/node_modules/greet/index.js': 'module.exports = name => `hello ${name} from layer A`;', 'bin/layer-tool': '#!/bin/sh\necho tool', 'nodejs/node_modules/only-a/index.js': 'module.exports = "a";'}, {modes: {'bin/layer-tool': 0o755}});
	assert.deepEqual([greet.Version, greet.LayerVersionArn, greet.LayerArn, greet.CompatibleArchitectures], [1, layerArn('greet-node', 1), layerArn('greet-node'), ['x86_64']]);
	assert.equal(greet.$metadata.httpStatusCode, 201);
	const override = await publish('greet-override', {'nodejs/node20/node_modules/greet/index.js': 'module.exports = name => `hello ${name} from layer B`;'});
	const code = {'index.js': `const {execFileSync} = require('node:child_process');
exports.handler = async () => ({greeting: require('greet')('you'), onlyA: require('only-a'), tool: execFileSync('layer-tool').toString().trim(), lib: process.env.LD_LIBRARY_PATH.split(':').some(item => item.endsWith('/lib') && !item.includes('task') && !item.includes('runtime'))});`};
	await create('uses-layer', code, {Layers: [greet.LayerVersionArn!]});
	assert.deepEqual(await invoke('uses-layer'), {greeting: 'hello you from layer A', onlyA: 'a', tool: 'tool', lib: true});
	const configuration = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'uses-layer'}));
	assert.deepEqual(configuration.Layers, [{Arn: greet.LayerVersionArn, CodeSize: greet.Content!.CodeSize}]);

	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'uses-layer', Layers: [greet.LayerVersionArn!, override.LayerVersionArn!]}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'uses-layer'});
	assert.deepEqual(await invoke('uses-layer'), {greeting: 'hello you from layer B', onlyA: 'a', tool: 'tool', lib: true}, 'nodejs/node20/node_modules is searched before nodejs/node_modules');

	const later = await publish('greet-later', {'nodejs/node_modules/only-a/index.js': 'module.exports = "overridden by a later layer";'});
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'uses-layer', Layers: [greet.LayerVersionArn!, later.LayerVersionArn!]}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'uses-layer'});
	assert.equal((await invoke('uses-layer') as {onlyA: string}).onlyA, 'overridden by a later layer');
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'uses-layer', Layers: [later.LayerVersionArn!, greet.LayerVersionArn!]}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'uses-layer'});
	assert.equal((await invoke('uses-layer') as {onlyA: string}).onlyA, 'a', 'in the other order the first layer\'s file is overwritten');

	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'uses-layer', Layers: []}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'uses-layer'});
	assert.equal((await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'uses-layer'}))).Layers, undefined);
	const result = await lambda.send(new InvokeCommand({FunctionName: 'uses-layer'}));
	assert.equal(result.FunctionError, 'Unhandled', 'without its layer the library is gone, and the host\'s /opt is never searched');
});

test('layers > a Python function imports a module from python/ and from python/lib/python3.x/site-packages', {skip: hasCommand('python3') ? false : 'no python3'}, async () => {
	const layer = await publish('greet-python', {'python/greet.py': 'def greet(name):\n    return f"hello {name} from python"\n', 'python/lib/python3.12/site-packages/extra.py': 'VALUE = 42\n'});
	await create('py-uses-layer', {'handler.py': 'import greet\nimport extra\n\ndef handler(event, context):\n    return {"greeting": greet.greet("py"), "extra": extra.VALUE}\n'}, {Runtime: 'python3.12', Handler: 'handler.handler', Layers: [layer.LayerVersionArn!]});
	assert.deepEqual(await invoke('py-uses-layer'), {greeting: 'hello py from python', extra: 42});
});

test('layers > a provided.al2023 function runs the bootstrap its layer carries', {skip: hasCommand('curl') ? false : 'no curl for the shell bootstrap'}, async () => {
	const bootstrap = fs.readFileSync(path.join(examplesFolder, 'custom-runtime', 'bootstrap'), 'utf8');
	const runtime = await publish('shell-runtime', {bootstrap}, {modes: {bootstrap: 0o755}});
	await create('layered-runtime', {'function.sh': ''}, {Runtime: 'provided.al2023', Handler: 'function.handler', Layers: [runtime.LayerVersionArn!]});
	assert.deepEqual(await invoke('layered-runtime'), {message: 'Hello from a custom runtime', handler: 'function.handler', event: {}}, 'an invoke without a payload gives the runtime {}');
});

test(`layers > ${'TestLambdaLayer::test_layer_lifecycle'}, test_layer_exceptions, test_layer_function_exceptions: AWS's answers`, async () => {
	const first = await publish('life', {'nodejs/node_modules/x/index.js': 'module.exports = 1;'}, {CompatibleRuntimes: ['nodejs20.x']});
	await publish('life', {'nodejs/node_modules/x/index.js': 'module.exports = 2;'}, {CompatibleRuntimes: ['nodejs20.x']});
	const got = await lambda.send(new GetLayerVersionCommand({LayerName: 'life', VersionNumber: 1}));
	assert.deepEqual([got.LayerVersionArn, got.Version, got.CompatibleRuntimes, got.Content!.CodeSha256], [first.LayerVersionArn, 1, ['nodejs20.x'], first.Content!.CodeSha256], 'get_layer_ver_result');
	assert.equal((await lambda.send(new GetLayerVersionByArnCommand({Arn: layerArn('life', 2)}))).Version, 2, 'get_layer_by_arn_version');
	const listed = await lambda.send(new ListLayerVersionsCommand({LayerName: 'life'}));
	assert.deepEqual(listed.LayerVersions!.map(version => version.Version), [2, 1], 'list_layer_versions_predelete: newest first');
	assert.equal('Content' in listed.LayerVersions![0]!, false);
	const layers = await lambda.send(new ListLayersCommand({CompatibleRuntime: 'nodejs20.x'}));
	assert.equal(layers.Layers!.find(layer => layer.LayerName === 'life')!.LatestMatchingVersion!.Version, 2);

	await create('keeps-deleted-layer', {'index.js': 'exports.handler = async () => require("x");'}, {Layers: [first.LayerVersionArn!]});
	await lambda.send(new DeleteLayerVersionCommand({LayerName: 'life', VersionNumber: 1}));
	await lambda.send(new DeleteLayerVersionCommand({LayerName: 'life', VersionNumber: 1}));
	assert.deepEqual((await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'keeps-deleted-layer'}))).Layers!.map(layer => layer.Arn), [first.LayerVersionArn], 'get_fn_config_postdelete');
	assert.equal(await invoke('keeps-deleted-layer'), 1, 'a function keeps running with a deleted layer version');
	await lambda.send(new DeleteLayerVersionCommand({LayerName: 'life', VersionNumber: 2}));
	assert.deepEqual((await lambda.send(new ListLayerVersionsCommand({LayerName: 'life'}))).LayerVersions, []);
	assert.equal((await publish('life', {'a.txt': 'a'})).Version, 3, 'publish_result_3: numbers are never reused');

	assert.deepEqual(await failure(lambda.send(new GetLayerVersionCommand({LayerName: 'no-such-layer', VersionNumber: 1}))), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.']);
	assert.deepEqual(await failure(lambda.send(new GetLayerVersionCommand({LayerName: 'life', VersionNumber: 0}))), ['InvalidParameterValueException', 400, 'Layer Version Cannot be less than 1']);
	assert.deepEqual(await failure(lambda.send(new GetLayerVersionCommand({LayerName: 'life', VersionNumber: 2}))), ['ResourceNotFoundException', 404, 'The resource you requested does not exist.']);
	assert.deepEqual((await lambda.send(new ListLayerVersionsCommand({LayerName: 'never-published'}))).LayerVersions, [], 'list_nonexistent_layer');

	const one = await publish('twice', {'a.txt': 'a'});
	const two = await publish('twice', {'a.txt': 'b'});
	const createWith = async (Layers: string[]) => lambda.send(new CreateFunctionCommand({FunctionName: 'refused', Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': ''})}, Layers}));
	assert.deepEqual(await failure(createWith([one.LayerVersionArn!, two.LayerVersionArn!])), ['InvalidParameterValueException', 400, `Two different versions of the same layer are not allowed to be referenced in the same function. ${one.LayerVersionArn} and ${two.LayerVersionArn} are versions of the same layer.`]);
	assert.deepEqual(await failure(createWith([layerArn('doesnotexist', 1)])), ['InvalidParameterValueException', 400, `Layer version ${layerArn('doesnotexist', 1)} does not exist.`]);
	assert.deepEqual(await failure(createWith([layerArn('twice', 9)])), ['InvalidParameterValueException', 400, `Layer version ${layerArn('twice', 9)} does not exist.`]);
	assert.deepEqual(await failure(createWith([one.LayerVersionArn!.replace('us-east-1', 'eu-west-1')])), ['InvalidParameterValueException', 400, 'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.']);
	assert.deepEqual(await failure(createWith(Array.from({length: 6}, (_, index) => layerArn(`six${index}`, 1)))), ['InvalidParameterValueException', 400, 'Cannot reference more than 5 layers.'], 'test_layer_function_quota_exception');
});

test(`layers > ${'TestLambdaLayer::test_layer_policy_lifecycle'} and test_layer_policy_exceptions`, async () => {
	await publish('shared', {'a.txt': 'a'});
	const get = async () => lambda.send(new GetLayerVersionPolicyCommand({LayerName: 'shared', VersionNumber: 1}));
	assert.deepEqual(await failure(get()), ['ResourceNotFoundException', 404, 'No policy is associated with the given resource.']);
	const added = await lambda.send(new AddLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 's1', Action: 'lambda:GetLayerVersion', Principal: '*'}));
	assert.deepEqual(JSON.parse(added.Statement!), {Sid: 's1', Effect: 'Allow', Principal: '*', Action: 'lambda:GetLayerVersion', Resource: layerArn('shared', 1)});
	assert.deepEqual(await failure(lambda.send(new AddLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 's1', Action: 'lambda:GetLayerVersion', Principal: '*'}))), ['ResourceConflictException', 409, 'The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.']);
	assert.deepEqual(await failure(lambda.send(new AddLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 's2', Action: 'lambda:GetLayerVersion', Principal: '*', RevisionId: 'wrong'}))), ['PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id']);
	assert.deepEqual(await failure(lambda.send(new AddLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 2, StatementId: 's2', Action: 'lambda:GetLayerVersion', Principal: '*'}))), ['ResourceNotFoundException', 404, `Layer version ${layerArn('shared', 2)} does not exist.`]);
	await lambda.send(new AddLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 's2', Action: 'lambda:GetLayerVersion', Principal: '*', RevisionId: added.RevisionId}));
	const policy = await get();
	assert.deepEqual(JSON.parse(policy.Policy!).Statement.map((statement: {Sid: string}) => statement.Sid), ['s1', 's2']);
	assert.deepEqual(await failure(lambda.send(new RemoveLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 'doesnotexist'}))), ['ResourceNotFoundException', 404, 'Statement doesnotexist is not found in resource policy.']);
	await lambda.send(new RemoveLayerVersionPermissionCommand({LayerName: 'shared', VersionNumber: 1, StatementId: 's2', RevisionId: policy.RevisionId}));
	const after = await get();
	assert.deepEqual(JSON.parse(after.Policy!).Statement.map((statement: {Sid: string}) => statement.Sid), ['s1']);
	assert.notEqual(after.RevisionId, policy.RevisionId);
});

test('layers > the AWS CLI (and lambdeck\'s verb) publishes a layer from a zip and attaches it with update-function-configuration --layers', {skip: fs.existsSync(awsCli) ? false : 'the AWS CLI v2 is not installed'}, async () => {
	const aws = async (...args: string[]) => execa(awsCli, ['lambda', ...args, '--endpoint-url', serve.url, '--output', 'json'], {
		env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', HOME: work}, extendEnv: false, cwd: work, reject: false, timeout: 60_000,
	});
	fs.writeFileSync(path.join(work, 'layer.zip'), zipOf({'nodejs/node_modules/cli-lib/index.js': 'module.exports = "from the cli layer";'}));
	const published = await aws('publish-layer-version', '--layer-name', 'cli-layer', '--zip-file', 'fileb://layer.zip', '--compatible-runtimes', 'nodejs20.x');
	assert.equal(published.exitCode, 0, published.stderr);
	const {LayerVersionArn} = JSON.parse(published.stdout) as {LayerVersionArn: string};
	assert.equal(LayerVersionArn, layerArn('cli-layer', 1));
	const own = await execa(process.execPath, [cliPath, 'publish-layer-version', '--layer-name', 'cli-layer', '--zip-file', 'fileb://layer.zip', '--endpoint-url', serve.url], {cwd: work, reject: false});
	assert.equal(own.exitCode, 0, own.stderr);
	assert.equal((JSON.parse(own.stdout) as {Version: number}).Version, 2, 'lambdeck\'s own verb takes --zip-file as the AWS CLI does');
	await create('cli-attached', {'index.js': 'exports.handler = async () => require("cli-lib");'});
	const attached = await aws('update-function-configuration', '--function-name', 'cli-attached', '--layers', LayerVersionArn);
	assert.equal(attached.exitCode, 0, attached.stderr);
	assert.deepEqual((JSON.parse(attached.stdout) as {Layers: Array<{Arn: string}>}).Layers.map(layer => layer.Arn), [LayerVersionArn]);
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'cli-attached'});
	assert.equal(await invoke('cli-attached'), 'from the cli layer');
});
