import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bucketTriggersOf, checkBucketName, encodeEventKey, eventMatches, keyMatches, normalizeNotificationConfiguration, Sequencer} from '../../source/core/s3-events.js';

const arn = 'arn:aws:lambda:us-east-1:000000000000:function:f';

test('bucket names follow S3\'s rules', () => {
	for (const name of ['abc', 'my-bucket.logs', 'a1b', 'x'.repeat(63)]) {
		assert.doesNotThrow(() => checkBucketName(name), name);
	}

	for (const name of ['ab', 'x'.repeat(64), 'Upper', 'under_score', '-dash', 'dot.', 'a..b', '192.168.1.1', 'xn--abc', 'sthree-x', 'name-s3alias', 'name--x-s3']) {
		assert.throws(() => checkBucketName(name), {type: 'InvalidBucketName', statusCode: 400, message: 'The specified bucket is not valid.'}, name);
	}
});

test('event types match with S3\'s wildcards', () => {
	assert.ok(eventMatches('s3:ObjectCreated:*', 'ObjectCreated:Put'));
	assert.ok(eventMatches('s3:ObjectCreated:Put', 'ObjectCreated:Put'));
	assert.ok(!eventMatches('s3:ObjectCreated:Post', 'ObjectCreated:Put'));
	assert.ok(!eventMatches('s3:ObjectRemoved:*', 'ObjectCreated:Put'));
	assert.ok(eventMatches('s3:ObjectRemoved:*', 'ObjectRemoved:Delete'));
});

test('prefix and suffix rules both have to pass, on the key as stored', () => {
	const configuration = {LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'Prefix', Value: 'in/'}, {Name: 'suffix', Value: '.jpg'}]}}};
	assert.ok(keyMatches(configuration, 'in/a b.jpg'));
	assert.ok(!keyMatches(configuration, 'in/a.JPG'));
	assert.ok(!keyMatches(configuration, 'out/a.jpg'));
	assert.ok(keyMatches({LambdaFunctionArn: arn, Events: []}, 'anything'));
});

test('keys are URL-encoded as form values, slashes kept', () => {
	assert.equal(encodeEventKey('red flower.jpg'), 'red+flower.jpg');
	assert.equal(encodeEventKey('a@b'), 'a%40b');
	assert.equal(encodeEventKey('dir/sub/x(1).txt'), 'dir/sub/x%281%29.txt');
	assert.equal(encodeEventKey('caf\u00E9+1'), 'caf%C3%A9%2B1');
});

test('configurations are checked as S3 checks them, and get an Id where they have none', () => {
	const [item] = normalizeNotificationConfiguration({LambdaFunctionConfigurations: [{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*']}]}).LambdaFunctionConfigurations!;
	assert.match(item!.Id!, /^[A-Za-z\d+/=]{40,}$/);
	assert.throws(() => normalizeNotificationConfiguration({LambdaFunctionConfigurations: [{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:Nope']}]}), {type: 'InvalidArgument', message: 'The event is not supported for notifications'});
	assert.throws(() => normalizeNotificationConfiguration({LambdaFunctionConfigurations: [
		{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*']},
		{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:Put'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'a/'}]}}},
	]}), {message: 'Configurations overlap. Configurations on the same bucket cannot share a common event type.'});
	assert.doesNotThrow(() => normalizeNotificationConfiguration({LambdaFunctionConfigurations: [
		{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'a/'}]}}},
		{LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'b/'}]}}},
	]}));
});

test('sequencers grow, also within one millisecond and when the clock steps back', () => {
	const sequencer = new Sequencer();
	const values = [sequencer.next(1000), sequencer.next(1000), sequencer.next(999), sequencer.next(2000)];
	assert.deepEqual([...values].sort(), values);
	assert.equal(new Set(values).size, 4);
});

test('a function\'s triggers are the bucket notifications naming it, by name or ARN, qualified or not', () => {
	const buckets = [
		{Bucket: 'photos', LambdaFunctionConfigurations: [{Id: 'a', LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*']}, {Id: 'b', LambdaFunctionArn: `${arn}x`, Events: ['s3:ObjectRemoved:*']}]},
		{Bucket: 'logs', LambdaFunctionConfigurations: [{Id: 'c', LambdaFunctionArn: `${arn}:live`, Events: ['s3:ObjectCreated:Put']}]},
	];
	assert.deepEqual(bucketTriggersOf(buckets, 'f').map(trigger => `${trigger.Bucket}/${trigger.Id}`), ['photos/a', 'logs/c']);
	assert.deepEqual(bucketTriggersOf(buckets, arn).map(trigger => trigger.Id), ['a', 'c']);
	assert.deepEqual(bucketTriggersOf(buckets, 'fx').map(trigger => trigger.Id), ['b']);
});
