import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {after, before, test} from 'node:test';
import {
	DescribeLogGroupsCommand,
	DescribeLogStreamsCommand,
	FilterLogEventsCommand,
	GetLogEventsCommand,
	PutRetentionPolicyCommand,
	type DescribeLogStreamsCommandOutput,
	type FilteredLogEvent,
	type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import {execa} from 'execa';
import {isExecutable, startServe, type Serve} from '../helpers/serve-process.js';

const awsCli = '/usr/bin/aws';
const noAwsCli = isExecutable(awsCli) ? false : `${awsCli} (AWS CLI v2) is not installed`;
const printer = {'index.mjs': 'export const handler = async (event) => { for (const line of event.lines ?? []) console.log(line); return {printed: (event.lines ?? []).length}; };\n'};

let serve: Serve;

before(async () => {
	serve = await startServe();
	await serve.createFunction('printer', printer);
	await serve.invoke('printer', {lines: ['first ERROR disk full', 'second WARN disk slow', 'third "Task timed out" here', 'fourth ERROR retrying soon']});
});

after(async () => {
	await serve?.stop();
});

const awsEnvironment = () => ({AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', PYTHONUNBUFFERED: '1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', PATH: process.env.PATH});

const allEvents = async (input: {filterPattern?: string; startTime?: number; logStreamNames?: string[]}) => {
	const events: FilteredLogEvent[] = [];
	let nextToken: string | undefined;
	do {
		const page = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', nextToken, ...input}));
		events.push(...page.events ?? []);
		nextToken = page.nextToken;
	} while (nextToken);
	return events;
};

const printed = (events: Array<{message?: string}>) => events.map(event => /\tINFO\t(.*)$/.exec(event.message ?? '')?.[1]).filter(Boolean);

const rejectsWith = async (promise: Promise<unknown>, name: string, message: string | RegExp) => {
	await assert.rejects(promise, (error: Error & {$metadata?: {httpStatusCode?: number}}) => {
		assert.equal(error.name, name);
		if (typeof message === 'string') {
			assert.equal(error.message, message);
		} else {
			assert.match(error.message, message);
		}

		return true;
	});
};

test('logs api > a function with logs is the log group /aws/lambda/NAME, and its environment a log stream', async () => {
	const {logGroups} = await serve.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/aws/lambda/'}));
	const group = logGroups?.find(candidate => candidate.logGroupName === '/aws/lambda/printer');
	assert.ok(group, JSON.stringify(logGroups));
	assert.equal(group.arn, 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/printer:*');
	assert.equal(group.logGroupArn, 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/printer');
	assert.ok(group.storedBytes! > 0);
	const byArn = await serve.logs.send(new DescribeLogGroupsCommand({logGroupIdentifiers: [group.logGroupArn!]}));
	assert.deepEqual(byArn.logGroups?.map(found => found.logGroupName), ['/aws/lambda/printer']);
	const {logStreams} = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/printer'}));
	assert.equal(logStreams?.length, 1);
	const [stream] = logStreams!;
	assert.match(stream!.logStreamName!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][\da-f]{32}$/);
	assert.equal(stream!.arn, `${group.logGroupArn}:log-stream:${stream!.logStreamName}`);
	assert.ok(stream!.firstEventTimestamp! <= stream!.lastEventTimestamp!);
	assert.equal(stream!.lastIngestionTime, stream!.lastEventTimestamp);
});

test('logs api > GetLogEvents gives the latest events by default, pages from the head, and hands the same token back at the end', async () => {
	const {logStreams} = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/printer'}));
	const logStreamName = logStreams![0]!.logStreamName!;
	const latest = await serve.logs.send(new GetLogEventsCommand({logGroupName: '/aws/lambda/printer', logStreamName, limit: 2}));
	assert.match(latest.events![0]!.message!, /^END RequestId: /);
	assert.match(latest.events![1]!.message!, /^REPORT RequestId: /);
	assert.match(latest.nextForwardToken!, /^f\/\d{56}$/);
	assert.match(latest.nextBackwardToken!, /^b\/\d{56}$/);
	const earlier = await serve.logs.send(new GetLogEventsCommand({logGroupName: '/aws/lambda/printer', logStreamName, limit: 2, nextToken: latest.nextBackwardToken}));
	assert.deepEqual(printed(earlier.events!), ['third "Task timed out" here', 'fourth ERROR retrying soon']);
	const messages: string[] = [];
	let token: string | undefined;
	for (let page = 0; page < 20; page++) {
		const result = await serve.logs.send(new GetLogEventsCommand({logGroupName: '/aws/lambda/printer', logStreamName, limit: 3, startFromHead: true, nextToken: token}));
		messages.push(...result.events!.map(event => event.message!));
		if (result.nextForwardToken === token) {
			break;
		}

		token = result.nextForwardToken;
	}

	assert.match(messages[0]!, /^(INIT_START|START) /);
	assert.deepEqual(printed(messages.map(message => ({message}))), ['first ERROR disk full', 'second WARN disk slow', 'third "Task timed out" here', 'fourth ERROR retrying soon']);
	assert.match(messages.at(-1)!, /^REPORT /);
});

test('logs api > FilterLogEvents matches terms, quoted phrases, ?alternatives and -exclusions, case-sensitively', async () => {
	assert.deepEqual(printed(await allEvents({filterPattern: 'ERROR'})), ['first ERROR disk full', 'fourth ERROR retrying soon']);
	assert.deepEqual(printed(await allEvents({filterPattern: 'disk ERROR'})), ['first ERROR disk full']);
	assert.deepEqual(printed(await allEvents({filterPattern: '"Task timed out"'})), ['third "Task timed out" here']);
	assert.deepEqual(printed(await allEvents({filterPattern: 'timed Task'})), ['third "Task timed out" here']);
	assert.deepEqual(printed(await allEvents({filterPattern: '"timed Task"'})), []);
	assert.deepEqual(printed(await allEvents({filterPattern: '?WARN ?full'})), ['first ERROR disk full', 'second WARN disk slow']);
	assert.deepEqual(printed(await allEvents({filterPattern: 'ERROR -retrying'})), ['first ERROR disk full']);
	assert.deepEqual(printed(await allEvents({filterPattern: 'error'})), []);
});

test('logs api > FilterLogEvents pages by token, the token stays valid while the log grows, and startTime/endTime bound the events', async () => {
	const first = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', limit: 2}));
	assert.equal(first.events?.length, 2);
	assert.ok(first.nextToken);
	const marker = `appended-${Date.now()}`;
	await serve.invoke('printer', {lines: [marker]});
	const seen = [...first.events!];
	let nextToken: string | undefined = first.nextToken;
	while (nextToken) {
		const page: FilterLogEventsCommandOutput = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', limit: 2, nextToken}));
		seen.push(...page.events!);
		nextToken = page.nextToken;
	}

	const ids = seen.map(event => event.eventId);
	assert.equal(new Set(ids).size, ids.length, 'no event is returned twice');
	assert.ok(printed(seen).includes(marker), 'an event appended between pages is on a later page');
	const everything = await allEvents({});
	assert.deepEqual(everything.map(event => event.eventId), ids);
	const markerEvent = everything.find(event => event.message?.endsWith(marker))!;
	const since = await allEvents({startTime: markerEvent.timestamp});
	assert.ok(since.every(event => event.timestamp! >= markerEvent.timestamp!));
	assert.ok(printed(since).includes(marker));
	const before = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', endTime: markerEvent.timestamp! - 1}));
	assert.ok(!printed(before.events!).includes(marker));
	assert.ok(before.events!.length > 0);
});

test('logs api > errors come back as CloudWatch Logs words them', async () => {
	await rejectsWith(serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/nobody'})), 'ResourceNotFoundException', 'The specified log group does not exist.');
	await rejectsWith(serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/nobody'})), 'ResourceNotFoundException', 'The specified log group does not exist.');
	await rejectsWith(serve.logs.send(new GetLogEventsCommand({logGroupName: '/aws/lambda/printer', logStreamName: 'no-such-stream'})), 'ResourceNotFoundException', 'The specified log stream does not exist.');
	await rejectsWith(serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', nextToken: 'not-a-token'})), 'InvalidParameterException', 'The specified nextToken is invalid.');
	await rejectsWith(serve.logs.send(new GetLogEventsCommand({logGroupName: '/aws/lambda/printer', logStreamName: 'x', nextToken: 'f/123'})), 'ResourceNotFoundException', 'The specified log stream does not exist.');
	await rejectsWith(serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', limit: 10_001})), 'InvalidParameterException', '1 validation error detected: Value \'10001\' at \'limit\' failed to satisfy constraint: Member must have value less than or equal to 10000');
	await rejectsWith(serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/printer', logGroupIdentifier: '/aws/lambda/printer'})), 'ValidationException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
	await rejectsWith(serve.logs.send(new PutRetentionPolicyCommand({logGroupName: '/aws/lambda/printer', retentionInDays: 1})), 'NotImplementedException', 'lambdeck does not implement the CloudWatch Logs operation PutRetentionPolicy yet.');
	const raw = await fetch(serve.url, {method: 'POST', headers: {'X-Amz-Target': 'Logs_20140328.DescribeLogGroups', 'Content-Type': 'application/x-amz-json-1.1'}, body: '{"limit": 51}'});
	assert.equal(raw.status, 400);
	assert.deepEqual(await raw.json(), {__type: 'InvalidParameterException', message: '1 validation error detected: Value \'51\' at \'limit\' failed to satisfy constraint: Member must have value less than or equal to 50'});
});

test('logs api > concurrent environments are separate streams: DescribeLogStreams pages and orders them, FilterLogEvents selects by stream', async () => {
	await serve.createFunction('sleeper', {'index.mjs': 'export const handler = async (event) => { await new Promise(resolve => setTimeout(resolve, 800)); console.log(\'slept\', event.n); return event.n; };\n'});
	await Promise.all([1, 2, 3].map(async n => serve.invoke('sleeper', {n})));
	const names: string[] = [];
	let nextToken: string | undefined;
	do {
		const page: DescribeLogStreamsCommandOutput = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/sleeper', limit: 1, nextToken}));
		names.push(...page.logStreams!.map(stream => stream.logStreamName!));
		nextToken = page.nextToken;
	} while (nextToken);
	assert.equal(names.length, 3);
	assert.deepEqual(names, [...names].sort());
	const descending = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/sleeper', descending: true}));
	assert.deepEqual(descending.logStreams!.map(stream => stream.logStreamName), [...names].reverse());
	const byTime = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/sleeper', orderBy: 'LastEventTime'}));
	const times = byTime.logStreams!.map(stream => stream.lastEventTimestamp!);
	assert.deepEqual(times, [...times].sort((a, b) => a - b));
	const one = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/sleeper', logStreamNames: [names[1]!], filterPattern: 'slept'}));
	assert.equal(one.events!.length, 1);
	assert.equal(one.events![0]!.logStreamName, names[1]);
	const all = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/sleeper', filterPattern: 'slept'}));
	assert.deepEqual(all.events!.map(event => printed([event])[0]).sort(), ['slept 1', 'slept 2', 'slept 3']);
	await rejectsWith(serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/sleeper', orderBy: 'LastEventTime', logStreamNamePrefix: '2'})), 'InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
});

test('logs api > a deleted function\'s log group is gone, and one created again starts a new log', async () => {
	await serve.createFunction('short-lived', printer);
	await serve.invoke('short-lived', {lines: ['before delete']});
	assert.deepEqual(printed((await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/short-lived'}))).events!), ['before delete']);
	const {DeleteFunctionCommand} = await import('@aws-sdk/client-lambda');
	await serve.lambda.send(new DeleteFunctionCommand({FunctionName: 'short-lived'}));
	await rejectsWith(serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/short-lived'})), 'ResourceNotFoundException', 'The specified log group does not exist.');
	const {logGroups} = await serve.logs.send(new DescribeLogGroupsCommand({}));
	assert.ok(!logGroups!.some(group => group.logGroupName === '/aws/lambda/short-lived'));
	await serve.createFunction('short-lived', printer);
	await serve.invoke('short-lived', {lines: ['after create']});
	assert.deepEqual(printed((await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/short-lived'}))).events!), ['after create']);
	const {logStreams} = await serve.logs.send(new DescribeLogStreamsCommand({logGroupName: '/aws/lambda/short-lived'}));
	assert.equal(logStreams!.length, 1);
});

test('logs api > the AWS CLI v2 filters a function\'s log with --filter-pattern', {skip: noAwsCli}, async () => {
	const result = await execa(awsCli, ['--endpoint-url', serve.url, 'logs', 'filter-log-events', '--log-group-name', '/aws/lambda/printer', '--filter-pattern', 'ERROR -retrying', '--output', 'json'], {env: awsEnvironment(), extendEnv: false, reject: false});
	assert.equal(result.exitCode, 0, result.stderr);
	const {events} = JSON.parse(result.stdout) as {events: FilteredLogEvent[]};
	assert.deepEqual(printed(events), ['first ERROR disk full']);
});

test('logs api > `aws logs tail --follow` (CLI v2) prints a new invocation\'s lines as they are written', {skip: noAwsCli}, async () => {
	const tail = spawn(awsCli, ['--endpoint-url', serve.url, 'logs', 'tail', '/aws/lambda/printer', '--follow', '--since', '1h'], {env: awsEnvironment(), stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	let errors = '';
	const waitFor = async (text: string, timeoutMs: number) => new Promise<void>((resolve, reject) => {
		const check = () => {
			if (output.includes(text)) {
				clearTimeout(timer);
				tail.stdout.off('data', check);
				resolve();
			}
		};

		const timer = setTimeout(() => {
			tail.stdout.off('data', check);
			reject(new Error(`aws logs tail did not print ${text} within ${timeoutMs} ms; stdout: ${output}; stderr: ${errors}`));
		}, timeoutMs);
		tail.stdout.on('data', check);
		check();
	});
	tail.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	tail.stderr.on('data', (chunk: Buffer) => {
		errors += chunk.toString();
	});
	try {
		await waitFor('first ERROR disk full', 30_000);
		const marker = `followed-${Date.now()}`;
		await serve.invoke('printer', {lines: [marker]});
		// The CLI polls every 5 s; allow several rounds on a loaded machine.
		await waitFor(marker, 40_000);
		const lines = output.split('\n').filter(line => line.includes('first ERROR disk full'));
		assert.equal(lines.length, 1, 'an event is printed once, whatever the polling');
		assert.match(output, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 \d{4}\/\d\d\/\d\d\/\[\$LATEST\][\da-f]{32} START RequestId: /m);
	} finally {
		tail.kill('SIGINT');
		await new Promise(resolve => {
			if (tail.exitCode === null && tail.signalCode === null) {
				tail.once('exit', resolve);
			} else {
				resolve(undefined);
			}
		});
	}
});
