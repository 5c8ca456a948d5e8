import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, test} from 'node:test';
import {
	CreateAliasCommand, CreateFunctionCommand, DeleteAliasCommand, DeleteFunctionCommand, DeleteProvisionedConcurrencyConfigCommand, GetAccountSettingsCommand,
	GetProvisionedConcurrencyConfigCommand, InvokeCommand, LambdaClient, ListProvisionedConcurrencyConfigsCommand, PublishVersionCommand,
	PutProvisionedConcurrencyConfigCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {temporaryFolder, zipOf} from '../helpers/functions.js';
import {startServe, type Serve, sdkFailure as failure} from '../helpers/serve-process.js';

/*
Provisioned concurrency through a real serve: the AWS CLI's put-provisioned-concurrency-config --qualifier LIVE, environments
started ahead that serve invokes with no Init Duration, and AWS's answers as LocalStack recorded them (TestLambdaProvisionedConcurrency).
*/

const awsCli = '/usr/bin/aws';
let serve: Serve;
let lambda: LambdaClient;
let work: string;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const arnOf = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}${qualifier ? `:${qualifier}` : ''}`;

before(async () => {
	serve = await startServe({settings: {accountConcurrency: 20}});
	lambda = serve.lambda;
	work = temporaryFolder('lambdeck-provisioned-');
});

after(async () => {
	await serve.stop();
	fs.rmSync(work, {recursive: true, force: true});
});

const create = async (FunctionName: string, source: string) => {
	await lambda.send(new CreateFunctionCommand({FunctionName, Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': source})}}));
	await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName});
	await lambda.send(new PublishVersionCommand({FunctionName}));
};

/**
Ask the service until the configuration is no longer IN_PROGRESS.
*/
const settled = async (FunctionName: string, Qualifier: string) => {
	for (;;) {
		const config = await lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName, Qualifier}));
		if (config.Status !== 'IN_PROGRESS') {
			return config;
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
};

test('provisioned > put-provisioned-concurrency-config --qualifier LIVE starts environments that serve invokes with no Init Duration', {skip: fs.existsSync(awsCli) ? false : 'the AWS CLI v2 is not installed'}, async () => {
	await create('warm', 'exports.handler = async () => process.env.AWS_LAMBDA_INITIALIZATION_TYPE;');
	await lambda.send(new CreateAliasCommand({FunctionName: 'warm', Name: 'LIVE', FunctionVersion: '1'}));
	const before = (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions!;
	const put = await execa(awsCli, ['lambda', 'put-provisioned-concurrency-config', '--function-name', 'warm', '--qualifier', 'LIVE', '--provisioned-concurrent-executions', '2', '--endpoint-url', serve.url, '--output', 'json'], {
		env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', HOME: work}, extendEnv: false, reject: false, timeout: 60_000,
	});
	assert.equal(put.exitCode, 0, put.stderr);
	const answer = JSON.parse(put.stdout) as Record<string, unknown>;
	assert.deepEqual([answer.RequestedProvisionedConcurrentExecutions, answer.AllocatedProvisionedConcurrentExecutions, answer.Status], [2, 0, 'IN_PROGRESS'], 'put_provisioned_on_alias');
	const ready = await settled('warm', 'LIVE');
	assert.deepEqual([ready.Status, ready.AvailableProvisionedConcurrentExecutions, ready.AllocatedProvisionedConcurrentExecutions], ['READY', 2, 2]);
	assert.equal((await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions, before - 2, 'provisioned concurrency comes out of the unreserved');

	const invoked = await lambda.send(new InvokeCommand({FunctionName: 'warm', Qualifier: 'LIVE', LogType: 'Tail'}));
	assert.equal(JSON.parse(Buffer.from(invoked.Payload!).toString()), 'provisioned-concurrency');
	assert.equal(invoked.ExecutedVersion, '1');
	const log = Buffer.from(invoked.LogResult!, 'base64').toString();
	assert.match(log, /REPORT RequestId/);
	assert.doesNotMatch(log, /Init Duration/);
	const onDemand = await lambda.send(new InvokeCommand({FunctionName: 'warm', LogType: 'Tail'}));
	assert.equal(JSON.parse(Buffer.from(onDemand.Payload!).toString()), 'on-demand', '$LATEST runs on demand');
	assert.match(Buffer.from(onDemand.LogResult!, 'base64').toString(), /Init Duration/);

	const listed = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'warm'}));
	assert.deepEqual(listed.ProvisionedConcurrencyConfigs!.map(config => [config.FunctionArn, config.Status]), [[arnOf('warm', 'LIVE'), 'READY']]);
	assert.deepEqual(await failure(lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'warm', Qualifier: '1', ProvisionedConcurrentExecutions: 1}))), ['ResourceConflictException', 409, 'Version is pointed by a Provisioned Concurrency alias'], 'put_provisioned_on_version_conflict');
	await lambda.send(new DeleteAliasCommand({FunctionName: 'warm', Name: 'LIVE'}));
	assert.deepEqual((await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'warm'}))).ProvisionedConcurrencyConfigs, [], 'list_response_postdeletes');
	assert.equal((await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions, before);
});

test('provisioned > an environment that cannot initialize makes the configuration FAILED with the reason', async () => {
	await create('broken-init', 'throw new Error("no way");');
	await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'broken-init', Qualifier: '1', ProvisionedConcurrentExecutions: 1}));
	const failed = await settled('broken-init', '1');
	assert.equal(failed.Status, 'FAILED');
	assert.match(failed.StatusReason!, /no way/);
});

test(`provisioned > ${'TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions'} and test_lambda_provisioned_lifecycle`, async () => {
	await create('pc-errors', 'exports.handler = async () => 1;');
	const get = async (FunctionName: string, Qualifier: string) => lambda.send(new GetProvisionedConcurrencyConfigCommand({FunctionName, Qualifier}));
	const put = async (FunctionName: string, Qualifier: string, count = 1) => lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName, Qualifier, ProvisionedConcurrentExecutions: count}));
	const remove = async (FunctionName: string, Qualifier: string) => lambda.send(new DeleteProvisionedConcurrencyConfigCommand({FunctionName, Qualifier}));
	const cases: Array<[string, () => Promise<unknown>, unknown[]]> = [
		['get_provisioned_config_doesnotexist', async () => get('pc-errors', '1'), ['ProvisionedConcurrencyConfigNotFoundException', 404, 'No Provisioned Concurrency Config found for this function']],
		['get_provisioned_functionname_doesnotexist', async () => get('doesnotexist', 'noalias'), ['ResourceNotFoundException', 404, `Cannot find alias arn: ${arnOf('doesnotexist', 'noalias')}`]],
		['get_provisioned_qualifier_doesnotexist', async () => get('pc-errors', 'noalias'), ['ResourceNotFoundException', 404, `Cannot find alias arn: ${arnOf('pc-errors', 'noalias')}`]],
		['get_provisioned_version_doesnotexist', async () => get('pc-errors', '10'), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('pc-errors', '10')}`]],
		['get_provisioned_latest', async () => get('pc-errors', '$LATEST'), ['InvalidParameterValueException', 400, 'The function resource provided must be an alias or a published version.']],
		['list_provisioned_functionname_doesnotexist', async () => lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'doesnotexist'})), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('doesnotexist')}`]],
		['delete_provisioned_functionname_doesnotexist', async () => remove('doesnotexist', '1'), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('doesnotexist', '1')}`]],
		['delete_provisioned_latest', async () => remove('pc-errors', '$LATEST'), ['InvalidParameterValueException', 400, 'The function resource provided must be an alias or a published version.']],
		['put_provisioned_invalid_param_0', async () => put('pc-errors', '1', 0), ['ValidationException', 400, '1 validation error detected: Value \'0\' at \'provisionedConcurrentExecutions\' failed to satisfy constraint: Member must have value greater than or equal to 1']],
		['put_provisioned_qualifier_doesnotexist', async () => put('pc-errors', 'doesnotexist'), ['ResourceNotFoundException', 404, `Cannot find alias arn: ${arnOf('pc-errors', 'doesnotexist')}`]],
		['put_provisioned_version_doesnotexist', async () => put('pc-errors', '10'), ['ResourceNotFoundException', 404, `Function not found: ${arnOf('pc-errors', '10')}`]],
		['put_provisioned_latest', async () => put('pc-errors', '$LATEST'), ['InvalidParameterValueException', 400, 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.']],
		['put_provisioned_concurrency_below_unreserved_min_value', async () => put('pc-errors', '1', 19), ['InvalidParameterValueException', 400, 'Specified ConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [2].']],
	];
	for (const [entry, call, expected] of cases) {
		assert.deepEqual(await failure(call()), expected, entry);
	}

	assert.deepEqual((await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'pc-errors'}))).ProvisionedConcurrencyConfigs, [], 'list_provisioned_noconfigs');
	await remove('pc-errors', '1');
	const onVersion = await put('pc-errors', '1');
	assert.equal(onVersion.$metadata.httpStatusCode, 202);
	await lambda.send(new CreateAliasCommand({FunctionName: 'pc-errors', Name: 'pc-alias', FunctionVersion: '1'}));
	assert.deepEqual(await failure(put('pc-errors', 'pc-alias')), ['ResourceConflictException', 409, 'Alias can\'t be used for Provisioned Concurrency configuration on an already Provisioned version'], 'put_provisioned_on_alias_versionconflict');
	await settled('pc-errors', '1');
	await remove('pc-errors', '1');
	assert.deepEqual(await failure(get('pc-errors', '1')), ['ProvisionedConcurrencyConfigNotFoundException', 404, 'No Provisioned Concurrency Config found for this function'], 'get_provisioned_version_postdelete');
});

