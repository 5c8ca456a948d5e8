import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LogTail} from '../../source/service/log-tail.js';

test('log tail > keeps exactly the last 4 KB of the log, whatever was printed before', () => {
	const tail = new LogTail();
	let whole = '';
	for (let index = 0; index < 20_000; index++) {
		const message = `line ${index} ${'é'.repeat(index % 50)}`;
		tail.push(message);
		whole += `${message}\n`;
	}

	assert.equal(tail.toBase64(), Buffer.from(whole).subarray(-4096).toString('base64'));
});

test('log tail > a single huge event is held as its last 4 KB only', () => {
	const tail = new LogTail();
	tail.push(`${'a'.repeat(10_000_000)}end`);
	const text = Buffer.from(tail.toBase64(), 'base64').toString('utf8');
	assert.equal(Buffer.byteLength(text), 4096);
	assert.ok(text.endsWith('aend\n'));
});
