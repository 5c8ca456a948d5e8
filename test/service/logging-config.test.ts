import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {after, before, test} from 'node:test';
import {FilterLogEventsCommand, DescribeLogGroupsCommand, GetLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {CreateFunctionCommand, GetFunctionCommand, InvokeCommand, ListFunctionsCommand, PublishVersionCommand, UpdateFunctionConfigurationCommand, type LambdaClient} from '@aws-sdk/client-lambda';
import {openRemoteClient} from '../../source/client/remote-client.js';
import {hasCommand, zipOf} from '../helpers/functions.js';
import {cliPath, startServe} from '../helpers/serve-process.js';

type Serve = Awaited<ReturnType<typeof startServe>>;
let serve: Serve;
const run = promisify(execFile);
const role = 'arn:aws:iam::123456789012:role/lambda';

before(async () => {
	serve = await startServe();
});

after(async () => {
	await serve.stop();
});

/** Wait until a create or update has settled, polling more often than the SDK's waiters (a second at least) do. */
const settled = async (name: string) => {
	for (;;) {
		const {Configuration} = await serve.lambda.send(new GetFunctionCommand({FunctionName: name}));
		if (Configuration?.State === 'Active' && Configuration.LastUpdateStatus !== 'InProgress') {
			return;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
};

const create = async (lambda: LambdaClient, name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) => {
	const created = await lambda.send(new CreateFunctionCommand({FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: {ZipFile: zipOf(files)}, ...extra}));
	await settled(name);
	return created;
};

const update = async (name: string, LoggingConfig: Record<string, string>) => {
	const updated = await serve.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: name, LoggingConfig}));
	await settled(name);
	return updated.LoggingConfig;
};

const failure = async (promise: Promise<unknown>) => promise.then(() => assert.fail('expected an error'), (error: Error & {name: string}) => `${error.name}: ${error.message}`);

/** Invoke and return the log lines of that invoke, parsed where they are JSON. */
const invokeLog = async (name: string, payload: unknown = {}) => {
	const result = await serve.lambda.send(new InvokeCommand({FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), LogType: 'Tail'}));
	const lines = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8').split('\n').filter(Boolean);
	return {result, lines, records: lines.map(line => (line.startsWith('{') ? JSON.parse(line) : {line}) as Record<string, any>)};
};

const nodeLevels = {'index.js': `exports.handler = async (event) => {
	console.trace('t'); console.debug('d'); console.info('i'); console.warn('w'); console.error('e', new TypeError('bad'));
	if (event.fail) throw new RangeError('boom');
	if (event.hang) await new Promise(() => setTimeout(() => {}, 5000));
	return 'ok';
};`};

test('LoggingConfig goes through create, update, get, list and publish as Lambda answers it, with its errors in AWS\'s words', async () => {
	const {lambda} = serve;
	const created = await create(lambda, 'log-api', {'index.js': 'exports.handler = async () => 1;'});
	assert.deepEqual(created.LoggingConfig, {LogFormat: 'Text', LogGroup: '/aws/lambda/log-api'});
	assert.deepEqual(await update('log-api', {LogFormat: 'JSON'}), {LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: '/aws/lambda/log-api'});
	assert.deepEqual(await update('log-api', {ApplicationLogLevel: 'DEBUG'}), {LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: '/aws/lambda/log-api'});
	assert.deepEqual(await update('log-api', {LogGroup: 'cool_lambda'}), {LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: 'cool_lambda'});
	const version = await lambda.send(new PublishVersionCommand({FunctionName: 'log-api'}));
	assert.deepEqual(version.LoggingConfig, {LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: 'cool_lambda'});
	assert.deepEqual(await update('log-api', {LogFormat: 'Text'}), {LogFormat: 'Text', LogGroup: 'cool_lambda'});
	const listed = await lambda.send(new ListFunctionsCommand({}));
	assert.deepEqual(listed.Functions?.find(item => item.FunctionName === 'log-api')?.LoggingConfig, {LogFormat: 'Text', LogGroup: 'cool_lambda'});
	const published = await lambda.send(new GetFunctionCommand({FunctionName: 'log-api', Qualifier: version.Version}));
	assert.equal(published.Configuration?.LoggingConfig?.LogFormat, 'JSON');

	assert.equal(await failure(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'log-api', LoggingConfig: {ApplicationLogLevel: 'DEBUG'}}))),
		'InvalidParameterValueException: LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.');
	assert.equal(await failure(lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'log-api', LoggingConfig: {LogFormat: 'Yaml' as 'JSON', SystemLogLevel: 'TRACE' as 'DEBUG'}}))),
		'ValidationException: 2 validation errors detected: Value \'Yaml\' at \'loggingConfig.logFormat\' failed to satisfy constraint: Member must satisfy enum value set: [JSON, Text]; Value \'TRACE\' at \'loggingConfig.systemLogLevel\' failed to satisfy constraint: Member must satisfy enum value set: [DEBUG, INFO, WARN]');
	assert.match(await failure(create(lambda, 'log-bad-group', {'index.js': ''}, {LoggingConfig: {LogGroup: 'no spaces'}})),
		/Value 'no spaces' at 'loggingConfig.logGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\.\\-_\/#A-Za-z0-9\]\+/);

	// lambdeck's own CLI takes its flags from the model, shorthand and all (the AWS CLI v2 installed here predates LoggingConfig).
	const {stdout} = await run(process.execPath, [cliPath, 'update-function-configuration', '--function-name', 'log-api', '--logging-config', 'LogFormat=JSON,SystemLogLevel=WARN'], {env: {...process.env, LAMBDECK_HOME: serve.home}});
	assert.deepEqual(JSON.parse(stdout).LoggingConfig, {LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: 'cool_lambda'});
});