test('provisioned > an alias that shifts traffic with weights is refused, as AWS refuses it', async () => {
	await create('pc-weighted', 'exports.handler = async () => 1;');
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'pc-weighted', Description: 'second'}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'pc-weighted'});
	assert.equal((await lambda.send(new PublishVersionCommand({FunctionName: 'pc-weighted'}))).Version, '2');
	await lambda.send(new CreateAliasCommand({FunctionName: 'pc-weighted', Name: 'canary', FunctionVersion: '2', RoutingConfig: {AdditionalVersionWeights: {1: 0.5}}}));
	assert.deepEqual(
		await failure(lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'pc-weighted', Qualifier: 'canary', ProvisionedConcurrentExecutions: 1}))),
		['InvalidParameterValueException', 400, 'Alias with weights can not be used with Provisioned Concurrency'],
	);
});

test('provisioned > invokes beyond the provisioned environments spill over to on-demand ones with an Init Duration; deleting the version deletes its configuration', async () => {
	await create('spill', 'exports.handler = async () => { await new Promise(resolve => setTimeout(resolve, 400)); return process.env.AWS_LAMBDA_INITIALIZATION_TYPE; };');
	const before = (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions!;
	await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'spill', Qualifier: '1', ProvisionedConcurrentExecutions: 1}));
	assert.equal((await settled('spill', '1')).Status, 'READY');
	const invokes = await Promise.all([1, 2].map(async () => lambda.send(new InvokeCommand({FunctionName: 'spill', Qualifier: '1', LogType: 'Tail'}))));
	const seen = invokes.map(invoked => [JSON.parse(Buffer.from(invoked.Payload!).toString()) as string, /Init Duration/.test(Buffer.from(invoked.LogResult!, 'base64').toString())]).sort();
	assert.deepEqual(seen, [['on-demand', true], ['provisioned-concurrency', false]], 'one invoke on the provisioned environment, the other spilled to a cold on-demand one');

	await lambda.send(new DeleteFunctionCommand({FunctionName: 'spill', Qualifier: '1'}));
	assert.deepEqual((await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: 'spill'}))).ProvisionedConcurrencyConfigs, [], 'the version took its configuration with it');
	assert.equal((await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions, before, 'and its concurrency went back to the unreserved pool');
});

