import assert from 'node:assert/strict';
import {test} from 'node:test';
import {queueName, sendInput, summarizeQueue} from '../../source/ui/lib/queues.js';
import {queueColumns} from '../../source/ui/views/queues-view.js';
import {keys, withConsole} from './helpers.js';

test('queues view > lists each queue with its counts and dead-letter queue; a queue opened takes a typed message and peeks at it, and purge empties it', async () => {
	await withConsole({examples: [], initialRoute: {view: 'queues'}}, async ({client, ui}) => {
		const sqs = client.service.events.sqs;
		await sqs.createQueue({QueueName: 'orders-dlq'});
		await sqs.createQueue({QueueName: 'orders', Attributes: {RedrivePolicy: JSON.stringify({deadLetterTargetArn: sqs.arnOf('orders-dlq'), maxReceiveCount: 3})}});
		await ui.see(/orders +0 +0 +0 +orders-dlq/);
		await ui.see('2 queues');
		await ui.press(keys.enter);
		await ui.see('0 available');
		await ui.see('DLQ orders-dlq after 3 receives');
		await ui.press('s');
		await ui.see('ctrl-s sends');
		await ui.press('hello ', 'q', 'ueue', keys.enter, 'second line', '\u0013');
		await ui.see('1 available');
		await ui.press('p');
		await ui.see(/RECV/);
		await ui.see('hello queue second line');
		await ui.press('x');
		await ui.see('Purge queue orders?');
		await ui.press('y');
		await ui.see('0 available');
		await ui.press(keys.escape);
		await ui.see('2 queues');
		ui.resize(60, 20);
		await ui.see(/orders-dlq +0/);
	});
});

test('queues view > the columns fit 120, 80 and 60 columns, and a FIFO queue is sent to with a group and a deduplication id', () => {
	for (const width of [119, 79, 59]) {
		const total = queueColumns(width).reduce((sum, column) => sum + column.width + 1, -1);
		assert.ok(total <= width, `${total} columns drawn in ${width}`);
	}

	assert.equal(queueName('http://127.0.0.1:9000/000000000000/jobs.fifo'), 'jobs.fifo');
	const fifo = summarizeQueue('http://h/000000000000/jobs.fifo', {FifoQueue: 'true', ApproximateNumberOfMessages: '4'});
	assert.equal(fifo.available, 4);
	assert.deepEqual(sendInput(fifo, 'x', 7), {QueueUrl: 'http://h/000000000000/jobs.fifo', MessageBody: 'x', MessageGroupId: 'console', MessageDeduplicationId: 'console-7'});
	assert.deepEqual(sendInput({...fifo, attributes: {ContentBasedDeduplication: 'true'}}, 'x'), {QueueUrl: 'http://h/000000000000/jobs.fifo', MessageBody: 'x', MessageGroupId: 'console'});
});
