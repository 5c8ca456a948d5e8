import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {LambdaError} from '../../source/core/errors.js';
import type {FunctionConfiguration} from '../../source/core/types.js';
import {openTestService, zipOf} from '../helpers/functions.js';

/*
The function operations' answers recorded against AWS by LocalStack (`tests/aws/services/lambda_/test_lambda_api.snapshot.json`
of localstack/localstack), driven through the in-process client. Each test names the snapshot key and the entry in it.
*/

const key = (name: string) => `tests/aws/services/lambda_/test_lambda_api.py::${name}`;
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const arn = 'arn:aws:lambda:us-east-1:000000000000:function';
const runtimes = '[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]';

const answers = async (call: Promise<unknown>, type: string, status: number, message: string) => {
	await assert.rejects(call, (error: unknown) => {
		assert.ok(error instanceof LambdaError, `expected a LambdaError, got ${String(error)}`);
		assert.deepEqual([error.type, error.statusCode, error.message], [type, status, message]);
		return true;
	});
};

let service: Awaited<ReturnType<typeof openTestService>>;
const code = {'index.js': 'exports.handler = async event => event;'};
const create = (FunctionName: string, options: Record<string, unknown> = {}) => service.client.createFunction({
	FunctionName, Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf(code)}, ...options,
});

before(async () => {
	service = await openTestService();
});

after(async () => {
	await service.dispose();
});

const keys = (value: object) => Object.keys(value).sort();
const configurationKeys = ['Architectures', 'CodeSha256', 'CodeSize', 'Description', 'EphemeralStorage', 'FunctionArn', 'FunctionName', 'Handler', 'LastModified', 'LoggingConfig', 'MemorySize', 'PackageType', 'RevisionId', 'Role', 'Runtime', 'SnapStart', 'Timeout', 'TracingConfig', 'Version'];

