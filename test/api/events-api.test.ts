import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {DeleteFunctionCommand, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda';
import {eventsApi} from '../../source/api/events-api.js';
import {internalApi} from '../../source/api/internal-api.js';
import {ApiServer} from '../../source/api/server.js';
import {EventHub} from '../../source/service/events.js';
import type {LambdaService} from '../../source/service/lambda-service.js';
import {openEventStream, type Frame} from '../helpers/event-stream.js';
import {startServe, type Serve} from '../helpers/serve-process.js';

const echo = {'index.mjs': 'export const handler = async (event) => { console.log(\'echo\', event.word); return event.word; };\n'};

let serve: Serve;

before(async () => {
	serve = await startServe();
});

after(async () => {
	await serve?.stop();
});

const logged = (frames: Frame[], text: string) => frames.some(frame => frame.event === 'log' && frame.data.events.some((event: {message: string}) => event.message.includes(text)));

test('events api > a client sees function changes, log lines and invocation records as they happen', async () => {
	const stream = await openEventStream(`${serve.url}/_lambdeck/events`);
	try {
		assert.equal(stream.status, 200);
		assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
		await stream.until(() => stream.frames.some(frame => frame.event === 'ready'));
		await serve.createFunction('echo', echo);
		await stream.until(() => stream.frames.some(frame => frame.event === 'function' && frame.data.functionName === 'echo' && frame.data.change === 'created'), 20_000, 'the created event');
		assert.equal(await serve.invoke('echo', {word: 'hello-events'}), 'hello-events');
		await stream.until(() => logged(stream.frames, 'echo hello-events') && stream.frames.some(frame => frame.event === 'invocation' && frame.data.record.functionName === 'echo'), 20_000, 'the log line and the invocation');
		await serve.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: 'echo', Timeout: 5}));
		await stream.until(() => stream.frames.some(frame => frame.event === 'function' && frame.data.change === 'updated' && frame.data.configuration?.Timeout === 5), 20_000, 'the updated event');
		const ids = stream.frames.map(frame => Number(frame.id));
		assert.ok(ids.every((id, index) => index === 0 || id === ids[index - 1]! + 1), `ids increase by one: ${ids.join(',')}`);
	} finally {
		stream.close();
	}
});

test('events api > a client that reconnects with Last-Event-ID or ?since gets exactly what it missed', async () => {
	const first = await openEventStream(`${serve.url}/_lambdeck/events`);
	await first.until(() => first.frames.length > 0);
	const cursor = first.frames.at(-1)!.id!;
	first.close();
	await serve.invoke('echo', {word: 'while-away-1'});
	await serve.invoke('echo', {word: 'while-away-2'});
	for (const [how, url, headers] of [['Last-Event-ID', `${serve.url}/_lambdeck/events`, {'Last-Event-ID': cursor}], ['since', `${serve.url}/_lambdeck/events?since=${cursor}`, {}]] as const) {
		const again = await openEventStream(url, headers);
		try {
			await again.until(() => logged(again.frames, 'while-away-2') && again.frames.filter(frame => frame.event === 'invocation').length >= 2, 20_000, `the backlog (${how})`);
			assert.equal(again.frames[0]!.event, 'ready');
			assert.equal(again.frames[0]!.id, cursor);
			const ids = again.frames.map(frame => Number(frame.id));
			assert.equal(ids[1], Number(cursor) + 1, `${how}: the backlog starts right after the cursor`);
			assert.ok(ids.slice(1).every((id, index) => index === 0 || id === ids[index]! + 1), `${how}: no gaps`);
			assert.ok(logged(again.frames, 'while-away-1'));
		} finally {
			again.close();
		}
	}
});

test('events api > a client whose cursor is older than the backlog (or from another run) is told to reload', async () => {
	const stream = await openEventStream(`${serve.url}/_lambdeck/events?since=12345`);
	try {
		await stream.until(() => stream.frames.some(frame => frame.event === 'reload'));
		const ready = stream.frames[0]!;
		assert.equal(ready.event, 'ready');
		const reload = stream.frames.find(frame => frame.event === 'reload')!;
		assert.equal(Number(reload.id), ready.data.latest);
		await serve.invoke('echo', {word: 'after-reload'});
		await stream.until(() => logged(stream.frames, 'after-reload'), 20_000, 'live events after the reload');
	} finally {
		stream.close();
	}
});

