import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {LambdaError} from '../../source/core/errors.js';
import {hasCommand, openTestService} from '../helpers/functions.js';

/*
Invoke's answers and logs as recorded against AWS by LocalStack (`tests/aws/services/lambda_/test_lambda.snapshot.json`
and `test_lambda_runtimes.snapshot.json` of localstack/localstack), driven through the in-process client. Each test
names the snapshot key it comes from.
*/

const key = (file: string, name: string) => `tests/aws/services/lambda_/${file}.py::${name}`;
const noPython = hasCommand('python3') ? false : 'python3 is not installed';
const source = '[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';
const validValues = '(JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')';

let service: Awaited<ReturnType<typeof openTestService>>;

before(async () => {
	service = await openTestService();
	await service.create('echo', {'index.js': 'exports.handler = async event => event;'});
});

after(async () => {
	await service.dispose();
});

const refusesPayload = async (payload: Uint8Array, detail: string) => {
	await assert.rejects(service.client.invoke({FunctionName: 'echo', Payload: payload}), (error: unknown) => {
		assert.ok(error instanceof LambdaError);
		assert.deepEqual([error.type, error.statusCode, error.message], ['InvalidRequestContentException', 400, `Could not parse request body into json: Could not parse payload into json: ${detail}`]);
		return true;
	});
};

test(`conformance > ${key('test_lambda', 'TestLambdaErrors::test_lambda_invoke_payload_encoding_error[body-n\\x87r\\x9e\\xe9\\xb5\\xd7I\\xee\\x9bmt]')}`, async () => {
	await refusesPayload(Buffer.from('n\u0087r\u009E\u00E9\u00B5\u00D7I\u00EE\u009Bmt', 'latin1'), `Invalid UTF-8 start byte 0x87\n at ${source}; line: 1, column: 3]`);
});

test(`conformance > ${key('test_lambda', 'TestLambdaErrors::test_lambda_invoke_payload_encoding_error[message-\\x99\\xeb,j\\x07\\xa1zYh]')}`, async () => {
	await refusesPayload(Buffer.from('\u0099\u00EB,j\u0007\u00A1zYh', 'latin1'), `Unexpected character ((CTRL-CHAR, code 153)): expected a valid value ${validValues}\n at ${source}; line: 1, column: 1]`);
});

test('conformance > other payloads that are not JSON get Jackson\'s words, as recorded for other AWS services that parse with it', async () => {
	await refusesPayload(Buffer.from('\'single\''), `Unexpected character (''' (code 39)): expected a valid value ${validValues}\n at ${source}; line: 1, column: 1]`);
	await refusesPayload(Buffer.from('invalid'), `Unrecognized token 'invalid': was expecting ${validValues}\n at ${source}; line: 1, column: 8]`);
	await refusesPayload(Buffer.from('{invalid: 1}'), `Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at ${source}; line: 1, column: 2]`);
});

