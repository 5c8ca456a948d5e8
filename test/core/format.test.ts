import assert from 'node:assert/strict';
import {test} from 'node:test';
import {billedDuration, codeSha256, formatLastModified, logStreamName, parseReportLine, reportLine, timeoutMessage} from '../../source/core/format.js';

test('format > REPORT line has Lambda\'s fields, tabs and trailing tab', () => {
	const line = reportLine('id-1', {durationMs: 1.234, billedDurationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 61.5});
	assert.equal(line, 'REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 61.50 ms\t');
	assert.deepEqual(parseReportLine(line), {requestId: 'id-1', durationMs: 1.23, billedDurationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 61.5});
	assert.equal(parseReportLine('REPORT RequestId: x\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t')?.initDurationMs, undefined);
});

test('format > timeout message always has two decimals', () => {
	assert.equal(timeoutMessage(3), 'Task timed out after 3.00 seconds');
	assert.equal(timeoutMessage(30), 'Task timed out after 30.00 seconds');
});

test('format > billed duration rounds up to the millisecond', () => {
	assert.equal(billedDuration(1.01), 2);
	assert.equal(billedDuration(7), 7);
	assert.equal(billedDuration(0.2), 1);
});

test('format > LastModified, CodeSha256 and stream names look like AWS\'s', () => {
	assert.equal(formatLastModified(new Date('2020-04-10T19:06:32.563Z')), '2020-04-10T19:06:32.563+0000');
	assert.equal(codeSha256(Buffer.from('abc')), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
	assert.match(logStreamName('$LATEST', new Date('2020-01-14T10:00:00Z')), /^2020\/01\/14\/\[\$LATEST\][\da-f]{32}$/);
});
