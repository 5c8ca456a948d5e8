import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {InvocationRecord} from '../../source/core/types.js';
import {barGraph, timeAxis, windowSeries} from '../../source/ui/lib/series.js';
import {functionStats} from '../../source/ui/lib/stats.js';
import {withConsole} from './helpers.js';

test('monitor tab > graphs each metric with its axis and total over the window, and w changes the window', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'monitor'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	}}, async ({ui, client}) => {
		await ui.see(/Invocations\s+1┤ *█ total 1/);
		await ui.see(/Cold starts\s+1┤ *█ total 1/);
		assert.match(ui.frame(), /Success rate\s+100%┤ *█ mean 100%/);
		assert.match(ui.frame(), /Concurrent\s+1┤ *█ max 1/);
		assert.match(ui.frame(), /Errors\s+0┤ +total 0/);
		assert.match(ui.frame(), /-1h +-30m +now/);
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await ui.see(/Invocations\s+2┤ *█ total 2/);
		await ui.press('w');
		await ui.see('Last 1d');
		await ui.see(/-1d +-12h +now/);
		await ui.press('w');
		await ui.see('Last 15m');
	});
});

const record = (timestamp: number, fields: Partial<InvocationRecord> = {}): InvocationRecord => ({
	functionName: 'f', requestId: String(timestamp), timestamp, durationMs: 100, billedDurationMs: 100, maxMemoryUsedMb: 40, coldStart: false, ...fields,
});

test('monitor series > buckets invocations, errors, success rate, percentiles and the most running at once; throttles apart', () => {
	const now = 1_000_000;
	const series = windowSeries([
		record(now - 45_000), record(now - 45_000 + 50), record(now - 40_000, {error: 'Unhandled'}), record(now - 5000, {throttled: true, durationMs: 0}),
	], now, 60_000, 6);
	assert.deepEqual(series.invocations, [0, 2, 1, 0, 0, 0], 'a throttled request is not an invocation, as CloudWatch counts it');
	assert.deepEqual(series.errors, [0, 0, 1, 0, 0, 0]);
	assert.deepEqual(series.successRate.map(value => Number.isNaN(value) ? null : value), [null, 100, 0, null, null, null]);
	assert.equal(series.concurrency[1], 2, 'two 100 ms invocations 50 ms apart overlap');
	assert.deepEqual(series.throttles, [0, 0, 0, 0, 0, 1]);
});

test('monitor series > bar graphs scale to the top value over several rows, and the axis names the window', () => {
	assert.deepEqual(barGraph([0, 4, 8], 2), ['  █', ' ██']);
	assert.deepEqual(barGraph([Number.NaN, 1], 1), [' █']);
	assert.equal(timeAxis(20, '15m'), '-15m    -7.5m    now');
});

test('function stats > a throttle is neither an invocation, an error nor a duration, but it is a recent problem and the last status', () => {
	const now = 1_000_000;
	const stats = functionStats([record(now - 3000, {durationMs: 10}), record(now - 2000, {error: 'Unhandled', durationMs: 30}), record(now - 1000, {throttled: true, durationMs: 0})], now);
	assert.deepEqual({count: stats.count, errors: stats.errors, recentErrors: stats.recentErrors, p50: stats.p50, last: stats.last?.error}, {count: 2, errors: 1, recentErrors: 2, p50: 10, last: 'Throttled'});
});
