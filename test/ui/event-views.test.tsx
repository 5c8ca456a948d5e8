import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {asyncEventLine, invokeConfigRequest} from '../../source/ui/lib/async-config.js';
import {queueName, sendInput, summarizeQueue} from '../../source/ui/lib/queues.js';
import {mappingRequest, policyStatements} from '../../source/ui/lib/triggers.js';
import {queueColumns} from '../../source/ui/views/queues-view.js';
import type {Route} from '../../source/ui/console-context.js';
import {keys, openClient, renderConsole, type ConsoleUi} from './helpers.js';

// One service for the file: each test renders its own console on it, and the function stays warm from one test to the next.
let context: Awaited<ReturnType<typeof openClient>>;
before(async () => {
	context = await openClient(['hello-node']);
});

after(async () => {
	await context.close();
});

/** Render the console at a route, run the body, and always unmount it. */
const withView = async (initialRoute: Route, body: (ui: ConsoleUi, client: typeof context.client) => Promise<void>) => {
	const ui = await renderConsole(context.client, {initialRoute});
	try {
		await body(ui, context.client);
	} finally {
		ui.unmount();
	}
};

test('queues view > lists each queue with its counts and dead-letter queue; a queue opened takes a typed message and peeks at it, purge empties it, and a dead-letter queue redrives to its source', async () => {
	await withView({view: 'queues'}, async (ui, client) => {
		const sqs = client.service.events.sqs;
		await sqs.createQueue({QueueName: 'orders-dlq'});
		await sqs.createQueue({QueueName: 'orders', Attributes: {RedrivePolicy: JSON.stringify({deadLetterTargetArn: sqs.arnOf('orders-dlq'), maxReceiveCount: 3})}});
		await ui.see(/orders +0 +0 +0 +orders-dlq/);
		await ui.see(/\d queues/);
		await ui.press(keys.enter);
		await ui.see('0 available');
		await ui.see('DLQ orders-dlq after 3 receives');
		await ui.press('a');
		await ui.see(/RedrivePolicy +\{"deadLetterTargetArn"/);
		await ui.press('a');
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
		await ui.see(/\d queues/);
		// Received more often than its maxReceiveCount, a message moves to the dead-letter queue.
		await sqs.sendMessage({QueueUrl: 'x/000000000000/orders', MessageBody: 'dead'});
		for (let receive = 0; receive < 4; receive++) {
			await sqs.receiveMessage({QueueUrl: 'x/000000000000/orders', VisibilityTimeout: 0});
		}

		await ui.press(keys.down, keys.enter);
		await ui.see('1 available');
		await ui.press('R', 'y');
		await ui.see('redrive COMPLETED 1/1');
		await ui.see('0 available');
		await ui.press(keys.escape);
		await ui.see(/orders +1 +0 +0 +orders-dlq/);
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

test('triggers tab > a queue trigger made with keys turns Enabled and reports its batches; e disables it; a bucket notification lacks S3\'s permission until p adds it; x deletes after y', async () => {
	await withView({view: 'detail', functionName: 'hello-node', tab: 'triggers'}, async (ui, client) => {
		await client.service.events.sqs.createQueue({QueueName: 'jobs'});
		await ui.see('None. a adds one from a queue.');
		await ui.see('Resource policy: no statements');
		await ui.press('a');
		await ui.see('New queue trigger for hello-node');
		await ui.press(keys.down, keys.enter, '5', keys.enter);
		await ui.see(/› Batch size +5/);
		await ui.press('s');
		await ui.see(/jobs +Enabled +5 +0s +no/);
		await client.service.events.sqs.sendMessage({QueueUrl: 'x/000000000000/jobs', MessageBody: '{"name":"queue"}'});
		await ui.see(/jobs +Enabled .* OK/);
		await ui.press('e');
		await ui.see(/jobs +Disabled/);
		await client.service.buckets.createBucket('photos');
		await client.service.buckets.putNotificationConfiguration('photos', {LambdaFunctionConfigurations: [{LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:hello-node', Events: ['s3:ObjectCreated:*']}]}, true);
		await ui.see(/photos +s3:ObjectCreated:\* +all keys +no s3 permission/);
		await ui.press('p');
		await ui.see('Add a statement to hello-node');
		await ui.press('s');
		await ui.see(/console-1 +s3\.amazonaws\.com +lambda:InvokeFunction +any/);
		await ui.see(/photos +s3:ObjectCreated:\* +all keys *\n/);
		await ui.press('x');
		await ui.see('Delete the trigger from jobs?');
		await ui.press('y');
		await ui.see('None. a adds one from a queue.');
		ui.resize(60, 20);
		await ui.see(/console-1 +s3\.amazonaws\.com +any/);
	});
});

test('async tab > edits the config with the API\'s checks as typed; an Event invoke shows its attempt, outcome and the queue its record went to', async () => {
	await withView({view: 'detail', functionName: 'hello-node', tab: 'async'}, async (ui, client) => {
		await client.service.events.sqs.createQueue({QueueName: 'done'});
		await ui.see('(Lambda\'s defaults: no config)');
		await ui.see(/\$LATEST +2 +6h/);
		await ui.see('Recent async events: 0');
		await ui.press('e');
		await ui.see('Asynchronous invocation of hello-node:$LATEST');
		await ui.press(keys.enter, '5');
		await ui.see(/Value '5' at 'maximumRetryAttempts' failed to satisfy constraint/);
		await ui.press(keys.backspace, '1', keys.enter, keys.down, keys.down, keys.right);
		await ui.see(/On success +arn:aws:sqs:.*:done/);
		await ui.press('s');
		await ui.see(/\$LATEST +1 +6h +done/);
		await client.invoke({FunctionName: 'hello-node', InvocationType: 'Event', Payload: '{}'});
		await ui.see(/ +1 +succeeded .* → done/);
		assert.equal((await client.service.events.sqs.receiveMessage({QueueUrl: 'x/000000000000/done'})).Messages?.length, 1);
	});
});

test('event view forms > the API\'s words for bad batching, destinations and policies; statements and async events read as the tabs show them', () => {
	const form = {queueArn: 'arn:aws:sqs:us-east-1:000000000000:q', batchSize: '50', window: '0', reportFailures: 'yes', enabled: 'yes'};
	assert.deepEqual(mappingRequest('f', form, false).problems, ['Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10']);
	assert.deepEqual(mappingRequest('f', {...form, batchSize: '5'}, true).input.FunctionResponseTypes, ['ReportBatchItemFailures']);
	assert.deepEqual(mappingRequest('f', {...form, batchSize: '50', window: '1'}, true).problems, ['Batch size for FIFO queues must be between 1 and 10.']);
	const arn = 'arn:aws:lambda:us-east-1:000000000000:function:f';
	assert.deepEqual(invokeConfigRequest(arn, {qualifier: '$LATEST', retries: '1', maxAge: '60', onSuccess: arn, onFailure: ''}).problems, ['You can\'t specify the function as a destination for itself.']);
	assert.deepEqual(invokeConfigRequest(arn, {qualifier: '$LATEST', retries: '1', maxAge: '60', onSuccess: '', onFailure: 'arn:aws:iam::000000000000:role/r'}).problems, ['The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=arn:aws:iam::000000000000:role/r)) is invalid.']);
	const policy = JSON.stringify({Statement: [{Sid: 's3', Principal: {Service: 's3.amazonaws.com'}, Action: 'lambda:InvokeFunction', Condition: {ArnLike: {'AWS:SourceArn': 'arn:aws:s3:::photos'}}}]});
	assert.deepEqual(policyStatements(policy), [{sid: 's3', principal: 's3.amazonaws.com', action: 'lambda:InvokeFunction', sourceArn: 'arn:aws:s3:::photos', sourceAccount: undefined}]);
	assert.match(asyncEventLine({requestId: 'abcdefgh-1', receivedAt: 0, attempts: 3, state: 'failed', condition: 'RetriesExhausted', deadLetter: 'arn:aws:sqs:us-east-1:000000000000:dlq'}, 8, 5000), /^abcdefgh +3 +RetriesExhausted +5s +DLQ dlq$/);
});