test('events api > idle connections hear heartbeat comments', async () => {
	const stream = await openEventStream(`${serve.url}/_lambdeck/events?heartbeat=100`);
	try {
		await stream.until(() => stream.comments.filter(comment => comment === 'heartbeat').length >= 2, 20_000, 'two heartbeats');
	} finally {
		stream.close();
	}
});

test('events api > the code download under /_lambdeck/ still works beside the stream', async () => {
	const {GetFunctionCommand} = await import('@aws-sdk/client-lambda');
	const {Code} = await serve.lambda.send(new GetFunctionCommand({FunctionName: 'echo'}));
	const response = await fetch(Code!.Location!);
	assert.equal(response.status, 200);
	assert.equal(response.headers.get('content-type'), 'application/zip');
	await response.arrayBuffer();
	const wrong = await fetch(`${serve.url}/_lambdeck/events`, {method: 'POST'});
	assert.equal(wrong.status, 405);
	await wrong.arrayBuffer();
});

test('events api > stopping the server ends every stream', {timeout: 60_000}, async () => {
	await serve.lambda.send(new DeleteFunctionCommand({FunctionName: 'echo'}));
	const streams = await Promise.all([openEventStream(`${serve.url}/_lambdeck/events`), openEventStream(`${serve.url}/_lambdeck/events?heartbeat=60000`)]);
	await Promise.all(streams.map(async stream => stream.until(() => stream.frames.length > 0)));
	serve.child.kill('SIGTERM');
	await Promise.all(streams.map(async stream => stream.endedPromise));
	await new Promise(resolve => {
		if (serve.child.exitCode === null && serve.child.signalCode === null) {
			serve.child.once('exit', resolve);
		} else {
			resolve(undefined);
		}
	});
	assert.equal(serve.child.exitCode, 143, 'serve closed as SIGTERM asks, not forced by a second signal');
});

test('events api > a client that stops reading is not buffered for: it skips ahead with a reload when it reads again', async () => {
	const hub = new EventHub();
	const service = {subscribe: hub.subscribe.bind(hub)} as unknown as LambdaService;
	const server = new ApiServer({plugins: [eventsApi({service, capacity: 64}), internalApi({service})]});
	const url = await server.listen(0, '127.0.0.1');
	const stream = await openEventStream(`${url}/_lambdeck/events`);
	try {
		await stream.until(() => stream.frames.length > 0);
		stream.pause();
		const message = 'x'.repeat(10_000);
		const total = 6000;
		for (let index = 0; index < total; index++) {
			hub.emit({type: 'log', functionName: 'slow', events: [{timestamp: index, message: `${index} ${message}`, logStreamName: 's'}]});
		}

		stream.resume();
		await stream.until(() => stream.frames.some(frame => frame.event === 'reload'), 20_000, 'the reload event');
		const reload = stream.frames.find(frame => frame.event === 'reload')!;
		assert.equal(reload.data.latest, Number(stream.frames[0]!.id) + total, 'the reload moves the client past everything it missed');
		hub.emit({type: 'log', functionName: 'slow', events: [{timestamp: total, message: 'after the reload', logStreamName: 's'}]});
		await stream.until(() => stream.frames.at(-1)?.data.events?.[0].message === 'after the reload', 20_000, 'the event after the reload');
		assert.ok(stream.bytes < total * message.length / 4, `the client got ${stream.bytes} bytes, not all ${total * message.length} emitted`);
	} finally {
		stream.close();
		await server.close();
	}
});

test('events api > closing the server cuts off a client that stopped reading instead of waiting for it', {timeout: 30_000}, async () => {
	const hub = new EventHub();
	const service = {subscribe: hub.subscribe.bind(hub)} as unknown as LambdaService;
	const server = new ApiServer({plugins: [eventsApi({service, capacity: 64})]});
	const url = await server.listen(0, '127.0.0.1');
	const stream = await openEventStream(`${url}/_lambdeck/events`);
	try {
		await stream.until(() => stream.frames.length > 0);
		stream.pause();
		for (let index = 0; index < 3000; index++) {
			hub.emit({type: 'log', functionName: 'stuck', events: [{timestamp: index, message: 'y'.repeat(10_000), logStreamName: 's'}]});
		}

		await server.close();
	} finally {
		stream.close();
	}
});
