import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {LambdaError} from '../../source/core/errors.js';
import {LambdaClient} from '@aws-sdk/client-lambda';
import {lambdaSdkOperations} from '../../source/client/lambda-sdk.js';
import {openTestService, zipOf} from '../helpers/functions.js';
import {sdkConfig, startServe} from '../helpers/serve-process.js';

/*
Inputs recorded against AWS by LocalStack (`tests/aws/services/lambda_/test_lambda_api.snapshot.json` of
localstack/localstack), driven through the in-process client and, through a real `lambdeck serve`, through the AWS SDK; each case names the snapshot key it comes from. The
recorded text is kept as recorded: `<partition>`, `<region>`, `111111111111` and `<a:len(N)>` are LocalStack's
placeholders, filled in below with this service's partition, region, account and N letters `a`.
*/

const snapshot = 'tests/aws/services/lambda_/test_lambda_api.py::TestLambdaFunction';
const role = 'arn:aws:iam::000000000000:role/lambda-role';
const recorded = (text: string) => text
	.replaceAll('<partition>', 'aws')
	.replaceAll('<region>', 'us-east-1')
	.replaceAll('111111111111', '000000000000')
	.replaceAll(/<a:len\((\d+)\)>/g, (_, length: string) => 'a'.repeat(Number(length)));

/** What AWS answered: its error type and HTTP status, and either the whole message or (as the snapshot keeps them) the sorted constraint failures. */
type Answer = {type: string; status: number; message?: string; errors?: string[]};

const namespaced = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`;
const createPattern = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`;
const qualifierPattern = String.raw`\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`;

