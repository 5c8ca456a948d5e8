import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {LogEvent} from '../../source/core/types.js';
import {maxEventBytes} from '../../source/runtime/lines.js';
import {hasBubblewrap} from '../../source/runtime/sandbox.js';
import {hasCommand, openTestService} from '../helpers/functions.js';

type Service = Awaited<ReturnType<typeof openTestService>>;

let service: Service;
const seen = new Map<string, string[]>();

const watch = (target: Service) => target.client.subscribe(event => {
	if (event.type === 'log' && !event.functionName.endsWith('-big')) {
		const list = seen.get(event.functionName) ?? [];
		seen.set(event.functionName, list);
		for (const {message} of event.events) {
			list.push(message);
		}
	}
});

before(async () => {
	service = await openTestService();
	watch(service);
});

after(async () => {
	await service.dispose();
});

const concurrency = 4;
const linesEach = 25_000;

/**
Invoke `name` `concurrency` times at once and check that each invocation's tagged lines are all in the log, once each, in order, between its own START and END.
*/
const assertCompleteLogs = async (target: Service, name: string, linesPerInvoke = linesEach) => {
	seen.delete(name);
	const results = await Promise.all(Array.from({length: concurrency}, async () => target.client.invoke({FunctionName: name, Payload: JSON.stringify({count: linesPerInvoke})})));
	for (const result of results) {
		assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload).toString());
	}

	const messages = seen.get(name) ?? [];
	const starts = messages.flatMap(message => /^START RequestId: (\S+)/.exec(message)?.[1] ?? []);
	assert.equal(starts.length, concurrency);
	for (const requestId of starts) {
		const start = messages.indexOf(`START RequestId: ${requestId} Version: $LATEST`);
		const end = messages.indexOf(`END RequestId: ${requestId}`);
		assert.ok(start >= 0 && end > start, `START and END of ${requestId}`);
		const tag = `line ${requestId} `;
		const numbers: number[] = [];
		for (const [index, message] of messages.entries()) {
			const at = message.indexOf(tag);
			if (at >= 0) {
				assert.ok(index > start && index < end, `line ${message} of ${requestId} lies between its START (${start}) and END (${end}), at ${index}`);
				numbers.push(Number(message.slice(at + tag.length)));
			}
		}

		assert.equal(numbers.length, linesPerInvoke, `${requestId} kept ${numbers.length} of ${linesPerInvoke} lines`);
		assert.ok(numbers.every((value, index) => value === index), `${requestId}'s lines are in order, once each`);
		const stored = await target.client.filterLogEvents(name, {filterPattern: tag});
		assert.equal(stored.length, linesPerInvoke, 'the log store has every line too');
	}
};

const nodeSource = 'exports.handler = async (event, context) => { for (let i = 0; i < event.count; i++) { console.log(`line ${context.awsRequestId} ${i}`); } return "ok"; };';

test('logs > Node: 100,000 lines from 4 concurrent invokes are all kept, in order, between START and END', async () => {
	await service.create('node-many', {'index.js': nodeSource}, {Timeout: 60});
	await assertCompleteLogs(service, 'node-many');
	await assertCompleteLogs(service, 'node-many');
});

const assertLinesBeforeEnd = async (name: string, count: number) => {
	seen.delete(name);
	const result = await service.client.invoke({FunctionName: name, Payload: JSON.stringify({count})});
	assert.equal(result.FunctionError, 'Unhandled');
	const messages = seen.get(name)!;
	const end = messages.findIndex(message => message.startsWith('END RequestId'));
	const lines = messages.filter(message => /\tline \d+$/.test(message));
	assert.equal(lines.length, count);
	assert.ok(messages.findLastIndex(message => /\tline \d+$/.test(message)) < end, 'the last line comes before END');
};

test('logs > lines printed before a timeout are all in the log before END', async () => {
	await service.create('node-timeout', {'index.js': 'exports.handler = async (event) => { for (let i = 0; i < event.count; i++) { console.log(`line ${i}`); } await new Promise(() => {}); };'}, {Timeout: 3});
	await assertLinesBeforeEnd('node-timeout', 20_000);
});

test('logs > lines printed before the runtime exits are all in the log before END', async () => {
	await service.create('node-exit', {'index.js': 'exports.handler = async (event) => { for (let i = 0; i < event.count; i++) { console.log(`line ${i}`); } process.exit(3); };'});
	await assertLinesBeforeEnd('node-exit', 20_000);
});

test('logs > Python: 100,000 printed lines from 4 concurrent invokes are all kept, in order, between START and END', {skip: hasCommand('python3') ? false : 'python3 is not installed'}, async () => {
	await service.create('python-many', {'app.py': 'def handler(event, context):\n    for i in range(event["count"]):\n        print(f"line {context.aws_request_id} {i}")\n    return "ok"\n'}, {Runtime: 'python3.12', Handler: 'app.handler', Timeout: 60});
	await assertCompleteLogs(service, 'python-many');
});

const customBootstrap = `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS="$(mktemp)"
while true; do
	EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
	REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
	COUNT=$(echo "$EVENT" | tr -dc 0-9)
	i=0
	while [ "$i" -lt "$COUNT" ]; do
		echo "line $REQUEST_ID $i"
		i=$((i + 1))
	done
	curl -sS -o /dev/null -X POST "$API/invocation/$REQUEST_ID/response" -d '"ok"'
done
`;

