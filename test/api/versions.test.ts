import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {DescribeLogStreamsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {
	CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, DeleteFunctionCommand, GetAliasCommand, GetFunctionCommand,
	GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListAliasesCommand, ListVersionsByFunctionCommand, PublishVersionCommand,
	UpdateAliasCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {zipOf} from '../helpers/functions.js';
import {startServe, type Serve, sdkFailure as failure} from '../helpers/serve-process.js';

/*
Versions, aliases and qualifiers through a real serve and the AWS SDK, with AWS's answers as LocalStack recorded them
(`test_lambda_api.snapshot.json`: TestLambdaVersions, TestLambdaAlias, TestLambdaRevisions).
*/

let serve: Serve;
let lambda: LambdaClient;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const arnOf = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const codeSaying = (word: string) => zipOf({'index.js': `exports.handler = async () => ({word: ${JSON.stringify(word)}, env: process.env.COLOUR, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME});`});

before(async () => {
	serve = await startServe();
	lambda = serve.lambda;
});

after(async () => {
	await serve.stop();
});

const create = async (name: string, options: {Publish?: boolean; colour?: string} = {}) => {
	const created = await lambda.send(new CreateFunctionCommand({
		FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: codeSaying('one')},
		Environment: {Variables: {COLOUR: options.colour ?? 'red'}}, Publish: options.Publish,
	}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: name});
	return created;
};

const updated = async (name: string) => waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: name});

const invoke = async (FunctionName: string, Qualifier?: string) => {
	const result = await lambda.send(new InvokeCommand({FunctionName, Qualifier}));
	return {executed: result.ExecutedVersion, ...JSON.parse(Buffer.from(result.Payload!).toString()) as {word: string; env: string; version: string; stream: string}};
};

test('versions > a published version is an immutable snapshot that runs as itself, with its own environment, ARN and log stream', async () => {
	await create('snap');
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'snap', Description: 'First version :)'}));
	await updated('snap');
	const first = await lambda.send(new PublishVersionCommand({FunctionName: 'snap', Description: 'First version description :)'}));
	assert.deepEqual([first.Version, first.FunctionArn, first.Description, first.State, first.LastUpdateStatus], ['1', arnOf('snap', '1'), 'First version description :)', 'Active', 'Successful'], 'first_publish_response');
	assert.equal(first.$metadata.httpStatusCode, 201);

	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'snap', Environment: {Variables: {COLOUR: 'blue'}}}));
	await updated('snap');
	await lambda.send(new UpdateFunctionCodeCommand({FunctionName: 'snap', ZipFile: codeSaying('two')}));
	await updated('snap');
	const one = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'snap', Qualifier: '1'}));
	assert.deepEqual([one.Environment?.Variables, one.CodeSha256, one.RevisionId], [{COLOUR: 'red'}, first.CodeSha256, first.RevisionId], '$LATEST changes never touch a version');

	assert.deepEqual(await invoke('snap', '1'), {executed: '1', word: 'one', env: 'red', version: '1', stream: (await invoke('snap', '1')).stream});
	const latest = await invoke('snap');
	assert.deepEqual([latest.executed, latest.word, latest.env, latest.version], ['$LATEST', 'two', 'blue', '$LATEST']);
	const byArn = await invoke(arnOf('snap', '1'));
	assert.equal(byArn.executed, '1', 'a qualified ARN names the version');
	assert.match(byArn.stream, /^\d{4}\/\d\d\/\d\d\/\[1\][\da-f]{32}$/);
	const streams = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/snap'}));
	assert.ok(streams.logStreams!.some(stream => stream.logStreamName === byArn.stream), 'the version\'s log stream is named [1]');

	const second = await lambda.send(new PublishVersionCommand({FunctionName: 'snap'}));
	assert.deepEqual([second.Version, second.Description], ['2', 'First version :)']);
	const third = await lambda.send(new PublishVersionCommand({FunctionName: 'snap'}));
	assert.deepEqual([third.Version, third.RevisionId], ['2', second.RevisionId], 'third_publish_response: nothing changed, nothing published');

	const listed = await lambda.send(new ListVersionsByFunctionCommand({FunctionName: 'snap'}));
	assert.deepEqual(listed.Versions!.map(version => [version.Version, version.FunctionArn]), [['$LATEST', arnOf('snap', '$LATEST')], ['1', arnOf('snap', '1')], ['2', arnOf('snap', '2')]]);
	assert.equal(listed.Versions![0]!.State, undefined, 'list items carry no State');

	await lambda.send(new DeleteFunctionCommand({FunctionName: 'snap', Qualifier: '1'}));
	const afterDelete = await lambda.send(new ListVersionsByFunctionCommand({FunctionName: 'snap'}));
	assert.deepEqual(afterDelete.Versions!.map(version => version.Version), ['$LATEST', '2']);
	assert.deepEqual(await failure(lambda.send(new GetFunctionCommand({FunctionName: 'snap', Qualifier: '1'}))), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('snap', '1')}`]);
	assert.deepEqual(await failure(lambda.send(new InvokeCommand({FunctionName: 'snap', Qualifier: '1'}))), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('snap', '1')}`]);
	const next = await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'snap', Description: 'later'}));
	await updated('snap');
	assert.equal(next.Version, '$LATEST');
	assert.equal((await lambda.send(new PublishVersionCommand({FunctionName: 'snap'}))).Version, '3', 'numbers are never reused');
});

