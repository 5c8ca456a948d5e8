import assert from 'node:assert/strict';
import {test} from 'node:test';
import {EventRing} from '../../source/api/event-ring.js';

test('event ring > ids increase by one and a covered cursor yields everything after it', () => {
	const ring = new EventRing({capacity: 10, firstId: 100});
	assert.equal(ring.latestId, 99);
	assert.ok(ring.covers(99), 'an empty ring covers the cursor just before its first id');
	for (let index = 0; index < 5; index++) {
		assert.equal(ring.push(id => `event ${id}`), 100 + index);
	}

	const after: string[] = [];
	for (let entry = ring.after(101); entry; entry = ring.after(entry.id)) {
		after.push(entry.text);
	}

	assert.deepEqual(after, ['event 102', 'event 103', 'event 104']);
	assert.ok(!ring.covers(105), 'a cursor from the future (another run) is not covered');
});

test('event ring > it keeps at most its capacity and its byte budget, dropping the oldest', () => {
	const ring = new EventRing({capacity: 10, maxBytes: 1000, firstId: 1});
	for (let index = 0; index < 25; index++) {
		ring.push(id => `${id}`);
	}

	assert.equal(ring.oldestId, 16);
	assert.ok(ring.covers(15));
	assert.ok(!ring.covers(14));
	assert.equal(ring.after(15)?.text, '16');
	for (let index = 0; index < 5; index++) {
		ring.push(() => 'x'.repeat(400));
	}

	assert.equal(ring.latestId - ring.oldestId + 1, 2, 'only what fits in 1000 bytes is kept');
	assert.equal(ring.after(ring.latestId), undefined);
});