test(`conformance > ${key('TestLambdaFunction::test_function_lifecycle')} create_response, get_function_response, update_func_conf_response, delete_response: AWS's fields`, async () => {
	const created = await create('lifecycle', {Environment: {Variables: {}}});
	assert.deepEqual(keys(created), [...configurationKeys, 'Environment', 'RuntimeVersionConfig', 'State', 'StateReason', 'StateReasonCode'].sort(), 'a create answers Pending with no LastUpdateStatus');
	assert.deepEqual(created.Environment, {Variables: {}});
	assert.match(created.RuntimeVersionConfig!.RuntimeVersionArn, /^arn:aws:lambda:us-east-1::runtime:[\da-f]{64}$/);
	await service.client.getFunction({FunctionName: 'lifecycle'});
	await service.client.service.settleAll();
	const got = await service.client.getFunction({FunctionName: 'lifecycle'});
	assert.deepEqual(keys(got), ['Code', 'Configuration']);
	assert.deepEqual(keys(got.Code), ['Location', 'RepositoryType']);
	assert.deepEqual(keys(got.Configuration), [...configurationKeys, 'Environment', 'LastUpdateStatus', 'RuntimeVersionConfig', 'State'].sort());
	const updated = await service.client.updateFunctionConfiguration({FunctionName: 'lifecycle', Description: 'Changed-Description', Environment: {Variables: {ENV_A: 'a'}}});
	assert.deepEqual(keys(updated), [...configurationKeys, 'Environment', 'LastUpdateStatus', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode', 'RuntimeVersionConfig', 'State'].sort());
	await service.client.getFunction({FunctionName: 'lifecycle'});
	assert.deepEqual(await service.client.deleteFunction({FunctionName: 'lifecycle'}), {StatusCode: 204});
	await answers(service.client.deleteFunction({FunctionName: 'lifecycle'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:lifecycle`);
});

test(`conformance > ${key('TestLambdaFunction::test_lambda_code_location_zipfile')} create-response-zip-file: no Environment when the create gave none`, async () => {
	const created = await create('no-environment');
	assert.equal('Environment' in created, false);
	assert.equal('Environment' in (await service.client.getFunctionConfiguration({FunctionName: 'no-environment'})), false);
});

test(`conformance > ${key('TestLambdaFunction::test_list_functions')} list_default, list_all, list_functions_invalid_functionversion`, async () => {
	await create('listed', {Environment: {Variables: {}}});
	const listed = (await service.client.listFunctions()).Functions.find(item => item.FunctionName === 'listed')!;
	assert.deepEqual(keys(listed), [...configurationKeys, 'Environment'].sort(), 'list items carry no State, LastUpdateStatus or RuntimeVersionConfig');
	assert.equal(listed.FunctionArn, `${arn}:listed`);
	const all = (await service.client.listFunctions({FunctionVersion: 'ALL'})).Functions.find(item => item.FunctionName === 'listed')!;
	assert.equal(all.FunctionArn, `${arn}:listed:$LATEST`);
	await answers(service.client.listFunctions({FunctionVersion: 'invalid' as 'ALL'}), 'ValidationException', 400, '1 validation error detected: Value \'invalid\' at \'functionVersion\' failed to satisfy constraint: Member must satisfy enum value set: [ALL]');
});

test(`conformance > ${key('TestLambdaFunction::test_function_arns')}: full and partial ARNs as names, and their limits`, async () => {
	const full = await create(`${arn}:by-full-arn`);
	assert.deepEqual([full.FunctionName, full.FunctionArn], ['by-full-arn', `${arn}:by-full-arn`], 'create-function-arn-response');
	const partial = await create('000000000000:function:by-partial-arn');
	assert.deepEqual([partial.FunctionName, partial.FunctionArn], ['by-partial-arn', `${arn}:by-partial-arn`], 'create-function-partial-arn-response');
	await answers(create('invalid:function:name'), 'ValidationException', 400, String.raw`1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`);
	await answers(create('a'.repeat(65)), 'InvalidParameterValueException', 400, `1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
	const long = `${arn}:${'a'.repeat(140 - arn.length)}`;
	await answers(create(long), 'ValidationException', 400, `1 validation error detected: Value '${long}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`);
	await answers(create('arn:aws:lambda:ap-southeast-1:000000000000:function:elsewhere'), 'ResourceNotFoundException', 404, 'Functions from \'ap-southeast-1\' are not reachable in this region (\'us-east-1\')');
	await assert.rejects(create('arn:aws:lambda:us-east-1:123456789012:function:theirs'), (error: unknown) => error instanceof LambdaError && error.type === 'AccessDeniedException' && error.statusCode === 403 && !('Message' in error.toBody()), 'function_arn_other_account_exc: 403 with no message');
});

for (const operation of ['get_function', 'get_function_configuration', 'delete_function', 'invoke'] as const) {
	test(`conformance > ${key(`TestLambdaFunction::test_get_function_wrong_region[${operation}]`)}`, async () => {
		const input = {FunctionName: 'arn:aws:lambda:eu-central-1:000000000000:function:somewhere'};
		const call = {get_function: async () => service.client.getFunction(input), get_function_configuration: async () => service.client.getFunctionConfiguration(input), delete_function: async () => service.client.deleteFunction(input), invoke: async () => service.client.invoke(input)}[operation];
		await answers(call(), 'ResourceNotFoundException', 404, 'Functions from \'eu-central-1\' are not reachable in this region (\'us-east-1\')');
	});
}

for (const operation of ['get_function', 'get_function_configuration', 'delete_function'] as const) {
	test(`conformance > ${key(`TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[${operation}]`)} and test_ops_on_nonexisting_fn[${operation}]`, async () => {
		const call = async (input: {FunctionName: string; Qualifier?: string}) => ({get_function: async () => service.client.getFunction(input), get_function_configuration: async () => service.client.getFunctionConfiguration(input), delete_function: async () => service.client.deleteFunction(input)})[operation]();
		await answers(call({FunctionName: `${arn}:some-function:1`, Qualifier: '$LATEST'}), 'InvalidParameterValueException', 400, 'The derived qualifier from the function name does not match the specified qualifier.');
		const match = call({FunctionName: `${arn}:some-function:$LATEST`, Qualifier: '$LATEST'});
		await (operation === 'delete_function'
			? answers(match, 'InvalidParameterValueException', 400, '$LATEST version cannot be deleted without deleting the function.')
			: answers(match, 'ResourceNotFoundException', 404, `Function not found: ${arn}:some-function:$LATEST`));
		await answers(call({FunctionName: 'nonexisting-fn'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:nonexisting-fn`);
	});
}

test(`conformance > ${key('TestLambdaFunction::test_ops_on_nonexisting_version')}[get_function, get_function_configuration] and test_delete_on_nonexisting_version`, async () => {
	await create('i-exist');
	await answers(service.client.getFunction({FunctionName: 'i-exist', Qualifier: '1221'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:i-exist:1221`);
	await answers(service.client.getFunctionConfiguration({FunctionName: 'i-exist', Qualifier: '1221'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:i-exist:1221`);
	assert.deepEqual(await service.client.deleteFunction({FunctionName: 'i-exist', Qualifier: '1233'}), {StatusCode: 204}, 'deleting a version that does not exist succeeds');
	await service.client.deleteFunction({FunctionName: 'i-exist', Qualifier: '1233'});
	assert.ok(await service.client.getFunction({FunctionName: 'i-exist'}), 'the function is still there');
	await service.client.deleteFunction({FunctionName: 'i-exist'});
	await answers(service.client.deleteFunction({FunctionName: 'i-exist'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:i-exist`);
	await answers(service.client.deleteFunction({FunctionName: 'i-exist', Qualifier: '1233'}), 'ResourceNotFoundException', 404, `Function not found: ${arn}:i-exist`);
	await answers(service.client.deleteFunction({FunctionName: 'my-function', Qualifier: 'a'.repeat(65)}), 'InvalidParameterValueException', 400, 'Deletion of aliases is not currently supported.');
});

test(`conformance > ${key('TestLambdaFunction::test_create_lambda_exceptions')} and test_update_lambda_exceptions`, async () => {
	const rolePattern = String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`;
	await answers(create('bad-role', {Role: 'r1'}), 'ValidationException', 400, `1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rolePattern}`);
	await answers(create('bad-runtime', {Runtime: 'non-existent-runtime'}), 'InvalidParameterValueException', 400, `Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${runtimes} or be a valid ARN`);
	await answers(create('upper-runtime', {Runtime: 'PYTHON3.9'}), 'InvalidParameterValueException', 400, `Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${runtimes} or be a valid ARN`);
	await answers(create('two-architectures', {Architectures: ['x86_64', 'arm64']}), 'ValidationException', 400, '1 validation error detected: Value \'[x86_64, arm64]\' at \'architectures\' failed to satisfy constraint: Member must have length less than or equal to 1');
	await answers(create('upper-architecture', {Architectures: ['X86_64']}), 'ValidationException', 400, '1 validation error detected: Value \'[X86_64]\' at \'architectures\' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]');
	await answers(service.client.createFunction({FunctionName: 'bad-zip', Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: Buffer.from('this is not a zipfile, just a random string')}}), 'InvalidParameterValueException', 400, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
	await create('to-update');
	await service.client.service.settleAll();
	await answers(service.client.updateFunctionConfiguration({FunctionName: 'to-update', Role: 'r1'}), 'ValidationException', 400, `1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rolePattern}`);
	await answers(service.client.updateFunctionConfiguration({FunctionName: 'to-update', Runtime: 'PYTHON3.9'}), 'InvalidParameterValueException', 400, `Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${runtimes} or be a valid ARN`);
});

test(`conformance > ${key('TestLambdaFunction::test_invalid_invoke')} invoke_function_name_pattern_exc`, async () => {
	const name = 'arn:aws:lambda:us-east-1:123400000000@function:myfn';
	await answers(service.client.invoke({FunctionName: name}), 'ValidationException', 400, String.raw`1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`);
});

test('conformance > environment keys, a missing role and Invoke\'s LogType fail in AWS\'s words (the model\'s constraints)', async () => {
	await answers(create('env-key', {Environment: {Variables: {'1A': 'x'}}}), 'ValidationException', 400, '1 validation error detected: Value at \'environment.variables\' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]');
	await answers(create('no-role', {Role: undefined}), 'ValidationException', 400, '1 validation error detected: Value null at \'role\' failed to satisfy constraint: Member must not be null');
	await create('log-type');
	await answers(service.client.invoke({FunctionName: 'log-type', LogType: 'tail' as 'Tail'}), 'ValidationException', 400, '1 validation error detected: Value \'tail\' at \'logType\' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]');
});

test('conformance > a configuration written before runtime versions were reported gets one on GetFunction', async () => {
	const created: FunctionConfiguration = await create('versioned');
	assert.ok(created.RuntimeVersionConfig);
	assert.deepEqual((await service.client.getFunctionConfiguration({FunctionName: 'versioned'})).RuntimeVersionConfig, created.RuntimeVersionConfig);
});