test('versions > PublishVersion checks RevisionId and CodeSha256 against $LATEST, in AWS\'s words', async () => {
	await create('guarded');
	const current = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'guarded'}));
	assert.deepEqual(await failure(lambda.send(new PublishVersionCommand({FunctionName: 'guarded', RevisionId: 'wrong'}))), ['PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id']);
	assert.deepEqual(await failure(lambda.send(new PublishVersionCommand({FunctionName: 'guarded', CodeSha256: 'somenonexistentsha256'}))), ['InvalidParameterValueException', 400, `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${current.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`]);
	const published = await lambda.send(new PublishVersionCommand({FunctionName: 'guarded', RevisionId: current.RevisionId, CodeSha256: current.CodeSha256}));
	assert.equal(published.Version, '1');
	const after = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'guarded'}));
	assert.notEqual(after.RevisionId, current.RevisionId, 'publishing gives $LATEST a new revision (TestLambdaRevisions)');
	assert.deepEqual(await failure(lambda.send(new DeleteFunctionCommand({FunctionName: 'guarded', Qualifier: '$LATEST'}))), ['InvalidParameterValueException', 400, '$LATEST version cannot be deleted without deleting the function.']);
});

test('versions > Publish on create and on a code update publishes at once; $LATEST as a qualifier shows in the ARN', async () => {
	const created = await create('eager', {Publish: true});
	assert.deepEqual([created.Version, created.FunctionArn], ['1', arnOf('eager')], 'create_response of test_publish_version_on_create');
	const latest = await lambda.send(new GetFunctionCommand({FunctionName: 'eager', Qualifier: '$LATEST'}));
	assert.equal(latest.Configuration!.FunctionArn, arnOf('eager', '$LATEST'));
	assert.equal((await lambda.send(new GetFunctionCommand({FunctionName: 'eager', Qualifier: '1'}))).Configuration!.FunctionArn, arnOf('eager', '1'));
	const code = await lambda.send(new UpdateFunctionCodeCommand({FunctionName: 'eager', ZipFile: codeSaying('two'), Publish: true}));
	assert.deepEqual([code.Version, code.FunctionArn], ['2', arnOf('eager', '2')], 'update_function_code_result of test_publish_with_update');
	assert.equal((await invoke('eager', '2')).word, 'two');
	assert.equal((await invoke('eager', '1')).word, 'one');
});