test('a Node function with the JSON format writes AWS\'s records, drops those below its level, and the platform writes Telemetry API events', async () => {
	await create(serve.lambda, 'log-node', nodeLevels, {LoggingConfig: {LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'DEBUG'}});
	const {records} = await invokeLog('log-node');
	const types = records.map(record => record.type ?? record.level);
	assert.deepEqual(types, ['platform.start', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'platform.runtimeDone', 'platform.report']);
	const start = records[0]!;
	assert.deepEqual(Object.keys(start), ['time', 'type', 'record']);
	assert.deepEqual(Object.keys(start.record), ['requestId', 'version']);
	assert.deepEqual(Object.keys(records[1]!), ['timestamp', 'level', 'requestId', 'message']);
	assert.equal(records[1]!.requestId, start.record.requestId);
	assert.equal(records[2]!.message, 'i');
	assert.deepEqual(Object.keys(records[4]!), ['timestamp', 'level', 'requestId', 'message', 'errorType', 'errorMessage', 'stackTrace']);
	assert.equal(records[4]!.errorType, 'TypeError');
	const report = records.at(-1)!;
	assert.deepEqual(Object.keys(report.record), ['requestId', 'metrics', 'status']);
	assert.deepEqual(Object.keys(report.record.metrics), ['durationMs', 'billedDurationMs', 'memorySizeMB', 'maxMemoryUsedMB', 'initDurationMs']);
	assert.equal(report.record.status, 'success');

	await update('log-node', {ApplicationLogLevel: 'ERROR', SystemLogLevel: 'INFO'});
	const failed = await invokeLog('log-node', {fail: true});
	assert.deepEqual(failed.records.map(record => record.type ?? record.level), ['platform.start', 'ERROR', 'ERROR', 'platform.report']);
	const uncaught = failed.records[2]!;
	assert.deepEqual(Object.keys(uncaught), ['timestamp', 'level', 'requestId', 'message']);
	assert.equal(uncaught.message.errorType, 'RangeError');
	assert.equal(uncaught.message.errorMessage, 'boom');
	assert.ok(Array.isArray(uncaught.message.stackTrace));
	assert.equal(failed.records[3]!.record.status, 'error');

	// A timeout is the report's status, with no Text line of its own.
	await serve.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'log-node', Timeout: 1}));
	await settled('log-node');
	const timedOut = await invokeLog('log-node', {hang: true});
	const last = timedOut.records.at(-1)!;
	assert.equal(last.type, 'platform.report');
	assert.deepEqual([last.record.status, last.record.errorType, last.record.metrics.durationMs], ['timeout', 'Sandbox.Timedout', 1000]);
	assert.ok(timedOut.lines.every(line => line.startsWith('{')), 'every line is JSON');
});

test('a Python function with the JSON format writes the JsonFormatter\'s records, filtered at its level', async t => {
	if (!hasCommand('python3')) {
		t.skip('no python3 on PATH');
		return;
	}

	await create(serve.lambda, 'log-python', {'app.py': `import logging
logger = logging.getLogger("app")
def handler(event, context):
    logger.debug("d")
    logger.info("i", extra={"order": 7})
    logger.warning("w")
    try:
        raise KeyError("k")
    except KeyError:
        logger.exception("caught")
    if event.get("fail"):
        raise ValueError("boom")
    return 1
`}, {Runtime: 'python3.12', Handler: 'app.handler', LoggingConfig: {LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN'}});
	const {records} = await invokeLog('log-python', {fail: true});
	assert.deepEqual(records.map(record => record.level), ['INFO', 'WARNING', 'ERROR', 'ERROR']);
	assert.deepEqual(Object.keys(records[0]!), ['timestamp', 'level', 'message', 'logger', 'requestId', 'order']);
	assert.match(records[0]!.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	assert.deepEqual(Object.keys(records[2]!), ['timestamp', 'level', 'message', 'logger', 'stackTrace', 'errorType', 'errorMessage', 'requestId', 'location']);
	assert.deepEqual(Object.keys(records[3]!), ['timestamp', 'level', 'errorMessage', 'errorType', 'requestId', 'stackTrace']);
	assert.equal(records[3]!.errorType, 'ValueError');
});

test('logs of a function with its own LogGroup are found under that group by the CloudWatch Logs API', async () => {
	await create(serve.lambda, 'log-grouped', {'index.js': 'exports.handler = async () => { console.log("grouped line"); return 1; };'}, {LoggingConfig: {LogGroup: '/custom/team-a'}});
	await invokeLog('log-grouped');
	const groups = await serve.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/custom/'}));
	assert.deepEqual(groups.logGroups?.map(group => group.logGroupName), ['/custom/team-a']);
	const found = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/custom/team-a', filterPattern: '"grouped line"'}));
	assert.equal(found.events?.length, 1);
	const events = await serve.logs.send(new GetLogEventsCommand({logGroupName: '/custom/team-a', logStreamName: found.events![0]!.logStreamName!, startFromHead: true}));
	assert.match(events.events?.[0]?.message ?? '', /^INIT_START/);
	assert.match(await failure(serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/log-grouped'}))), /ResourceNotFoundException: The specified log group does not exist/);
	// The console's client against an endpoint reads a function's logs from the group its LoggingConfig names.
	const remote = openRemoteClient({endpoint: serve.url, region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
	try {
		assert.ok((await remote.filterLogEvents('log-grouped', {startTime: Math.floor(Date.now() - 60_000)})).some(event => event.message.includes('grouped line')));
	} finally {
		await remote.close();
	}
});
