import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {eventFeed, keys, withConsole} from './helpers.js';

test('logs pane > a log line appears live and the cold start is marked', async () => {
	await withConsole(async ({ui, client}) => {
		await ui.see('hello-node');
		await ui.press('l');
		await ui.see('No log lines yet');
		await ui.press('w');
		await ui.see('wrap on');
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"live-line"}'});
		await ui.see('event {"name":"live-line"}');
		await ui.see(/❄ [0-9a-f]{8} REPORT {2}Duration/);
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"warm"}'});
		await ui.see('event {"name":"warm"}');
		assert.equal(ui.frame().match(/❄/g)?.length, 1, 'only the cold start is marked');
	});
});

test('logs pane > filters with highlight, toggles timestamps and saves to a file', async () => {
	await withConsole({initialRoute: {view: 'logs', functionName: 'hello-node'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"first"}'});
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"second"}'});
	}}, async ({ui, dataDir}) => {
		await ui.press('w');
		await ui.see('second');
		await ui.see('timestamps on');
		await ui.press('/', 'REPORT', keys.enter);
		await ui.see('2 matching /REPORT lines');
		assert.doesNotMatch(ui.frame(), /"first"/);
		await ui.press('t');
		await ui.see('timestamps off');
		await ui.press('s');
		await ui.see('Saved 2 lines to');
		const saved = fs.readdirSync(`${dataDir}/saved-logs`);
		assert.equal(saved.length, 1);
		assert.match(fs.readFileSync(`${dataDir}/saved-logs/${saved[0]}`, 'utf8'), /REPORT RequestId/);
		await ui.press(keys.escape);
		await ui.see('"first"');
	});
});

test('logs pane > keeps at most 10,000 lines and takes a burst of 12,000 without stalling', async () => {
	const feed = eventFeed();
	await withConsole({examples: [], initialRoute: {view: 'logs'}, prepare: ({client}) => feed.wrap(client)}, async ({ui}) => {
		await ui.see('No log lines yet');
		const start = Date.now();
		for (let line = 1; line <= 12_000; line++) {
			feed.emit({type: 'log', functionName: 'burst', events: [{timestamp: Date.now(), message: `burst line ${line}`, logStreamName: 's'}]});
		}

		await ui.see('10000 lines');
		await ui.see('burst line 12000');
		assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
		assert.ok(ui.frames.length < 50, `rendered ${ui.frames.length} frames for 12,000 lines`);
	});
});

test('logs pane > scrolls back, stops following, and f follows again', async () => {
	const feed = eventFeed();
	const emit = (from: number, to: number) => {
		for (let line = from; line <= to; line++) {
			feed.emit({type: 'log', functionName: 'scroller', events: [{timestamp: Date.now(), message: `line ${line} end`, logStreamName: 's'}]});
		}
	};

	await withConsole({examples: [], initialRoute: {view: 'logs', functionName: 'scroller'}, prepare: ({client}) => feed.wrap(client)}, async ({ui}) => {
		await ui.see('No log lines yet');
		emit(1, 100);
		await ui.see('line 100 end');
		await ui.press('kkkkk');
		await ui.see('follow off');
		await ui.see('5 back');
		assert.doesNotMatch(ui.frame(), /line 100 end/);
		await ui.see('line 95 end');
		emit(101, 101);
		await ui.see('101 lines');
		assert.doesNotMatch(ui.frame(), /line 101 end/, 'a paused pane does not jump to new lines');
		await ui.press('f');
		await ui.see('follow on');
		await ui.see('line 101 end');
		await ui.press('C');
		await ui.see('0 lines');
	});
});

test('logs pane > :logs shows the stored lines of every function', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm'], async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"stored-node"}'});
		await client.invoke({FunctionName: 'hello-esm', Payload: '{"name":"stored-esm"}'});
	}}, async ({ui}) => {
		await ui.see('hello-node');
		await ui.press(':logs', keys.enter);
		await ui.see('all functions');
		await ui.see(/hello-node [0-9a-f]{8} START Version/);
		await ui.see(/hello-esm [0-9a-f]{8} START Version/);
	});
});

test('logs pane > changing the filter brings the scroll back so every matching line shows', async () => {
	const feed = eventFeed();
	await withConsole({examples: [], initialRoute: {view: 'logs'}, prepare: ({client}) => feed.wrap(client)}, async ({ui}) => {
		await ui.see('No log lines yet');
		for (let line = 1; line <= 30; line++) {
			feed.emit({type: 'log', functionName: 'fn', events: [{timestamp: Date.now(), message: line % 10 === 0 ? `REPORT number ${line}` : `plain line ${line}`, logStreamName: 's'}]});
		}

		await ui.see('30 lines');
		await ui.press('k', 'k');
		await ui.see('2 back');
		await ui.press('/', 'REPORT', keys.enter);
		await ui.see('3 matching /REPORT lines');
		for (const line of [10, 20, 30]) {
			await ui.see(`REPORT number ${line}`);
		}
	});
});