test('provisioned > pointing a provisioned alias at another version moves its environments there, as Lambda reallocates them', async () => {
	await create('moves', 'exports.handler = async () => process.env.AWS_LAMBDA_FUNCTION_VERSION;');
	await lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'moves', Description: 'two'}));
	await waitUntilFunctionUpdatedV2({client: lambda, maxWaitTime: 10, minDelay: 1}, {FunctionName: 'moves'});
	await lambda.send(new PublishVersionCommand({FunctionName: 'moves'}));
	await lambda.send(new CreateAliasCommand({FunctionName: 'moves', Name: 'live', FunctionVersion: '1'}));
	await lambda.send(new PutProvisionedConcurrencyConfigCommand({FunctionName: 'moves', Qualifier: 'live', ProvisionedConcurrentExecutions: 1}));
	assert.equal((await settled('moves', 'live')).Status, 'READY');
	const {UpdateAliasCommand} = await import('@aws-sdk/client-lambda');
	await lambda.send(new UpdateAliasCommand({FunctionName: 'moves', Name: 'live', FunctionVersion: '2'}));
	assert.equal((await settled('moves', 'live')).Status, 'READY');
	const invoked = await lambda.send(new InvokeCommand({FunctionName: 'moves', Qualifier: 'live', LogType: 'Tail'}));
	assert.equal(invoked.ExecutedVersion, '2');
	assert.doesNotMatch(Buffer.from(invoked.LogResult!, 'base64').toString(), /Init Duration/, 'version 2 had a provisioned environment waiting');
});
