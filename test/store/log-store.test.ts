import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {LogStore, followLog, readLog} from '../../source/store/log-store.js';
import {temporaryFolder} from '../helpers/functions.js';

const event = (index: number) => ({timestamp: 1_700_000_000_000 + index, logStreamName: 'stream-a', message: `line ${index} ${'x'.repeat(80)}`});

test('log store > rotates segments by size and keeps only the newest', () => {
	const folder = temporaryFolder();
	const store = new LogStore(folder, {segmentBytes: 4096, maxSegments: 3});
	for (let index = 0; index < 400; index++) {
		store.append('fn', [event(index)]);
		store.flush();
	}

	const segments = fs.readdirSync(store.folderOf('fn'));
	assert.equal(segments.length, 3);
	const kept = store.read('fn');
	assert.equal(kept.at(-1)!.message, event(399).message);
	assert.ok(kept.length < 400 && kept.length > 50);
	assert.deepEqual(kept.map(line => line.timestamp), [...kept.map(line => line.timestamp)].sort((a, b) => a - b));
	assert.deepEqual(store.read('fn', {limit: 5}).map(line => line.message), [395, 396, 397, 398, 399].map(index => event(index).message));
	assert.equal(store.read('fn', {startTime: Date.now() + 60_000}).length, 0);
	store.close();
	fs.rmSync(folder, {recursive: true});
});

test('log store > reads back after a restart, filtered by time, stream and text', () => {
	const folder = temporaryFolder();
	const store = new LogStore(folder);
	store.append('fn', [event(1), {...event(2), logStreamName: 'stream-b'}, {...event(3), message: 'needle'}]);
	store.close();
	const reader = readLog(new LogStore(folder).folderOf('fn'), {});
	assert.equal(reader.length, 3);
	assert.equal(readLog(`${folder}/fn`, {logStreamName: 'stream-b'}).length, 1);
	assert.equal(readLog(`${folder}/fn`, {filterPattern: 'needle'}).length, 1);
	assert.equal(readLog(`${folder}/fn`, {startTime: event(2).timestamp}).length, 2);
	assert.equal(readLog(`${folder}/fn`, {limit: 1})[0]!.message, 'needle');
	fs.rmSync(folder, {recursive: true});
});

test('log store > follow sees lines appended by another writer', async () => {
	const folder = temporaryFolder();
	const store = new LogStore(folder);
	store.append('fn', [event(1)]);
	store.flush();
	const seen: string[] = [];
	const controller = new AbortController();
	followLog(store.folderOf('fn'), events => seen.push(...events.map(line => line.message)), controller.signal, 20);
	store.append('fn', [event(2), event(3)]);
	store.flush();
	for (let attempt = 0; attempt < 50 && seen.length < 2; attempt++) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	controller.abort();
	assert.deepEqual(seen, [event(2).message, event(3).message]);
	store.close();
	fs.rmSync(folder, {recursive: true});
});

test('log store > a flood of maximum-size events stays within the per-function cap', () => {
	const folder = temporaryFolder();
	const segmentBytes = 1024 * 1024;
	const store = new LogStore(folder, {segmentBytes, maxSegments: 4});
	const message = 'x'.repeat(262_118);
	for (let turn = 0; turn < 64; turn++) {
		store.append('fn', Array.from({length: 4}, (_, index) => ({timestamp: turn * 4 + index, logStreamName: 'stream-a', message})));
		store.flush();
	}

	const sizes = fs.readdirSync(store.folderOf('fn')).map(name => fs.statSync(`${store.folderOf('fn')}/${name}`).size);
	assert.ok(sizes.length <= 4, `${sizes.length} segments`);
	assert.ok(sizes.every(size => size < segmentBytes + 4 * (message.length + 64)), `segment sizes ${sizes.join(', ')}`);
	assert.equal(store.read('fn', {limit: 1})[0]!.timestamp, 255, 'the newest event is kept');
	store.close();
	fs.rmSync(folder, {recursive: true});
});

test('log store > a segment whose time stamp lags its newest event is still read for a query starting at that event', () => {
	const folder = temporaryFolder();
	const store = new LogStore(folder);
	const timestamp = Date.now();
	store.append('lagging', [{timestamp, logStreamName: 's', message: 'the newest line'}]);
	store.close();
	const segment = path.join(folder, 'lagging', fs.readdirSync(path.join(folder, 'lagging'))[0]!);
	fs.utimesSync(segment, new Date(timestamp - 5), new Date(timestamp - 5));
	assert.deepEqual(readLog(path.join(folder, 'lagging'), {startTime: timestamp}).map(event => event.message), ['the newest line']);
	fs.rmSync(folder, {recursive: true, force: true});
});
