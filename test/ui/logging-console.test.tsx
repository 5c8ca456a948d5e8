import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recordFromReport} from '../../source/client/log-poller.js';
import {parseReport} from '../../source/core/platform-records.js';
import {requestLines} from '../../source/ui/lib/request-logs.js';
import {levelColor} from '../../source/ui/views/log-line.js';
import {eventFeed, keys, waitFor, withConsole} from './helpers.js';

test('configuration tab > edits the log format and levels, says what Lambda would of a bad log group or levels with Text, and saves LoggingConfig', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'config'}}, async ({ui, client}) => {
		await ui.see('Log format');
		await ui.press('j', 'j', 'j', 'j', 'j', keys.right);
		await ui.see('JSON (was Text)');
		await ui.press('j', keys.left);
		await ui.see('FATAL (was "")');
		await ui.press('j', 'j', keys.enter, keys.ctrlU, 'team logs', keys.enter);
		await ui.see('Value \'team logs\' at \'loggingConfig.logGroup\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
		await ui.press(keys.enter, keys.ctrlU, '/team/logs', keys.enter);
		await ui.press('s');
		await ui.see('Save the configuration of hello-node?');
		assert.match(ui.frame(), /Log format: Text → JSON/);
		await ui.press(keys.right, keys.enter);
		await ui.see('Update configuration of hello-node: done');
		const saved = await client.getFunctionConfiguration({FunctionName: 'hello-node'});
		assert.deepEqual(saved.LoggingConfig, {LogFormat: 'JSON', ApplicationLogLevel: 'FATAL', SystemLogLevel: 'INFO', LogGroup: '/team/logs'});

		await ui.press('k', 'k', 'k', keys.right);
		await ui.see('Text (was JSON)');
		assert.match(ui.frame(), /App level\s+ \(was FATAL\)/, 'switching to Text empties the levels');
		await ui.press('j', keys.right);
		await ui.see('LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.');
	});
});

test('logs pane > JSON records and platform events read as level, short request id and message at narrow widths, coloured by level', async () => {
	const feed = eventFeed();
	const id = '6f1c9a52-3b1e-4c7d-9e2f-0a1b2c3d4e5f';
	const lines = [
		JSON.stringify({time: '2026-11-30T01:00:00.000Z', type: 'platform.start', record: {requestId: id, version: '$LATEST'}}),
		JSON.stringify({timestamp: '2026-11-30T01:00:00.001Z', level: 'WARN', requestId: id, message: 'disk nearly full'}),
		JSON.stringify({timestamp: '2026-11-30T01:00:00.002Z', level: 'ERROR', requestId: id, message: {errorType: 'RangeError', errorMessage: 'boom', stackTrace: []}}),
		JSON.stringify({time: '2026-11-30T01:00:00.003Z', type: 'platform.report', record: {requestId: id, metrics: {durationMs: 2.5, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 60}, status: 'error'}}),
	];
	await withConsole({examples: [], initialRoute: {view: 'logs', functionName: 'jsonfn'}, prepare: ({client}) => feed.wrap(client)}, async ({ui}) => {
		ui.resize(80, 24);
		await ui.see('No log lines yet');
		feed.emit({type: 'log', functionName: 'jsonfn', events: lines.map(message => ({timestamp: Date.now(), message, logStreamName: 's'}))});
		await ui.see('6f1c9a52 START Version: $LATEST');
		await ui.see('6f1c9a52 WARN disk nearly full');
		await ui.see('6f1c9a52 ERROR RangeError: boom');
		await ui.see(/6f1c9a52 REPORT Duration: 2\.50 ms {2}Billed Duration: 3 ms/);
		assert.deepEqual(lines.map(line => levelColor(line)), [undefined, 'yellow', 'red', 'red']);
		await ui.press('c', 'w');
		await ui.see('full lines');
		await ui.see('"message":"disk nearly full"');
	});
});

test('request view and Test tab > JSON platform events bound a request and give its REPORT figures, as the Text lines do', () => {
	const id = '6f1c9a52-3b1e-4c7d-9e2f-0a1b2c3d4e5f';
	const event = (message: string) => ({timestamp: 1, message, logStreamName: 's'});
	const report = JSON.stringify({time: 't', type: 'platform.report', record: {requestId: id, metrics: {durationMs: 2.5, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 60, initDurationMs: 80}, status: 'timeout', errorType: 'Sandbox.Timedout'}});
	const events = [
		event(JSON.stringify({time: 't', type: 'platform.start', record: {requestId: 'other', version: '$LATEST'}})),
		event(JSON.stringify({time: 't', type: 'platform.start', record: {requestId: id, version: '$LATEST'}})),
		event('{"level":"INFO","message":"inside"}'),
		event(report),
		event('after'),
	];
	assert.deepEqual(requestLines(events, id).map(line => line.message), [events[1]!.message, events[2]!.message, report]);
	assert.deepEqual(parseReport(report), {requestId: id, durationMs: 2.5, billedDurationMs: 3, memorySizeMb: 128, maxMemoryUsedMb: 60, initDurationMs: 80, status: 'timeout', errorType: 'Sandbox.Timedout'});
	assert.equal(recordFromReport('fn', event(report))?.error, 'Sandbox.Timedout');
});

test('help > scrolls on a 60x20 terminal with j/k and the page keys, says how much is above and below, and lets no key through', async () => {
	await withConsole({examples: []}, async ({ui}) => {
		ui.resize(60, 20);
		await ui.see('functions 0');
		await ui.press('?');
		await ui.see('Keys (esc or ? to close)');
		await ui.see(/↓ \d+ more {2}\(j\/k, PgUp\/PgDn\)/);
		assert.doesNotMatch(ui.frame(), /commands: :functions/);
		const frameHeight = ui.frame().split('\n').length;
		assert.ok(frameHeight <= 20, `the help fits: ${frameHeight} rows`);
		await ui.press('j');
		await ui.see(/↑ 1 above {2}↓ \d+ more/);
		await ui.press(keys.down, 'k');
		await ui.see(/↑ 1 above/);
		await ui.press('\u001B[6~');
		await ui.see(/↑ (?:[2-9]|\d\d) above/);
		await ui.press('G');
		await ui.see(/↑ \d+ above {2}end/);
		await ui.see('commands: :functions');
		await ui.press('\u001B[5~', 'g');
		await ui.see(/Keys \(esc or \? to close\)[^\n]*\n[^\n]*first-run E create examples/);
		await ui.press('c', 'E', keys.enter);
		assert.doesNotMatch(ui.frame(), /Create a function|hello-node/);
		await ui.press(keys.escape);
		await waitFor(() => !ui.frame().includes('Keys (esc'), ui.frame);
	});
});
