import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {isLambdaError} from '../../../source/core/errors.js';
import type {AsyncOutcome} from '../../../source/service/async-queue.js';
import {openTestService} from '../../helpers/functions.js';

const echo = {'index.js': 'exports.handler = async (event) => event;'};
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

type ObjectReport = {bucket: string; key: string; eventName: string; functions: string[]};

describe('bucket notifications', () => {
	let service: Awaited<ReturnType<typeof openTestService>>;
	const buckets = () => service.client.service.buckets;

	/** The event payloads the function ran with (what it returned), as its asynchronous invokes end. */
	const delivered = (functionName: string, count: number) => new Promise<any[]>(resolve => {
		const payloads: any[] = [];
		const listener = (report: {outcome?: AsyncOutcome}) => {
			if (report.outcome?.event.functionName === functionName && report.outcome.last) {
				payloads.push(JSON.parse(Buffer.from(report.outcome.last.payload).toString('utf8')));
				if (payloads.length === count) {
					service.client.service.events.activity.off('progress', listener);
					resolve(payloads);
				}
			}
		};

		service.client.service.events.activity.on('progress', listener);
	});
	/** The next change the bucket's watcher reports for a key. */
	const seen = (key: string) => new Promise<ObjectReport>(resolve => {
		const listener = (report: ObjectReport) => {
			if (report.key === key) {
				buckets().activity.off('object', listener);
				resolve(report);
			}
		};

		buckets().activity.on('object', listener);
	});
	const refusal = async (promise: Promise<unknown>) => promise.then(() => assert.fail('accepted'), (error: unknown) => {
		assert.ok(isLambdaError(error));
		return error;
	});
	const allowS3 = async (functionName: string, bucket: string) => service.client.callOperation!('AddPermission', {
		FunctionName: functionName, StatementId: `s3-${bucket}`, Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${bucket}`, SourceAccount: '000000000000',
	});

	before(async () => {
		service = await openTestService({bucketWriteSettleMs: 40});
		await service.create('thumbs', echo);
	});

	after(async () => {
		await service.dispose();
	});

	test('a notification is refused until the function\'s policy lets S3 invoke it for that bucket, as S3 refuses it', async () => {
		await buckets().createBucket('photos');
		const configuration = {LambdaFunctionConfigurations: [{Id: 'thumbnails', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*']}]};
		const error = await refusal(buckets().putNotificationConfiguration('photos', configuration));
		assert.equal(error.type, 'InvalidArgument');
		assert.equal(error.statusCode, 400);
		assert.equal(error.message, 'Unable to validate the following destination configurations');
		assert.deepEqual(error.fields, {ArgumentName1: `${arnOf('thumbs')}, null`, ArgumentValue1: `Not authorized to invoke function [${arnOf('thumbs')}]`});
		const missing = await refusal(buckets().putNotificationConfiguration('photos', {LambdaFunctionConfigurations: [{LambdaFunctionArn: arnOf('nothing'), Events: ['s3:ObjectCreated:*']}]}));
		assert.equal(missing.message, 'Unable to validate the following destination configurations', 'a missing function reads the same');

		await allowS3('thumbs', 'other-bucket');
		await refusal(buckets().putNotificationConfiguration('photos', configuration));
		await allowS3('thumbs', 'photos');
		await buckets().putNotificationConfiguration('photos', configuration);
		assert.deepEqual(buckets().get('photos').notification, configuration);
	});

	test('a file written in the folder and removed again reaches the function as two S3 event records', async () => {
		const folder = buckets().get('photos').folder;
		assert.equal(folder, path.join(service.dataDir, 'buckets', 'photos'));
		const records = delivered('thumbs', 2);
		fs.mkdirSync(path.join(folder, 'in'));
		fs.writeFileSync(path.join(folder, 'in', 'red flower@1.jpg'), 'hello');
		await seen('in/red flower@1.jpg');
		fs.rmSync(path.join(folder, 'in', 'red flower@1.jpg'));
		const [created, removed] = (await records).map(payload => payload.Records[0]);
		assert.deepEqual(Object.keys(created), ['eventVersion', 'eventSource', 'awsRegion', 'eventTime', 'eventName', 'userIdentity', 'requestParameters', 'responseElements', 's3']);
		assert.equal(created.eventVersion, '2.1');
		assert.equal(created.eventSource, 'aws:s3');
		assert.equal(created.awsRegion, 'us-east-1');
		assert.match(created.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		assert.equal(created.eventName, 'ObjectCreated:Put');
		assert.match(created.userIdentity.principalId, /^AWS:AIDA[A-Z\d]+$/);
		assert.deepEqual(created.requestParameters, {sourceIPAddress: '127.0.0.1'});
		assert.deepEqual(Object.keys(created.responseElements), ['x-amz-request-id', 'x-amz-id-2']);
		assert.deepEqual(Object.keys(created.s3), ['s3SchemaVersion', 'configurationId', 'bucket', 'object']);
		assert.equal(created.s3.s3SchemaVersion, '1.0');
		assert.equal(created.s3.configurationId, 'thumbnails');
		assert.deepEqual(Object.keys(created.s3.bucket), ['name', 'ownerIdentity', 'arn']);
		assert.equal(created.s3.bucket.name, 'photos');
		assert.equal(created.s3.bucket.arn, 'arn:aws:s3:::photos');
		assert.deepEqual(Object.keys(created.s3.object), ['key', 'size', 'eTag', 'sequencer']);
		assert.equal(created.s3.object.key, 'in/red+flower%401.jpg');
		assert.equal(created.s3.object.size, 5);
		assert.equal(created.s3.object.eTag, '5d41402abc4b2a76b9719d911017c592');
		assert.match(created.s3.object.sequencer, /^[\dA-F]{18}$/);

		assert.equal(removed.eventName, 'ObjectRemoved:Delete');
		assert.equal(removed.eventVersion, '2.1');
		assert.deepEqual(Object.keys(removed.s3.object), ['key', 'sequencer'], 'a removal has no size or eTag');
		assert.equal(removed.s3.object.key, 'in/red+flower%401.jpg');
		assert.ok(removed.s3.object.sequencer > created.s3.object.sequencer, 'the later event has the greater sequencer');
	});

	test('prefix and suffix filters choose the files whose events go out', async () => {
		await buckets().putNotificationConfiguration('photos', {LambdaFunctionConfigurations: [{
			Id: 'jpegs', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:Put'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'uploads/'}, {Name: 'Suffix', Value: '.jpg'}]}},
		}]});
		const folder = buckets().get('photos').folder;
		fs.mkdirSync(path.join(folder, 'uploads'));
		for (const key of ['uploads/a.png', 'other/b.jpg', 'uploads/c.jpg']) {
			const report = seen(key);
			fs.mkdirSync(path.dirname(path.join(folder, key)), {recursive: true});
			fs.writeFileSync(path.join(folder, key), key);
			assert.deepEqual((await report).functions, key === 'uploads/c.jpg' ? [arnOf('thumbs')] : [], key);
		}

		const removal = seen('uploads/c.jpg');
		fs.rmSync(path.join(folder, 'uploads', 'c.jpg'));
		assert.deepEqual((await removal).functions, [], 'ObjectCreated:Put does not cover removals');
	});
});
