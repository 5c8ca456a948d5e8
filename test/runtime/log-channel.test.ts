import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {FrameReader, LogChannel, frameTypes} from '../../source/runtime/log-channel.js';
import {LineSplitter, maxEventBytes} from '../../source/runtime/lines.js';

const now = Date.now();

const frame = (type: number, message: string | Buffer, microseconds = (BigInt(now) * 1000n) + 456n) => {
	const body = typeof message === 'string' ? Buffer.from(message) : message;
	const header = Buffer.alloc(16);
	header.writeUInt32BE(type, 0);
	header.writeUInt32BE(body.length, 4);
	header.writeBigUInt64BE(microseconds, 8);
	return Buffer.concat([header, body]);
};

const collect = () => {
	const events: Array<{message: string; timestamp: number}> = [];
	return {events, sink: (message: string, timestamp: number) => events.push({message, timestamp})};
};

test('lines > one event per line, empty lines dropped, \\r kept, a partial line held until flushed', () => {
	const {events, sink} = collect();
	const lines = new LineSplitter(sink);
	lines.push(Buffer.from('\nmulti\nli'), 1);
	lines.push(Buffer.from('ne\n\nanother\rline\nrest'), 2);
	assert.deepEqual(events.map(event => event.message), ['multi', 'line', 'another\rline']);
	assert.equal(events[1]!.timestamp, 1, 'a line keeps the time its first byte came');
	lines.flush();
	assert.equal(events.at(-1)!.message, 'rest');
});

test('lines > a long line is cut at the event limit on a UTF-8 character boundary, nothing lost', () => {
	const {events, sink} = collect();
	const lines = new LineSplitter(sink, 10);
	const text = `${'é'.repeat(12)}€a\n`;
	for (const byte of Buffer.from(text)) {
		lines.push(Buffer.from([byte]), 5);
	}

	assert.ok(events.every(event => Buffer.byteLength(event.message) <= 10));
	assert.ok(events.every(event => !event.message.includes('\uFFFD')), 'no character is split');
	assert.equal(events.map(event => event.message).join(''), text.slice(0, -1));
	assert.ok(events.every(event => event.timestamp === 5));
});

test('frames > records, raw stdout and stderr, read one byte at a time', () => {
	const {events, sink} = collect();
	const reader = new FrameReader(sink);
	const stream = Buffer.concat([
		frame(frameTypes.record, 'one\rtwo\n'),
		frame(frameTypes.stdout, 'out a\nout '),
		frame((frameTypes.record | 0x0C) >>> 0, 'with level bits'),
		frame(frameTypes.stdout, 'b\n\n'),
		frame(frameTypes.stderr, 'err\n'),
		frame(frameTypes.record, ''),
	]);
	for (const byte of stream) {
		reader.push(Buffer.from([byte]));
	}

	assert.deepEqual(events.map(event => event.message), ['one\rtwo', 'out a', 'with level bits', 'out b', 'err']);
	assert.equal(events[0]!.timestamp, now, 'the frame\'s time, in milliseconds');
	assert.equal(reader.bytesRead, stream.length);
});

test('frames > a huge record is passed on in pieces of the event limit', () => {
	let pieces = 0;
	let bytes = 0;
	const reader = new FrameReader(message => {
		pieces++;
		bytes += message.length;
		assert.ok(message.length <= maxEventBytes);
	});
	const size = 3 * maxEventBytes + 7;
	const whole = frame(frameTypes.record, Buffer.alloc(size, 'y'));
	for (let offset = 0; offset < whole.length; offset += 65_536) {
		reader.push(whole.subarray(offset, offset + 65_536));
	}

	assert.equal(pieces, 4);
	assert.equal(bytes, size);
});

test('frames > a time far from now is replaced by now, and a frame cut off by the end of the stream is still written', () => {
	const {events, sink} = collect();
	const reader = new FrameReader(sink);
	reader.push(frame(frameTypes.record, 'from 1970', 5n));
	reader.push(frame(frameTypes.record, 'cut off here and never finished').subarray(0, 16 + 12));
	reader.end();
	assert.deepEqual(events.map(event => event.message), ['from 1970', 'cut off here']);
	assert.ok(Math.abs(events[0]!.timestamp - Date.now()) < 60_000);
});

test('frames > bytes that are not frames are logged as raw lines', () => {
	const {events, sink} = collect();
	const reader = new FrameReader(sink);
	reader.push(Buffer.from('someone wrote plain text to fd 3\n'));
	assert.deepEqual(events.map(event => event.message), ['someone wrote plain text to fd 3']);
});

test('log channel > settle waits for the frames the runtime says it wrote, and flushes partial lines', async () => {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const telemetry = new PassThrough();
	const {events, sink} = collect();
	const channel = new LogChannel({stdout, stderr, telemetry}, sink);
	const first = frame(frameTypes.record, 'first');
	const second = frame(frameTypes.record, 'second');
	let settled = false;
	const settling = channel.settle(first.length + second.length).then(() => {
		settled = true;
	});
	telemetry.write(first);
	stdout.write('partial');
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	assert.equal(settled, false, 'not settled before every byte is read');
	telemetry.write(second);
	await settling;
	assert.deepEqual(events.map(event => event.message), ['first', 'second', 'partial']);
	for (const stream of [stdout, stderr, telemetry]) {
		stream.destroy();
	}

	await channel.closed();
});