test('logs > a custom runtime: 100,000 lines from 4 concurrent invokes are all kept, in order, between START and END', {skip: hasCommand('curl') ? false : 'curl is not installed'}, async () => {
	await service.create('custom-many', {bootstrap: customBootstrap}, {Runtime: 'provided.al2023', Handler: 'x', Timeout: 60}, {bootstrap: 0o755});
	await assertCompleteLogs(service, 'custom-many');
});

test('logs > Node under bubblewrap: 100,000 lines from 4 concurrent invokes are all kept, in order', {skip: hasBubblewrap() ? false : 'bubblewrap (bwrap) is not installed'}, async () => {
	const sandboxed = await openTestService({sandbox: 'bubblewrap'});
	const stop = watch(sandboxed);
	try {
		await sandboxed.create('node-many', {'index.js': nodeSource}, {Timeout: 60});
		await assertCompleteLogs(sandboxed, 'node-many');
	} finally {
		stop();
		await sandboxed.dispose();
	}
});

test('logs > Node console keeps a multi-line record in one event, process.stdout is cut into lines', async () => {
	await service.create('node-shapes', {'index.js': 'exports.handler = async () => { console.log("one\\ntwo"); process.stdout.write("raw a\\nraw "); process.stdout.write("b\\n\\n"); process.stderr.write("err\\n"); return 1; };'});
	const result = await service.invokeJson('node-shapes');
	const lines = result.log.split('\n');
	assert.ok(lines.some(line => line.endsWith('\tINFO\tone\rtwo')), result.log);
	assert.deepEqual(lines.filter(line => line.startsWith('raw') || line === 'err'), ['raw a', 'raw b', 'err']);
	assert.ok(!lines.slice(1, -2).includes(''), 'no empty events');
});

test('logs > Python print makes one event per line, drops empty lines and keeps \\r; a logging record is one event', {skip: hasCommand('python3') ? false : 'python3 is not installed'}, async () => {
	await service.create('python-shapes', {'app.py': 'import logging\nlogging.getLogger().setLevel(logging.INFO)\ndef handler(event, context):\n    print("\\nmulti\\nline\\nstring\\nanother\\rline\\n")\n    logging.info("record one\\nrecord two")\n    return 1\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	seen.delete('python-shapes');
	await service.invokeJson('python-shapes');
	const messages = seen.get('python-shapes')!;
	const body = messages.slice(messages.findIndex(message => message.startsWith('START')) + 1, messages.findIndex(message => message.startsWith('END')));
	assert.deepEqual(body.slice(0, 4), ['multi', 'line', 'string', 'another\rline']);
	assert.equal(body.length, 5);
	assert.match(body[4]!, /^\[INFO\]\t\S+\t\S+\trecord one\nrecord two$/);
});

const bigLine = 64 * 1024 * 1024;

const assertBoundedBigLine = async (name: string) => {
	const sizes: number[] = [];
	let between = false;
	let outside = 0;
	const stop = service.client.subscribe(event => {
		if (event.type !== 'log' || event.functionName !== name) {
			return;
		}

		for (const {message} of event.events as LogEvent[]) {
			if (message.startsWith('START RequestId')) {
				between = true;
			} else if (message.startsWith('END RequestId')) {
				between = false;
			} else if (message.startsWith('xxxx')) {
				sizes.push(Buffer.byteLength(message));
				outside += between ? 0 : 1;
			}
		}
	});
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 20);
	const started = Date.now();
	try {
		const result = await service.client.invoke({FunctionName: name, Payload: '{}'});
		assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload).toString());
	} finally {
		clearInterval(sampler);
		stop();
	}

	const seconds = (Date.now() - started) / 1000;
	peak = Math.max(peak, process.memoryUsage().rss);
	assert.equal(outside, 0, 'every piece lies between START and END');
	assert.equal(sizes.reduce((sum, size) => sum + size, 0), bigLine, 'no byte is lost');
	assert.equal(sizes.length, Math.ceil(bigLine / maxEventBytes));
	assert.ok(sizes.slice(0, -1).every(size => size === maxEventBytes), 'every piece but the last is exactly the event limit');
	assert.ok(peak - before < 256 * 1024 * 1024, `the service grew by ${Math.round((peak - before) / 1024 / 1024)} MB`);
	assert.ok(seconds < 60, `took ${seconds} s`);
	const tail = await service.client.filterLogEvents(name, {limit: 3});
	assert.equal(tail.length, 3);
	return {seconds, grownMb: Math.round((peak - before) / 1024 / 1024)};
};

test('logs > a 64 MB line without a newline from Node is cut at the event limit in bounded memory', async () => {
	await service.create('node-big', {'index.js': `exports.handler = async () => { process.stdout.write("x".repeat(${bigLine})); return 1; };`}, {MemorySize: 1024, Timeout: 60});
	await assertBoundedBigLine('node-big');
});

test('logs > a 64 MB line without a newline from a custom runtime\'s stdout is cut at the event limit in bounded memory', {skip: hasCommand('curl') ? false : 'curl is not installed'}, async () => {
	const bootstrap = `#!/bin/sh
set -eu
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS="$(mktemp)"
while true; do
	curl -sS -o /dev/null -D "$HEADERS" "$API/invocation/next"
	REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
	head -c ${bigLine} /dev/zero | tr '\\0' x
	curl -sS -o /dev/null -X POST "$API/invocation/$REQUEST_ID/response" -d '1'
done
`;
	await service.create('custom-big', {bootstrap}, {Runtime: 'provided.al2023', Handler: 'x', MemorySize: 1024, Timeout: 60}, {bootstrap: 0o755});
	await assertBoundedBigLine('custom-big');
});
