import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, test} from 'node:test';
import {
	AddPermissionCommand, CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, GetFunctionCommand, GetPolicyCommand, InvokeCommand, type LambdaClient, PublishVersionCommand,
	RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {startServe, type Serve} from '../helpers/serve-process.js';

let serve: Serve;
let lambda: LambdaClient;
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const awsCli = '/usr/bin/aws';

before(async () => {
	serve = await startServe();
	lambda = serve.lambda;
	await serve.createFunction('guarded', {'index.js': 'exports.handler = async () => 1;'});
});

after(async () => {
	await serve.stop();
});

const s3Permission = (FunctionName: string, StatementId = 's3', extra: Record<string, string> = {}) =>
	new AddPermissionCommand({FunctionName, StatementId, Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::test-bucket', ...extra});

const failure = async (promise: Promise<unknown>) => {
	try {
		await promise;
	} catch (error) {
		const {name, message, $metadata} = error as {name: string; message: string; $metadata: {httpStatusCode: number}};
		return {name, message, status: $metadata.httpStatusCode};
	}

	assert.fail('the call succeeded');
};

test('policies > AddPermission answers the statement and GetPolicy the document, as JSON strings in AWS\'s shape, the policy\'s RevisionId the function\'s', async () => {
	const before = (await lambda.send(new GetFunctionCommand({FunctionName: 'guarded'}))).Configuration!.RevisionId;
	const added = await lambda.send(s3Permission('guarded'));
	const statement = `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${arnOf('guarded')}","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::test-bucket"}}}`;
	assert.equal(added.Statement, statement);
	assert.equal(added.$metadata.httpStatusCode, 201);
	const policy = await lambda.send(new GetPolicyCommand({FunctionName: 'guarded'}));
	assert.equal(policy.Policy, `{"Version":"2012-10-17","Id":"default","Statement":[${statement}]}`);
	const after = (await lambda.send(new GetFunctionCommand({FunctionName: 'guarded'}))).Configuration!.RevisionId;
	assert.notEqual(after, before, 'a new permission is a new revision of the function');
	assert.equal(policy.RevisionId, after);

	assert.deepEqual(await failure(lambda.send(s3Permission('guarded'))), {
		name: 'ResourceConflictException', status: 409,
		message: 'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
	});
	assert.deepEqual(await failure(lambda.send(s3Permission('guarded', 's3-2', {RevisionId: 'wrong'}))), {
		name: 'PreconditionFailedException', status: 412,
		message: 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
	});
	await lambda.send(s3Permission('guarded', 's3-2', {RevisionId: policy.RevisionId!}));
	assert.deepEqual(await failure(lambda.send(new RemovePermissionCommand({FunctionName: 'guarded', StatementId: 'non-existent'}))), {
		name: 'ResourceNotFoundException', status: 404, message: 'Statement non-existent is not found in resource policy.',
	});
	await lambda.send(new RemovePermissionCommand({FunctionName: 'guarded', StatementId: 's3-2'}));
	assert.deepEqual(JSON.parse((await lambda.send(new GetPolicyCommand({FunctionName: 'guarded'}))).Policy!).Statement.map((item: {Sid: string}) => item.Sid), ['s3']);
	await lambda.send(new RemovePermissionCommand({FunctionName: 'guarded', StatementId: 's3'}));
	assert.deepEqual(await failure(lambda.send(new GetPolicyCommand({FunctionName: 'guarded'}))), {
		name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.',
	}, 'removing the last statement removes the policy');
	assert.deepEqual(await failure(lambda.send(new RemovePermissionCommand({FunctionName: 'guarded', StatementId: 's3'}))), {
		name: 'ResourceNotFoundException', status: 404, message: 'No policy is associated with the given resource.',
	});
});

test('policies > principals and conditions are written as AWS writes them', async () => {
	const statementOf = async (input: Record<string, string>) => JSON.parse((await lambda.send(new AddPermissionCommand({FunctionName: 'guarded', Action: 'lambda:InvokeFunction', ...input} as never))).Statement!) as Record<string, unknown>;
	assert.deepEqual((await statementOf({StatementId: 'wildcard', Principal: '*', SourceAccount: '111111111111'})).Condition, {StringEquals: {'AWS:SourceAccount': '111111111111'}});
	assert.deepEqual((await statementOf({StatementId: 'account', Principal: '111111111111'})).Principal, {AWS: 'arn:aws:iam::111111111111:root'});
	assert.deepEqual(await statementOf({StatementId: 'url', Principal: '*', Action: 'lambda:InvokeFunctionUrl', SourceArn: 'arn:aws:s3:::b', SourceAccount: '111111111111', PrincipalOrgID: 'o-1234567890', FunctionUrlAuthType: 'NONE'}), {
		Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: arnOf('guarded'),
		Condition: {StringEquals: {'AWS:SourceAccount': '111111111111', 'lambda:FunctionUrlAuthType': 'NONE', 'aws:PrincipalOrgID': 'o-1234567890'}, ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::b'}},
	});
	assert.deepEqual(await failure(lambda.send(new AddPermissionCommand({FunctionName: 'guarded', StatementId: 'bad', Action: 'lambda:InvokeFunction', Principal: 'invalid.nonaws.com'}))), {
		name: 'InvalidParameterValueException', status: 400, message: 'The provided principal was invalid. Please check the principal and try again.',
	});
	assert.deepEqual(await failure(lambda.send(new AddPermissionCommand({FunctionName: 'guarded', StatementId: 'example.com', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com'}))), {
		name: 'ValidationException', status: 400,
		message: '1 validation error detected: Value \'example.com\' at \'statementId\' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)',
	});
});

test('policies > each version and alias has its own policy, with AWS\'s errors for qualifiers that name nothing', async () => {
	await serve.createFunction('versioned', {'index.js': 'exports.handler = async () => 1;'});
	await lambda.send(s3Permission('versioned'));
	const {Version} = await lambda.send(new PublishVersionCommand({FunctionName: 'versioned'}));
	assert.equal((await failure(lambda.send(new GetPolicyCommand({FunctionName: 'versioned', Qualifier: Version}))))?.message, 'The resource you requested does not exist.', 'publishing copies no policy');
	await lambda.send(s3Permission(`versioned:${Version}`, 's3', {Qualifier: Version!}));
	const versionPolicy = JSON.parse((await lambda.send(new GetPolicyCommand({FunctionName: 'versioned', Qualifier: Version}))).Policy!) as {Statement: Array<{Resource: string}>};
	assert.equal(versionPolicy.Statement[0]!.Resource, arnOf(`versioned:${Version}`));
	const alias = await lambda.send(new CreateAliasCommand({FunctionName: 'versioned', Name: 'live', FunctionVersion: Version}));
	await lambda.send(s3Permission('versioned', 's3', {Qualifier: 'live', RevisionId: alias.RevisionId!}));
	const aliasPolicy = await lambda.send(new GetPolicyCommand({FunctionName: 'versioned', Qualifier: 'live'}));
	assert.notEqual(aliasPolicy.RevisionId, alias.RevisionId, 'the alias has a new revision');
	assert.deepEqual(await failure(lambda.send(s3Permission('versioned:$LATEST', 's3', {Qualifier: '$LATEST'}))), {
		name: 'InvalidParameterValueException', status: 400, message: 'We currently do not support adding policies for $LATEST.',
	});
	assert.deepEqual(await failure(lambda.send(s3Permission('versioned:alias-not-42', 's3', {Qualifier: '42'}))), {
		name: 'InvalidParameterValueException', status: 400, message: 'The derived qualifier from the function name does not match the specified qualifier.',
	});
	assert.deepEqual(await failure(lambda.send(s3Permission('versioned', 's3', {Qualifier: '42'}))), {name: 'ResourceNotFoundException', status: 404, message: `Function not found: ${arnOf('versioned:42')}`});
	assert.deepEqual(await failure(lambda.send(s3Permission('versioned:alias-doesnotexist'))), {name: 'ResourceNotFoundException', status: 404, message: `Cannot find alias arn: ${arnOf('versioned:alias-doesnotexist')}`});
	assert.deepEqual(await failure(lambda.send(s3Permission('doesnotexist'))), {name: 'ResourceNotFoundException', status: 404, message: `Function not found: ${arnOf('doesnotexist')}`});
	assert.deepEqual(await failure(lambda.send(new RemovePermissionCommand({FunctionName: 'doesnotexist', StatementId: 's3'}))), {name: 'ResourceNotFoundException', status: 404, message: `No policy found for: ${arnOf('doesnotexist')}`});
	assert.deepEqual(await failure(lambda.send(new GetPolicyCommand({FunctionName: 'doesnotexist'}))), {name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.'});

	await lambda.send(new DeleteAliasCommand({FunctionName: 'versioned', Name: 'live'}));
	await lambda.send(new CreateAliasCommand({FunctionName: 'versioned', Name: 'live', FunctionVersion: Version}));
	assert.equal((await failure(lambda.send(new GetPolicyCommand({FunctionName: 'versioned', Qualifier: 'live'}))))?.name, 'ResourceNotFoundException', 'the alias\'s policy went with it');
	await lambda.send(new DeleteFunctionCommand({FunctionName: 'versioned'}));
	await serve.createFunction('versioned', {'index.js': 'exports.handler = async () => 1;'});
	assert.equal((await failure(lambda.send(new GetPolicyCommand({FunctionName: 'versioned'}))))?.name, 'ResourceNotFoundException', 'the policy went with the function');
});

test('policies > the AWS CLI v2 adds a permission and reads the policy from a serve', {skip: fs.existsSync(awsCli) ? false : `${awsCli} is not installed`}, async () => {
	const aws = async (...argv: string[]) => execa(awsCli, ['lambda', ...argv, '--endpoint-url', serve.url], {
		env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: ''}, reject: false,
	});
	await serve.createFunction('cli-guarded', {'index.js': 'exports.handler = async () => 1;'});
	const added = await aws('add-permission', '--function-name', 'cli-guarded', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com', '--source-arn', 'arn:aws:s3:::photos', '--source-account', '000000000000');
	assert.equal(added.exitCode, 0, added.stderr);
	const statement = JSON.parse((JSON.parse(added.stdout) as {Statement: string}).Statement) as {Condition: unknown};
	assert.deepEqual(statement.Condition, {StringEquals: {'AWS:SourceAccount': '000000000000'}, ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::photos'}});
	const policy = await aws('get-policy', '--function-name', 'cli-guarded');
	assert.equal(policy.exitCode, 0, policy.stderr);
	const {Policy, RevisionId} = JSON.parse(policy.stdout) as {Policy: string; RevisionId: string};
	assert.equal((JSON.parse(Policy) as {Statement: unknown[]}).Statement.length, 1);
	assert.match(RevisionId, /^[\da-f-]{36}$/);
	const again = await aws('add-permission', '--function-name', 'cli-guarded', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com');
	assert.equal(again.exitCode, 254);
	assert.equal(again.stderr.trim(), 'An error occurred (ResourceConflictException) when calling the AddPermission operation: The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.');
});

test('policies > policyAllows lets a service in only as a statement\'s principal, action and source conditions say', async () => {
	const {buildStatement, policyAllows} = await import('../../source/service/resource-policies.js');
	const statement = buildStatement({FunctionName: 'f', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::photos*'}, arnOf('f'));
	assert.ok(policyAllows([statement], {service: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::photos-2024'}));
	assert.ok(!policyAllows([statement], {service: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::other'}), 'another bucket');
	assert.ok(!policyAllows([statement], {service: 's3.amazonaws.com'}), 'no source to match the condition');
	assert.ok(!policyAllows([statement], {service: 'sqs.amazonaws.com', sourceArn: 'arn:aws:s3:::photos'}), 'another service');
	const anyone = buildStatement({FunctionName: 'f', StatementId: 'any', Action: 'lambda:*', Principal: '*', SourceAccount: '000000000000'}, arnOf('f'));
	assert.ok(policyAllows([anyone], {service: 'events.amazonaws.com', sourceAccount: '000000000000'}));
	assert.ok(!policyAllows([anyone], {service: 'events.amazonaws.com', sourceAccount: '111111111111'}));
});

test('policies > a permission added or removed leaves the warm environment serving: the next invoke is warm', async () => {
	await serve.createFunction('warm-guarded', {'index.js': 'exports.handler = async () => 1;'});
	const report = async () => {
		const answer = await lambda.send(new InvokeCommand({FunctionName: 'warm-guarded', LogType: 'Tail'}));
		return Buffer.from(answer.LogResult!, 'base64').toString().split('\n').find(line => line.startsWith('REPORT'))!;
	};

	assert.match(await report(), /Init Duration/);
	await lambda.send(s3Permission('warm-guarded'));
	assert.doesNotMatch(await report(), /Init Duration/);
	await lambda.send(new RemovePermissionCommand({FunctionName: 'warm-guarded', StatementId: 's3'}));
	assert.doesNotMatch(await report(), /Init Duration/);
});
