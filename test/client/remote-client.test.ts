import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {test} from 'node:test';
import type {ConnectionState, ServiceEvent} from '../../source/client/client.js';
import {openRemoteClient} from '../../source/client/remote-client.js';
import {startServing} from '../../source/commands/serve.js';
import {temporaryFolder, zipOf} from '../helpers/functions.js';

const until = async (condition: () => boolean, what: string, timeoutMs = 20_000) => {
	const start = Date.now();
	while (!condition()) {
		assert.ok(Date.now() - start < timeoutMs, `timed out waiting for ${what}`);
		await delay(20);
	}
};

test('remote client > a lost serve shows as disconnected, the client reconnects when it is back, and events flow again without a new client', async () => {
	const dataDir = temporaryFolder('lambdeck-remote-');
	fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({sandbox: 'process'}));
	let serving = await startServing({dataDir, port: 0});
	const {port} = new URL(serving.url);
	const client = openRemoteClient({endpoint: serving.url, region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
	const states: ConnectionState[] = [];
	const events: ServiceEvent[] = [];
	const unwatch = client.watchConnection(state => states.push(state));
	const unsubscribe = client.subscribe(event => events.push(event));
	try {
		await until(() => states.at(-1)?.status === 'connected', 'the first connection');
		assert.equal(client.sandbox, 'process', 'the serve said how it isolates');
		await serving.close();
		await until(() => states.at(-1)?.status === 'disconnected', 'the loss to show');
		await assert.rejects(client.listAllFunctions(), 'calls fail while the serve is gone');

		serving = await startServing({dataDir, port: Number(port)});
		await until(() => states.at(-1)?.status === 'connected', 'the reconnection');
		await client.createFunction({FunctionName: 'after-reconnect', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/lambda-role', Code: {ZipFile: zipOf({'index.js': 'exports.handler = async () => 1;'})}}, {SourceDir: '/somewhere'});
		await until(() => events.some(event => event.type === 'function' && event.functionName === 'after-reconnect'), 'the new function\'s event');
		assert.deepEqual(await client.getFunctionExtras('after-reconnect'), {SourceDir: '/somewhere'}, 'lambdeck\'s own facts travel beside the Lambda API');
		await client.saveTestEvent('after-reconnect', 'first', '{"a": 1}');
		assert.deepEqual(await client.listTestEvents('after-reconnect'), {first: '{"a": 1}'});
		// The console's event views: SQS through the SDK's own client on the same endpoint, and lambdeck's record of async attempts.
		const {QueueUrl} = await client.callQueues!('CreateQueue', {QueueName: 'remote-queue'}) as {QueueUrl: string};
		await client.callQueues!('SendMessage', {QueueUrl, MessageBody: 'hi'});
		assert.equal((await client.callQueues!('GetQueueAttributes', {QueueUrl, AttributeNames: ['ApproximateNumberOfMessages']}) as {Attributes: Record<string, string>}).Attributes.ApproximateNumberOfMessages, '1');
		await client.invoke({FunctionName: 'after-reconnect', InvocationType: 'Event', Payload: '{}'});
		const started = Date.now();
		let activity = await client.eventActivity!('after-reconnect');
		while (activity.asyncEvents[0]?.state !== 'succeeded') {
			assert.ok(Date.now() - started < 20_000, `timed out waiting for the async event to succeed: ${JSON.stringify(activity)}`);
			await delay(50);
			activity = await client.eventActivity!('after-reconnect');
		}

		assert.equal(activity.asyncEvents[0].attempts, 1);
	} finally {
		unwatch();
		unsubscribe();
		await client.close();
		await serving.close();
		fs.rmSync(dataDir, {recursive: true, force: true, maxRetries: 5});
	}
});