const pattern = (value: string, which = namespaced, field = 'functionName') => `Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${which}`;
const tooLong = (value: string, max: number, field = 'functionName') => `Value '${value}' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
const invalid = (...errors: string[]): Answer => ({type: 'ValidationException', status: 400, errors: errors.map(recorded)});
const notFound = (arn: string): Answer => ({type: 'ResourceNotFoundException', status: 404, message: recorded(`Function not found: ${arn}`)});
const parameter = (message: string): Answer => ({type: 'InvalidParameterValueException', status: 400, message: recorded(message)});

const constraintFailures = (message: string) => [...message.matchAll(/(Value '.*?' at '.*?' failed to satisfy constraint: .+?(?=; Value|$))/g)].map(match => match[1]!).sort();

const answers = async (call: () => Promise<unknown>, expected: Answer) => {
	await assert.rejects(call(), (error: unknown) => {
		assert.ok(error instanceof LambdaError, `expected a LambdaError, got ${String(error)}`);
		assert.equal(error.type, expected.type);
		assert.equal(error.statusCode, expected.status);
		if (expected.errors) {
			assert.deepEqual(constraintFailures(error.message), [...expected.errors].sort());
			assert.match(error.message, new RegExp(`^${expected.errors.length} validation errors? detected: `));
		} else {
			assert.equal(error.message, expected.message);
		}

		return true;
	});
};

let service: Awaited<ReturnType<typeof openTestService>>;
let serve: Awaited<ReturnType<typeof startServe>>;
let sdk: LambdaClient;
const code = {'index.js': 'exports.handler = async event => event;'};

before(async () => {
	service = await openTestService();
	serve = await startServe();
	sdk = new LambdaClient(sdkConfig(serve.url));
});

after(async () => {
	sdk.destroy();
	await Promise.all([service.dispose(), serve.stop()]);
});

/** Where a case is driven: the service in this process, or a `lambdeck serve` through the AWS SDK, which the model-generated validation answers first. */
const routes = {'in process': () => service.client, 'through serve': () => lambdaSdkOperations(sdk)} as const;
type Route = keyof typeof routes;

type Operation = 'get_function' | 'delete_function' | 'invoke' | 'create_function';
const run = (operation: Operation, input: {FunctionName: string; Qualifier?: string}, route: Route = 'in process') => {
	const client = routes[route]();
	switch (operation) {
		case 'get_function': {
			return async () => client.getFunction(input);
		}

		case 'delete_function': {
			return async () => client.deleteFunction(input);
		}

		case 'invoke': {
			return async () => client.invoke(input);
		}

		default: {
			const name = input.Qualifier ? `${input.FunctionName}:${input.Qualifier}` : input.FunctionName;
			return async () => client.createFunction({FunctionName: name, Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf(code)}});
		}
	}
};

const arn = 'arn:aws:lambda:us-east-1:000000000000:function';
const long170 = `arn:aws:lambda:invalid-region:000000000000:function:my-function${'a'.repeat(170)}`;
const long170q = `arn:aws:lambda:invalid-region:000000000000:function:my-function-${'a'.repeat(170)}`;
const a129 = 'a'.repeat(129);
const a65 = 'a'.repeat(65);

/** test_function_name_and_qualifier_validation[<case>-<operation>]: each case's input and AWS's answer to it, per operation. */
const nameCases: Array<[string, {FunctionName: string; Qualifier?: string}, Partial<Record<Operation, Answer>>]> = [
	['invalid_characters_in_function_name', {FunctionName: 'my-function!'}, {get_function: invalid(pattern('my-function!')), delete_function: invalid(pattern('my-function!')), invoke: invalid(pattern('my-function!')), create_function: invalid(pattern('my-function!', createPattern))}],
	['function_name_is_single_invalid', {FunctionName: '*'}, {get_function: invalid(pattern('*')), delete_function: invalid(pattern('*')), invoke: invalid(pattern('*')), create_function: invalid(pattern('*', createPattern))}],
	['invalid_characters_in_qualifier', {FunctionName: 'my-function', Qualifier: 'invalid!'}, {get_function: invalid(pattern('invalid!', qualifierPattern, 'qualifier')), delete_function: invalid(pattern('invalid!', qualifierPattern, 'qualifier')), invoke: invalid(pattern('invalid!', qualifierPattern, 'qualifier')), create_function: invalid(pattern('my-function:invalid!', createPattern))}],
	['qualifier_too_long', {FunctionName: 'my-function', Qualifier: a129}, {get_function: invalid(tooLong('<a:len(129)>', 128, 'qualifier')), delete_function: invalid(tooLong('<a:len(129)>', 128, 'qualifier')), invoke: invalid(tooLong('<a:len(129)>', 128, 'qualifier')), create_function: invalid(tooLong('my-function:<a:len(129)>', 140))}],
	['invalid_account_id_in_partial_arn', {FunctionName: 'invalid-account:function:my-function'}, {get_function: invalid(pattern('invalid-account:function:my-function')), delete_function: invalid(pattern('invalid-account:function:my-function')), invoke: invalid(pattern('invalid-account:function:my-function')), create_function: invalid(pattern('invalid-account:function:my-function', createPattern))}],
	['invalid_region_in_arn', {FunctionName: 'arn:aws:lambda:invalid-region:000000000000:function:my-function'}, Object.fromEntries((['get_function', 'delete_function', 'invoke', 'create_function'] as const).map(operation => [operation, invalid(pattern('arn:<partition>:lambda:invalid-region:111111111111:function:my-function', operation === 'create_function' ? createPattern : namespaced))]))],
	['non_lambda_arn', {FunctionName: 'arn:aws:ec2:us-east-1:000000000000:instance:i-1234567890abcdef0'}, Object.fromEntries((['get_function', 'delete_function', 'invoke', 'create_function'] as const).map(operation => [operation, invalid(pattern('arn:<partition>:ec2:<region>:111111111111:instance:i-1234567890abcdef0', operation === 'create_function' ? createPattern : namespaced))]))],
	['function_name_too_long', {FunctionName: a65}, {get_function: notFound(`${arn}:<a:len(65)>`), delete_function: notFound(`${arn}:<a:len(65)>`), invoke: notFound(`${arn}:<a:len(65)>:$LATEST`), create_function: {...parameter(`1 validation error detected: ${tooLong('<a:len(65)>', 64)}`)}}],
	['function_name_too_long_and_invalid_region', {FunctionName: long170}, {get_function: invalid(pattern(long170)), delete_function: invalid(pattern(long170)), invoke: invalid(pattern(long170)), create_function: invalid(tooLong(long170, 140), pattern(long170, createPattern))}],
	['full_arn_and_qualifier_too_long_and_invalid_region', {FunctionName: long170q, Qualifier: a129}, {get_function: invalid(tooLong(a129, 128, 'qualifier'), pattern(long170q)), delete_function: invalid(tooLong(a129, 128, 'qualifier'), pattern(long170q)), invoke: invalid(tooLong(a129, 128, 'qualifier'), pattern(long170q)), create_function: invalid(tooLong(`${long170q}:${a129}`, 140), pattern(`${long170q}:${a129}`, createPattern))}],
	['full_arn_with_multiple_qualifiers', {FunctionName: `${arn}:my-function:1:2`}, {get_function: invalid(pattern(`${arn}:my-function:1:2`)), delete_function: invalid(pattern(`${arn}:my-function:1:2`)), invoke: invalid(pattern(`${arn}:my-function:1:2`)), create_function: invalid(pattern(`${arn}:my-function:1:2`, createPattern))}],
	['incomplete_arn', {FunctionName: arn}, {get_function: notFound(`${arn}:function`), delete_function: notFound(`${arn}:function`), invoke: notFound(`${arn}:function:$LATEST`)}],
	['partial_arn_with_extra_qualifier', {FunctionName: 'function:my-function:$LATEST:extra'}, {get_function: invalid(pattern('function:my-function:$LATEST:extra')), delete_function: invalid(pattern('function:my-function:$LATEST:extra')), invoke: invalid(pattern('function:my-function:$LATEST:extra')), create_function: invalid(pattern('function:my-function:$LATEST:extra', createPattern))}],
	['latest_version_with_additional_qualifier', {FunctionName: `${arn}:my-function:$LATEST`, Qualifier: '1'}, {get_function: parameter('The derived qualifier from the function name does not match the specified qualifier.'), delete_function: parameter('The derived qualifier from the function name does not match the specified qualifier.'), invoke: parameter('The derived qualifier from the function name does not match the specified qualifier.'), create_function: invalid(pattern(`${arn}:my-function:$LATEST:1`, createPattern))}],
	['lowercase_latest_qualifier', {FunctionName: `${arn}:my-function`, Qualifier: '$latest'}, {get_function: notFound(`${arn}:my-function:$latest`), delete_function: notFound(`${arn}:my-function`), invoke: notFound(`${arn}:my-function:$latest`), create_function: invalid(pattern(`${arn}:my-function:$latest`, createPattern))}],
	['missing_region_in_arn', {FunctionName: 'arn:aws:lambda::000000000000:function:my-function'}, Object.fromEntries((['get_function', 'delete_function', 'invoke', 'create_function'] as const).map(operation => [operation, invalid(pattern('arn:<partition>:lambda::111111111111:function:my-function', operation === 'create_function' ? createPattern : namespaced))]))],
	['missing_account_id_in_arn', {FunctionName: 'arn:aws:lambda:us-east-1::function:my-function'}, Object.fromEntries((['get_function', 'delete_function', 'invoke', 'create_function'] as const).map(operation => [operation, invalid(pattern('arn:<partition>:lambda:<region>::function:my-function', operation === 'create_function' ? createPattern : namespaced))]))],
	['misspelled_latest_in_arn', {FunctionName: `${arn}:my-function:$LATES`}, Object.fromEntries((['get_function', 'delete_function', 'invoke', 'create_function'] as const).map(operation => [operation, invalid(pattern(`${arn}:my-function:$LATES`, operation === 'create_function' ? createPattern : namespaced))]))],
];

for (const [name, input, byOperation] of nameCases) {
	for (const [operation, answer] of Object.entries(byOperation) as Array<[Operation, Answer]>) {
		test(`conformance > ${snapshot}::test_function_name_and_qualifier_validation[${name}-${operation}]`, async () => {
			for (const route of Object.keys(routes) as Route[]) {
				await answers(run(operation, input, route), answer);
			}
		});
	}
}

test(`conformance > ${snapshot}::test_function_name_and_qualifier_validation[incomplete_arn-create_function] creates a function named "function", as AWS does`, async () => {
	const created = await run('create_function', {FunctionName: arn})();
	assert.equal((created as {FunctionName: string}).FunctionName, 'function');
	await service.client.deleteFunction({FunctionName: 'function'});
});
