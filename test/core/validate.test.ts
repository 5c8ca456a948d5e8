import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseFunctionReference, validateFunctionName, defaultAccount} from '../../source/core/arn.js';
import {LambdaError} from '../../source/core/errors.js';
import {validateConfiguration, validateEnvironment} from '../../source/core/validate.js';

const failsWith = (action: () => void, type: string, message: string | RegExp) => {
	assert.throws(action, (error: unknown) => {
		assert.ok(error instanceof LambdaError, `expected a LambdaError, got ${String(error)}`);
		assert.equal(error.type, type);
		if (typeof message === 'string') {
			assert.equal(error.message, message);
		} else {
			assert.match(error.message, message);
		}

		return true;
	});
};

test('validate > refuses a timeout over 900 seconds in Lambda\'s words', () => {
	failsWith(() => validateConfiguration({Timeout: 3000}, {creating: false}), 'ValidationException', '1 validation error detected: Value \'3000\' at \'timeout\' failed to satisfy constraint: Member must have value less than or equal to 900');
});

test('validate > joins several constraint failures into one ValidationException', () => {
	failsWith(() => validateConfiguration({Timeout: 0, MemorySize: 64}, {creating: false}), 'ValidationException', /^2 validation errors detected: .*'timeout'.*greater than or equal to 1; .*'memorySize'.*greater than or equal to 128$/);
});

test('validate > refuses memory over 10240 MB', () => {
	failsWith(() => validateConfiguration({MemorySize: 10_241}, {creating: false}), 'ValidationException', /Member must have value less than or equal to 10240/);
});

test('validate > names an unknown runtime with the enum Lambda lists', () => {
	failsWith(() => validateConfiguration({Role: 'arn:aws:iam::000000000000:role/lambda-role', Runtime: 'cobol1.0', Handler: 'a.b'}, {creating: true}), 'InvalidParameterValueException', /^Value cobol1.0 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20.x, python3.14/);
});

test('validate > refuses a retired runtime by name', () => {
	failsWith(() => validateConfiguration({Role: 'arn:aws:iam::000000000000:role/lambda-role', Runtime: 'nodejs14.x', Handler: 'a.b'}, {creating: true}), 'InvalidParameterValueException', 'The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.');
});

test('validate > refuses reserved environment keys', () => {
	failsWith(() => validateEnvironment({AWS_REGION: 'x'}), 'InvalidParameterValueException', /contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION$/);
});

test('validate > refuses environment variables over 4 KB, measured as compact JSON', () => {
	const variables = {LARGE_VAR: 'x'.repeat(4096)};
	failsWith(() => validateEnvironment(variables), 'InvalidParameterValueException', `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(variables)}`);
	assert.doesNotThrow(() => validateEnvironment({SMALL: 'x'.repeat(4000)}));
});

test('validate > refuses a one-letter environment key without printing it, as AWS does', () => {
	failsWith(() => validateEnvironment({A: '1'}), 'ValidationException', '1 validation error detected: Value at \'environment.variables\' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]');
});

test('validate > a create without a role fails as the model requires', () => {
	failsWith(() => validateConfiguration({Runtime: 'nodejs20.x', Handler: 'a.b'}, {creating: true}), 'ValidationException', '1 validation error detected: Value null at \'role\' failed to satisfy constraint: Member must not be null');
});

test('validate > a name over 64 characters is an InvalidParameterValueException', () => {
	failsWith(() => validateFunctionName('a'.repeat(65)), 'InvalidParameterValueException', `1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
});

test('validate > a name with ../ is refused', () => {
	failsWith(() => validateFunctionName('../etc'), 'ValidationException', /Value '..\/etc' at 'functionName'/);
	failsWith(() => parseFunctionReference(defaultAccount, '../etc'), 'ValidationException', /at 'functionName'/);
});

test('validate > reads names, partial and full ARNs with qualifiers', () => {
	assert.deepEqual(parseFunctionReference(defaultAccount, 'fn'), {name: 'fn', qualifier: undefined});
	assert.deepEqual(parseFunctionReference(defaultAccount, 'fn:$LATEST'), {name: 'fn', qualifier: '$LATEST'});
	assert.deepEqual(parseFunctionReference(defaultAccount, '000000000000:function:fn'), {name: 'fn', qualifier: undefined});
	assert.deepEqual(parseFunctionReference(defaultAccount, 'arn:aws:lambda:us-east-1:000000000000:function:fn:prod'), {name: 'fn', qualifier: 'prod'});
	failsWith(() => parseFunctionReference(defaultAccount, 'arn:aws:lambda:eu-west-1:000000000000:function:fn'), 'ResourceNotFoundException', 'Functions from \'eu-west-1\' are not reachable in this region (\'us-east-1\')');
});

test('validate > a create needs a runtime and a handler', () => {
	failsWith(() => validateConfiguration({Role: 'arn:aws:iam::000000000000:role/lambda-role', Runtime: 'nodejs20.x'}, {creating: true}), 'InvalidParameterValueException', 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
});
