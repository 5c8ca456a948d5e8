import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lambdaModel} from '../../../source/core/model/service-model.js';
import {validateInput} from '../../../source/core/model/validate-input.js';

const check = (shape: string, input: Record<string, unknown>) => validateInput(lambdaModel, shape, input);

test('validate input > ranges, lengths and required members in AWS\'s words', () => {
	assert.deepEqual(check('UpdateFunctionConfigurationRequest', {FunctionName: 'f', Timeout: 0, MemorySize: 40_000}), [
		'Value \'0\' at \'timeout\' failed to satisfy constraint: Member must have value greater than or equal to 1',
		'Value \'40000\' at \'memorySize\' failed to satisfy constraint: Member must have value less than or equal to 32768',
	]);
	assert.deepEqual(check('CreateFunctionRequest', {FunctionName: 'f', Code: {}}), ['Value null at \'role\' failed to satisfy constraint: Member must not be null']);
	assert.deepEqual(check('ListFunctionsRequest', {FunctionVersion: 'invalid'}), ['Value \'invalid\' at \'functionVersion\' failed to satisfy constraint: Member must satisfy enum value set: [ALL]']);
	assert.deepEqual(check('InvocationRequest', {FunctionName: 'f', LogType: 'x'}), ['Value \'x\' at \'logType\' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]']);
});

test('validate input > a sensitive map names its field but never prints its value', () => {
	assert.deepEqual(check('UpdateFunctionConfigurationRequest', {FunctionName: 'f', Environment: {Variables: {'1BAD': 'secret'}}}), [
		'Value at \'environment.variables\' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]',
	]);
});

test('validate input > a list whose member breaks its constraint is reported at the list, as Coral does', () => {
	assert.deepEqual(check('UpdateFunctionCodeRequest', {FunctionName: 'f', Architectures: ['X86_64']}), [
		'Value \'[X86_64]\' at \'architectures\' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
	]);
	assert.deepEqual(check('UpdateFunctionCodeRequest', {FunctionName: 'f', Architectures: ['x86_64', 'arm64']}), [
		'Value \'[x86_64, arm64]\' at \'architectures\' failed to satisfy constraint: Member must have length less than or equal to 1',
	]);
});