test(`conformance > ${key('test_lambda', 'TestLambdaErrors::test_lambda_handler_error')}: the stack trace holds the handler's frames only`, {skip: noPython}, async () => {
	await service.create('py-handler-error', {'lambda_handler_error.py': 'def handler(event, context):\n    raise Exception("Handler fails")\n'}, {Runtime: 'python3.12', Handler: 'lambda_handler_error.handler'});
	const result = await service.invokeJson('py-handler-error');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.deepEqual(Object.keys(result.json), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
	assert.deepEqual([result.json.errorMessage, result.json.errorType], ['Handler fails', 'Exception']);
	assert.match(result.json.requestId, /^[\da-f-]{36}$/);
	assert.equal(result.json.stackTrace.length, 1, JSON.stringify(result.json.stackTrace));
	assert.match(result.json.stackTrace[0], /^ {2}File ".*\/lambda_handler_error\.py", line 2, in handler\n {4}raise Exception\("Handler fails"\)\n$/);
});

test(`conformance > ${key('test_lambda', 'TestLambdaErrors::test_lambda_runtime_error')}: an init error has an empty requestId and no runtime-client frames`, {skip: noPython}, async () => {
	await service.create('py-runtime-error', {'lambda_runtime_error.py': 'raise Exception("Runtime startup fails")\n'}, {Runtime: 'python3.12', Handler: 'lambda_runtime_error.handler'});
	const result = await service.invokeJson('py-runtime-error');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.deepEqual([result.json.errorMessage, result.json.errorType, result.json.requestId], ['Runtime startup fails', 'Exception', '']);
	const trace = result.json.stackTrace as string[];
	assert.match(trace[0]!, /^ {2}File ".*importlib\/__init__\.py", line \d+, in import_module\n/, 'the trace starts where the runtime client imports the module');
	assert.match(trace.at(-1)!, /^ {2}File ".*\/lambda_runtime_error\.py", line 1, in <module>\n {4}raise Exception\("Runtime startup fails"\)\n$/);
	assert.ok(trace.every(frame => !frame.includes('bootstrap.py')), 'no frame of lambdeck\'s runtime client');
});

test(`conformance > ${key('test_lambda', 'TestLambdaFeatures::test_invocation_type_event_error')} log_events: INIT_START, START, the error as one event, END, REPORT`, {skip: noPython}, async () => {
	await service.create('py-event-error', {'handler.py': 'class CustomException(Exception):\n    pass\n\n\ndef handler(event, context):\n    raise CustomException("some error occurred")\n'}, {Runtime: 'python3.12', Handler: 'handler.handler'});
	assert.equal((await service.client.invoke({FunctionName: 'py-event-error', InvocationType: 'Event'})).StatusCode, 202);
	let logged: string[] = [];
	for (let attempt = 0; attempt < 200 && !logged.some(message => message.startsWith('REPORT')); attempt++) {
		await new Promise(resolve => setTimeout(resolve, 50));
		logged = (await service.client.filterLogEvents('py-event-error')).map(event => event.message);
	}

	assert.equal(logged.length, 5, JSON.stringify(logged));
	assert.match(logged[0]!, /^INIT_START Runtime Version: python:3\.12\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[\da-f]{64}$/);
	assert.match(logged[1]!, /^START RequestId: [\da-f-]{36} Version: \$LATEST$/);
	assert.match(logged[2]!, /^\[ERROR\] CustomException: some error occurred\nTraceback \(most recent call last\):\n\u00A0\u00A0File ".*\/handler\.py", line 6, in handler\n\u00A0\u00A0\u00A0\u00A0raise CustomException\("some error occurred"\)$/);
	assert.match(logged[3]!, /^END RequestId: /);
	assert.match(logged[4]!, /^REPORT RequestId: .*\tInit Duration: [\d.]+ ms\t$/);
});

test('conformance > every runtime\'s cold start writes INIT_START before START, a warm one does not', async () => {
	await service.invokeJson('echo');
	await service.invokeJson('echo');
	const logged = (await service.client.filterLogEvents('echo')).map(event => event.message);
	const kinds = logged.map(message => /^[A-Z_]+/.exec(message)?.[0]);
	assert.deepEqual(kinds.filter(kind => kind === 'INIT_START' || kind === 'START'), ['INIT_START', 'START', 'START']);
	assert.match(logged[0]!, /^INIT_START Runtime Version: nodejs:20\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[\da-f]{64}$/);
});

test('conformance > a Node module that cannot be found traces as Lambda\'s runtime does, naming no lambdeck file', async () => {
	await service.create('node-no-module', {'other.js': 'exports.handler = async () => 1;'});
	const result = await service.invokeJson('node-no-module');
	assert.deepEqual(result.json, {
		errorType: 'Runtime.ImportModuleError',
		errorMessage: 'Error: Cannot find module \'index\'\nRequire stack:\n- /var/runtime/index.mjs',
		trace: [
			'Runtime.ImportModuleError: Error: Cannot find module \'index\'',
			'Require stack:',
			'- /var/runtime/index.mjs',
			'    at _loadUserApp (file:///var/runtime/index.mjs:1087:17)',
			'    at async UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1119:21)',
			'    at async start (file:///var/runtime/index.mjs:1282:23)',
			'    at async file:///var/runtime/index.mjs:1288:1',
		],
	});
	assert.match(result.log, /\tERROR\tUncaught Exception \t\{"errorType":"Runtime.ImportModuleError","errorMessage":"[^"]*","stack":\["Runtime.ImportModuleError: /, 'the log line names the trace "stack"');
});

test('conformance > an uncaught Node exception is logged with its trace under "stack"', async () => {
	await service.create('node-throws', {'index.js': 'exports.handler = async () => { const error = new Error("boom"); error.code = "E_BOOM"; throw error; };'});
	const result = await service.invokeJson('node-throws');
	assert.deepEqual(Object.keys(result.json), ['errorType', 'errorMessage', 'trace']);
	const line = result.log.split('\n').find(entry => entry.includes('\tERROR\tInvoke Error \t'))!;
	const logged = JSON.parse(line.slice(line.indexOf('\tInvoke Error \t') + '\tInvoke Error \t'.length)) as Record<string, unknown>;
	assert.deepEqual(Object.keys(logged), ['errorType', 'errorMessage', 'code', 'stack']);
	assert.equal(logged.code, 'E_BOOM');
});

test(`conformance > ${key('test_lambda_runtimes', 'TestCloudwatchLogs::test_multi_line_prints')}: INIT_START, START, one event per printed line and none for empty lines, END, REPORT`, {skip: noPython}, async () => {
	await service.create('py-multi-line', {'handler.py': 'def handler(event, context):\n    print("\\nmulti\\nline\\nstring\\nanother\\rline\\n")\n    return 1\n'}, {Runtime: 'python3.12', Handler: 'handler.handler'});
	await service.invokeJson('py-multi-line');
	const logged = (await service.client.filterLogEvents('py-multi-line')).map(event => event.message);
	assert.equal(logged.length, 8, JSON.stringify(logged));
	assert.match(logged[0]!, /^INIT_START Runtime Version: python:3\.12\.v\d+\tRuntime Version ARN: /);
	assert.match(logged[1]!, /^START RequestId: /);
	assert.deepEqual(logged.slice(2, 6), ['multi', 'line', 'string', 'another\rline']);
	assert.match(logged[6]!, /^END RequestId: /);
	assert.match(logged[7]!, /^REPORT RequestId: .*\tInit Duration: [\d.]+ ms\t$/);
});
