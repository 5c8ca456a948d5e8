import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, test} from 'node:test';
import {openLocalClient} from '../../source/client/local-client.js';
import {LambdaError} from '../../source/core/errors.js';
import {zipFolder} from '../../source/store/artifacts.js';
import {eventually, examplesFolder, functionProcesses, hasCommand, isRunning, openTestService} from '../helpers/functions.js';

let service: Awaited<ReturnType<typeof openTestService>>;

before(async () => {
	process.env.LAMBDECK_HOST_SECRET = 'should-not-leak';
	service = await openTestService();
});

after(async () => {
	await service.dispose();
});

const examples = JSON.parse(fs.readFileSync(`${examplesFolder}/examples.json`, 'utf8')) as Array<{name: string; runtime: string; handler: string}>;

for (const example of examples) {
	const needs = example.runtime.startsWith('python') ? 'python3' : (example.runtime.startsWith('provided') ? 'curl' : undefined);
	test(`invoke > runs the ${example.name} example`, {skip: needs && !hasCommand(needs) ? `${needs} is not installed` : false}, async () => {
		await service.client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: example.name, Runtime: example.runtime, Handler: example.handler, Code: {ZipFile: zipFolder(`${examplesFolder}/${example.name}`)}});
		const result = await service.invokeJson(example.name, {name: 'Ada'});
		assert.equal(result.StatusCode, 200);
		assert.equal(result.FunctionError, undefined, JSON.stringify(result.json));
		assert.equal(result.ExecutedVersion, '$LATEST');
		assert.match(JSON.stringify(result.json), /Hello/);
		assert.match(result.log, /^START RequestId: [\da-f-]{36} Version: \$LATEST\n/);
		assert.match(result.log, /\nREPORT RequestId: [\da-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t\n$/);
	});
}

test('invoke > a second invoke is warm: no Init Duration, same environment', async () => {
	await service.create('warm', {'index.js': 'let count = 0; exports.handler = async () => ({count: ++count, pid: process.pid});'});
	const first = await service.invokeJson('warm');
	const second = await service.invokeJson('warm');
	assert.match(first.log, /Init Duration/);
	assert.doesNotMatch(second.log, /Init Duration/);
	assert.deepEqual([first.json.count, second.json.count], [1, 2]);
	assert.equal(first.json.pid, second.json.pid);
});