test('aliases > an alias runs its version, follows an update, and a 50/50 routing config runs both versions', async () => {
	await create('routed');
	await lambda.send(new PublishVersionCommand({FunctionName: 'routed'}));
	await lambda.send(new UpdateFunctionCodeCommand({FunctionName: 'routed', ZipFile: codeSaying('two')}));
	await updated('routed');
	await lambda.send(new PublishVersionCommand({FunctionName: 'routed'}));
	const alias = await lambda.send(new CreateAliasCommand({FunctionName: 'routed', Name: 'LIVE', FunctionVersion: '1', Description: 'custom-alias'}));
	assert.deepEqual([alias.AliasArn, alias.Name, alias.FunctionVersion, alias.Description, alias.RoutingConfig], [arnOf('routed', 'LIVE'), 'LIVE', '1', 'custom-alias', undefined]);
	assert.equal(alias.$metadata.httpStatusCode, 201);
	assert.deepEqual(await invoke('routed', 'LIVE'), {...await invoke('routed', '1'), executed: '1'});
	const got = await lambda.send(new GetFunctionCommand({FunctionName: arnOf('routed', 'LIVE')}));
	assert.deepEqual([got.Configuration!.FunctionArn, got.Configuration!.Version], [arnOf('routed', 'LIVE'), '1'], 'get_function_byarn_alias');

	const shifted = await lambda.send(new UpdateAliasCommand({FunctionName: 'routed', Name: 'LIVE', RoutingConfig: {AdditionalVersionWeights: {2: 0.5}}, RevisionId: alias.RevisionId}));
	assert.deepEqual(shifted.RoutingConfig, {AdditionalVersionWeights: {2: 0.5}});
	assert.notEqual(shifted.RevisionId, alias.RevisionId);
	const seen = new Set<string>();
	for (let attempt = 0; attempt < 40 && seen.size < 2; attempt++) {
		const result = await invoke('routed', 'LIVE');
		assert.equal(result.word, result.executed === '1' ? 'one' : 'two', 'ExecutedVersion says which version ran');
		seen.add(result.executed!);
	}

	assert.deepEqual([...seen].sort(), ['1', '2']);
	assert.deepEqual(await failure(lambda.send(new UpdateAliasCommand({FunctionName: 'routed', Name: 'LIVE', Description: 'x', RevisionId: alias.RevisionId}))), ['PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id']);
	const moved = await lambda.send(new UpdateAliasCommand({FunctionName: 'routed', Name: 'LIVE', FunctionVersion: '2', RoutingConfig: {AdditionalVersionWeights: {}}}));
	assert.deepEqual([moved.FunctionVersion, moved.RoutingConfig], ['2', undefined]);
	assert.equal((await invoke('routed', 'LIVE')).executed, '2');
	assert.deepEqual((await lambda.send(new ListAliasesCommand({FunctionName: 'routed'}))).Aliases!.map(item => item.Name), ['LIVE']);
	assert.deepEqual((await lambda.send(new ListAliasesCommand({FunctionName: 'routed', FunctionVersion: '1'}))).Aliases, []);
	assert.deepEqual(await failure(lambda.send(new DeleteFunctionCommand({FunctionName: 'routed', Qualifier: 'LIVE'}))), ['InvalidParameterValueException', 400, 'Deletion of aliases is not currently supported.']);
	await lambda.send(new DeleteAliasCommand({FunctionName: 'routed', Name: 'LIVE'}));
	await lambda.send(new DeleteAliasCommand({FunctionName: 'routed', Name: 'LIVE'}));
	assert.deepEqual(await failure(lambda.send(new InvokeCommand({FunctionName: 'routed', Qualifier: 'LIVE'}))), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('routed', 'LIVE')}`]);
});

test(`aliases > ${'TestLambdaAlias::test_notfound_and_invalid_routingconfigs'}: AWS's errors`, async () => {
	await create('picky');
	await lambda.send(new PublishVersionCommand({FunctionName: 'picky'}));
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'picky', Description: 'v2'}));
	await updated('picky');
	await lambda.send(new PublishVersionCommand({FunctionName: 'picky'}));
	const alias = async (FunctionVersion: string, weights?: Record<string, number>, Name = 'custom', FunctionName = 'picky') =>
		lambda.send(new CreateAliasCommand({FunctionName, Name, FunctionVersion, ...(weights ? {RoutingConfig: {AdditionalVersionWeights: weights}} : {})}));
	const cases: Array<[string, () => Promise<unknown>, unknown[]]> = [
		['routing_config_exc_toomany', async () => alias('1', {2: 0.5, 3: 0.2}), ['InvalidParameterValueException', 400, 'Number of items in AdditionalVersionWeights cannot be greater than 1']],
		['routing_config_exc_toohigh', async () => alias('1', {2: 2}), ['ValidationException', 400, '1 validation error detected: Value \'{2=2.0}\' at \'routingConfig.additionalVersionWeights\' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]']],
		['routing_config_exc_subzero', async () => alias('1', {2: -1}), ['ValidationException', 400, '1 validation error detected: Value \'{2=-1.0}\' at \'routingConfig.additionalVersionWeights\' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]']],
		['routing_config_exc_sameversion', async () => alias('1', {1: 0.5}), ['InvalidParameterValueException', 400, 'Invalid function version 1. Function version 1 is already included in routing configuration.']],
		['target_version_doesnotexist', async () => alias('10'), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('picky', '10')}`]],
		['routing_config_exc_version_doesnotexist', async () => alias('1', {10: 0.5}), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('picky', '10')}`]],
		['target_version_exc_version_latest', async () => alias('$LATEST', {2: 0.5}), ['InvalidParameterValueException', 400, '$LATEST is not supported for an alias pointing to more than 1 version']],
		['routing_config_exc_fn_doesnotexist', async () => alias('1', {2: 0.5}, 'custom', 'picky-unknown'), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('picky-unknown', '1')}`]],
		['create_alias_number_exception', async () => alias('1', undefined, '2024'), ['ValidationException', 400, '1 validation error detected: Value \'2024\' at \'name\' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)']],
	];
	for (const [entry, call, expected] of cases) {
		assert.deepEqual(await failure(call()), expected, entry);
	}

	assert.equal((await alias('$LATEST', undefined, 'custom-latest')).FunctionVersion, '$LATEST', 'create-alias-latest');
	assert.equal((await alias('1', {}, 'custom-empty-routingconfig')).RoutingConfig, undefined, 'create_alias_empty_routingconfig');
	await alias('1', {2: 0.5});
	assert.deepEqual(await failure(alias('1', {2: 0.5})), ['ResourceConflictException', 409, `Alias already exists: ${arnOf('picky', 'custom')}`], 'routing_config_exc_already_exist');
	assert.deepEqual(await failure(lambda.send(new GetAliasCommand({FunctionName: 'picky', Name: 'non-existent'}))), ['ResourceNotFoundException', 404, `Cannot find alias arn: ${arnOf('picky', 'non-existent')}`], 'alias_does_not_exist_esc');
	assert.deepEqual(await failure(lambda.send(new UpdateAliasCommand({FunctionName: 'picky', Name: 'non-existent'}))), ['ResourceNotFoundException', 404, `Alias not found: ${arnOf('picky', 'non-existent')}`], 'test_non_existent_alias_update');
});