test('invoke > the function sees Lambda\'s variables and its own, never the host\'s', async () => {
	await service.create('env', {'index.js': 'exports.handler = async () => process.env;'}, {Environment: {Variables: {MY_SETTING: 'on'}}, MemorySize: 256});
	const {json} = await service.invokeJson('env');
	assert.equal(json.LAMBDECK_HOST_SECRET, undefined);
	assert.equal(json.HOME, undefined);
	assert.equal(json.MY_SETTING, 'on');
	assert.equal(json.AWS_LAMBDA_FUNCTION_NAME, 'env');
	assert.equal(json.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
	assert.equal(json.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
	assert.equal(json.AWS_REGION, 'us-east-1');
	assert.equal(json.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
	assert.equal(json.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env');
	assert.match(json.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][\da-f]{32}$/);
	assert.match(json.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
	assert.equal(json._HANDLER, 'index.handler');
	assert.equal(json.TZ, ':UTC');
	assert.ok(json.LAMBDA_TASK_ROOT && json.TMPDIR);
});

test('invoke > the context object has every field and a working getRemainingTimeInMillis', async () => {
	await service.create('context', {'index.js': `exports.handler = async (event, context) => {
		const before = context.getRemainingTimeInMillis();
		await new Promise(resolve => setTimeout(resolve, 50));
		return {...context, before, after: context.getRemainingTimeInMillis()};
	};`}, {Timeout: 5});
	const clientContext = Buffer.from(JSON.stringify({custom: {a: 1}})).toString('base64');
	const result = await service.client.invoke({FunctionName: 'context', ClientContext: clientContext});
	const json = JSON.parse(Buffer.from(result.Payload).toString());
	assert.equal(json.functionName, 'context');
	assert.equal(json.functionVersion, '$LATEST');
	assert.equal(json.memoryLimitInMB, '128');
	assert.equal(json.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:context');
	assert.match(json.awsRequestId, /^[\da-f-]{36}$/);
	assert.equal(json.logGroupName, '/aws/lambda/context');
	assert.deepEqual(json.clientContext, {custom: {a: 1}});
	assert.equal(json.callbackWaitsForEmptyEventLoop, true);
	assert.ok(json.before <= 5000 && json.before > 4800, String(json.before));
	assert.ok(json.after < json.before - 40);
});

test('invoke > times out with Lambda\'s message and resets the environment, keeping /tmp', async () => {
	await service.create('sleepy', {'index.js': `const fs = require('fs');
		let count = 0;
		exports.handler = async event => {
			count++;
			if (event.write) fs.writeFileSync(require('os').tmpdir() + '/kept', 'yes');
			if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
			return {count, kept: fs.existsSync(require('os').tmpdir() + '/kept')};
		};`}, {Timeout: 1});
	assert.equal((await service.invokeJson('sleepy', {write: true})).json.count, 1);
	const timedOut = await service.invokeJson('sleepy', {hang: true});
	assert.equal(timedOut.FunctionError, 'Unhandled');
	assert.equal(timedOut.json.errorType, 'Sandbox.Timedout');
	assert.match(timedOut.json.errorMessage, /^RequestId: [\da-f-]{36} Error: Task timed out after 1\.00 seconds$/);
	assert.match(timedOut.log, /\n\S+ [\da-f-]{36} Task timed out after 1\.00 seconds\nEND RequestId/);
	assert.match(timedOut.log, /Duration: 1000\.00 ms\tBilled Duration: 1000 ms/);
	const next = await service.invokeJson('sleepy');
	assert.equal(next.json.count, 1, 'module state starts again after the reset');
	assert.equal(next.json.kept, true, '/tmp outlives the reset');
	assert.match(next.log, /Init Duration/);
});

test('invoke > a handler that forks a child and hangs leaves no process behind', async () => {
	await service.create('forker', {'index.js': `const {spawn} = require('child_process');
		exports.handler = async () => {
			const child = spawn('/bin/sleep', ['300'], {stdio: 'ignore'});
			console.log('child', child.pid);
			await new Promise(() => {});
		};`}, {Timeout: 1});
	const invoked = service.invokeJson('forker');
	assert.equal(await eventually(() => functionProcesses('forker').length >= 2, 100), true, 'the handler forked its child');
	const processes = functionProcesses('forker');
	const result = await invoked;
	assert.equal(result.json.errorType, 'Sandbox.Timedout');
	assert.ok(Number(/child (\d+)/.exec(result.log)?.[1]) > 0, result.log);
	assert.equal(await eventually(() => processes.every(pid => !isRunning(pid))), true, `the handler and its forked sleep (${processes.join(', ')}) should be gone`);
});

test('invoke > a memory hog is killed and the invoke fails as Runtime.OutOfMemory', async () => {
	await service.create('hog', {'index.js': `exports.handler = async () => {
		const keep = [];
		for (;;) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise(resolve => setTimeout(resolve, 5)); }
	};`}, {Timeout: 30});
	const result = await service.invokeJson('hog');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.equal(result.json.errorType, 'Runtime.OutOfMemory');
	assert.match(result.json.errorMessage, /Error: Runtime exited with error: signal: killed$/);
	assert.match(result.log, /Max Memory Used: 128 MB/);
	assert.equal((await service.invokeJson('hog').catch(() => undefined)) !== undefined, true);
});

test('invoke > a syntax error is Runtime.UserCodeSyntaxError', async () => {
	await service.create('broken', {'index.js': 'exports.handler = async () => {'});
	const result = await service.invokeJson('broken');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.equal(result.json.errorType, 'Runtime.UserCodeSyntaxError');
	assert.match(result.json.errorMessage, /^SyntaxError: /);
	assert.ok(Array.isArray(result.json.trace));
});

test('invoke > a missing handler is Runtime.HandlerNotFound, a missing module Runtime.ImportModuleError', async () => {
	await service.create('nohandler', {'index.js': 'exports.other = async () => 1;'});
	const missing = await service.invokeJson('nohandler');
	assert.deepEqual([missing.json.errorType, missing.json.errorMessage], ['Runtime.HandlerNotFound', 'index.handler is undefined or not exported']);
	assert.match(missing.log, /^START RequestId: \S+ Version: \$LATEST\n.*\tERROR\tUncaught Exception \t\{"errorType":"Runtime.HandlerNotFound"/, 'the tail shows why the start failed');
	await service.create('nomodule', {'other.js': ''}, {Handler: 'app.handler'});
	const nomodule = await service.invokeJson('nomodule');
	assert.equal(nomodule.json.errorType, 'Runtime.ImportModuleError');
	assert.match(nomodule.json.errorMessage, /^Error: Cannot find module 'app'/);
});

test('invoke > a thrown error comes back as {errorType, errorMessage, trace} and is logged', async () => {
	await service.create('thrower', {'index.js': 'exports.handler = async () => { throw new TypeError("bad input"); };'});
	const result = await service.invokeJson('thrower');
	assert.equal(result.StatusCode, 200);
	assert.equal(result.FunctionError, 'Unhandled');
	assert.equal(result.json.errorType, 'TypeError');
	assert.equal(result.json.errorMessage, 'bad input');
	assert.match(result.json.trace[0], /^TypeError: bad input/);
	assert.match(result.log, /\tERROR\tInvoke Error \t\{"errorType":"TypeError"/);
});

test('invoke > ESM and CommonJS, async and callback handlers all work', async () => {
	await service.create('cjs-callback', {'index.cjs': 'exports.handler = (event, context, callback) => callback(null, {style: "callback"});'});
	await service.create('esm-type-module', {'package.json': '{"type":"module"}', 'index.js': 'export const handler = async () => ({style: "esm"});'});
	await service.create('nested', {'src/app.mjs': 'export const handlers = {main: async event => ({got: event})};'}, {Handler: 'src/app.handlers.main'});
	assert.deepEqual((await service.invokeJson('cjs-callback')).json, {style: 'callback'});
	assert.deepEqual((await service.invokeJson('esm-type-module')).json, {style: 'esm'});
	assert.deepEqual((await service.invokeJson('nested', {a: 1})).json, {got: {a: 1}});
});

test('invoke > concurrent invokes run in separate environments', async () => {
	await service.create('parallel', {'index.js': 'const id = require(\'crypto\').randomUUID(); exports.handler = async () => { await new Promise(r => setTimeout(r, 300)); return id; };'});
	const results = await Promise.all([1, 2, 3].map(async () => service.invokeJson('parallel')));
	const pids = new Set(results.map(result => result.json));
	assert.equal(pids.size, 3);
	const streams = await service.client.filterLogEvents('parallel');
	assert.equal(new Set(streams.map(event => event.logStreamName)).size, 3);
});

test('invoke > callers hammering one function concurrently each get their own answer', async () => {
	await service.create('hammered', {'index.js': 'exports.handler = async event => event.n;'});
	const callers = Array.from({length: 6}, async (_, caller) => {
		const answers: number[] = [];
		for (let index = 0; index < 60; index++) {
			const result = await service.client.invoke({FunctionName: 'hammered', Payload: JSON.stringify({n: (caller * 1000) + index})});
			answers.push(JSON.parse(Buffer.from(result.Payload).toString()) as number);
		}

		return answers;
	});
	const results = await Promise.all(callers);
	results.forEach((answers, caller) => {
		assert.deepEqual(answers, Array.from({length: 60}, (_, index) => (caller * 1000) + index));
	});
});

test('invoke > refuses invalid JSON and oversized payloads in Lambda\'s words; no payload is {}', async () => {
	await service.create('echo', {'index.js': 'exports.handler = async event => event;'});
	await assert.rejects(service.client.invoke({FunctionName: 'echo', Payload: '{nope'}), (error: unknown) => error instanceof LambdaError && error.type === 'InvalidRequestContentException' && error.statusCode === 400 && error.message.startsWith('Could not parse request body into json: Could not parse payload into json:'));
	await assert.rejects(service.client.invoke({FunctionName: 'echo', Payload: Buffer.alloc(6_291_457, 0x20)}), (error: unknown) => error instanceof LambdaError && error.statusCode === 413 && error.message === 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
	await assert.rejects(service.client.invoke({FunctionName: 'missing'}), (error: unknown) => error instanceof LambdaError && error.statusCode === 404 && error.message === 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing:$LATEST');
	const dry = await service.client.invoke({FunctionName: 'echo', InvocationType: 'DryRun'});
	assert.equal(dry.StatusCode, 204);
	const empty = await service.client.invoke({FunctionName: 'echo'});
	assert.equal(Buffer.from(empty.Payload).toString('utf8'), '{}', 'an invoke without a payload gives the function {}, as Lambda does');
});

test('invoke > an oversized response fails as Function.ResponseSizeTooLarge', async () => {
	await service.create('big', {'index.js': 'exports.handler = async () => "a".repeat(7 * 1024 * 1024);'});
	const result = await service.invokeJson('big');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.deepEqual(result.json, {errorType: 'Function.ResponseSizeTooLarge', errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).'});
});

test('invoke > a runtime that exits is Runtime.ExitError, and the next invoke starts again', async () => {
	await service.create('exiter', {'index.js': 'exports.handler = async event => { if (event.exit) process.exit(3); return "alive"; };'});
	const result = await service.invokeJson('exiter', {exit: true});
	assert.equal(result.json.errorType, 'Runtime.ExitError');
	assert.match(result.json.errorMessage, /Error: Runtime exited with error: exit status 3$/);
	const next = await service.invokeJson('exiter');
	assert.equal(next.json, 'alive');
	assert.match(next.log, /Init Duration/, 'the next invoke starts a new runtime');
});

test('invoke > Python errors come back in the Python runtime\'s shape', {skip: hasCommand('python3') ? false : 'python3 is not installed'}, async () => {
	await service.create('py-error', {'app.py': 'def handler(event, context):\n    raise ValueError("nope")\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	const result = await service.invokeJson('py-error');
	assert.equal(result.json.errorType, 'ValueError');
	assert.equal(result.json.errorMessage, 'nope');
	assert.match(result.json.requestId, /^[\da-f-]{36}$/);
	assert.ok(Array.isArray(result.json.stackTrace));
	await service.create('py-missing', {'app.py': 'x = 1\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	assert.deepEqual(
		[(await service.invokeJson('py-missing')).json.errorType, (await service.invokeJson('py-missing')).json.errorMessage],
		['Runtime.HandlerNotFound', 'Handler \'handler\' missing on module \'app\''],
	);
	await service.create('py-syntax', {'app.py': 'def handler(:\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	assert.equal((await service.invokeJson('py-syntax')).json.errorType, 'Runtime.UserCodeSyntaxError');
	await service.create('py-context', {'app.py': 'def handler(event, context):\n    return [context.function_name, context.memory_limit_in_mb, context.get_remaining_time_in_millis() > 0]\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	assert.deepEqual((await service.invokeJson('py-context')).json, ['py-context', '128', true]);
});

test('invoke > Python print and logging lines come out in Lambda\'s format', {skip: hasCommand('python3') ? false : 'python3 is not installed'}, async () => {
	await service.create('py-logs', {'app.py': 'import logging\nlogger = logging.getLogger()\nlogger.setLevel(logging.INFO)\ndef handler(event, context):\n    print("plain print")\n    logger.info("via logging")\n    return 1\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	const result = await service.invokeJson('py-logs');
	const requestId = /START RequestId: (\S+)/.exec(result.log)![1]!;
	assert.match(result.log, /\nplain print\n/);
	assert.match(result.log, new RegExp(`\\n\\[INFO\\]\\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${requestId}\\tvia logging\\n`));
});

test('invoke > a custom runtime without a bootstrap fails as Runtime.InvalidEntrypoint', async () => {
	await service.create('nobootstrap', {'handler.sh': ''}, {Runtime: 'provided.al2023', Handler: 'x'});
	assert.equal((await service.invokeJson('nobootstrap')).json.errorType, 'Runtime.InvalidEntrypoint');
});

test('invoke > logs and invocation records survive a restart of the service', async () => {
	const first = await openTestService();
	await first.create('durable', {'index.js': 'exports.handler = async () => { console.log("remember me"); return 1; };'});
	await first.invokeJson('durable');
	await first.client.close();
	const reopened = await openLocalClient({dataDir: first.dataDir, settings: {sandbox: 'process'}});
	const events = await reopened.filterLogEvents('durable');
	assert.ok(events.some(event => event.message.endsWith('\tINFO\tremember me')));
	assert.ok(events.some(event => event.message.startsWith('REPORT RequestId:')));
	assert.equal((await reopened.getFunctionConfiguration({FunctionName: 'durable'})).State, 'Active');
	const records = await reopened.invocationRecords('durable');
	assert.equal(records.length, 1);
	assert.equal(records[0]!.coldStart, true);
	assert.ok(records[0]!.durationMs > 0);
	await reopened.close();
	fs.rmSync(first.dataDir, {recursive: true, force: true});
});
