import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {AddPermissionCommand, PutFunctionEventInvokeConfigCommand} from '@aws-sdk/client-lambda';
import {CreateBucketCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, ListBucketsCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';
import {CreateQueueCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs';
import {execa} from 'execa';
import {temporaryFolder} from '../helpers/functions.js';
import {cliPath, sdkConfig, startServe, type Serve} from '../helpers/serve-process.js';

const awsCli = '/usr/bin/aws';
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let serve: Serve;
let sqs: SQSClient;
let s3: S3Client;
let queueUrl: string;
const folder = temporaryFolder('lambdeck-bucket-');
const environment = () => ({AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', LAMBDECK_HOME: serve.home});
const aws = async (...args: string[]) => execa(awsCli, ['--endpoint-url', serve.url, ...args], {env: environment(), reject: false});
const lambdeck = async (...args: string[]) => execa(process.execPath, [cliPath, ...args], {env: environment(), reject: false});
const allowS3 = async (bucket: string) => serve.lambda.send(new AddPermissionCommand({
	FunctionName: 'thumbs', StatementId: bucket, Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${bucket}`, SourceAccount: '000000000000',
}));

/** The next S3 event records the function ran with, by key: its OnSuccess queue gets each invocation's record. */
const received = async (count: number) => {
	const records: any[] = [];
	while (records.length < count) {
		const {Messages = []} = await sqs.send(new ReceiveMessageCommand({QueueUrl: queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10}));
		assert.ok(Messages.length > 0, 'an event reached the function within 20 s');
		records.push(...Messages.map(message => JSON.parse(message.Body!).requestPayload.Records[0]));
	}

	return Object.fromEntries(records.map(record => [`${record.s3.bucket.name}/${record.s3.object.key}`, record]));
};

before(async () => {
	serve = await startServe({settings: {bucketWriteSettleMs: 50}});
	sqs = new SQSClient(sdkConfig(serve.url));
	s3 = new S3Client({...sdkConfig(serve.url), forcePathStyle: true});
	await serve.createFunction('thumbs', {'index.js': 'exports.handler = async () => "ok";'});
	queueUrl = (await sqs.send(new CreateQueueCommand({QueueName: 'seen'}))).QueueUrl!;
	await serve.lambda.send(new PutFunctionEventInvokeConfigCommand({FunctionName: 'thumbs', DestinationConfig: {OnSuccess: {Destination: 'arn:aws:sqs:us-east-1:000000000000:seen'}}}));
});

after(async () => {
	sqs.destroy();
	s3.destroy();
	await serve.stop();
	fs.rmSync(folder, {recursive: true, force: true});
});

test('buckets through serve: lambdeck\'s verbs, aws s3api and the S3 SDK configure notifications (refused in S3\'s words until add-permission), and files written and removed reach the function', async t => {
	const hasAws = fs.existsSync(awsCli);
	if (!hasAws) {
		t.diagnostic(`${awsCli} is not installed: the aws s3api steps run through the S3 SDK instead`);
	}

	const created = await Promise.all([lambdeck('create-bucket', '--bucket', 'drop-box', '--path', folder), s3.send(new CreateBucketCommand({Bucket: 'photos'}))]);
	assert.deepEqual(JSON.parse(created[0].stdout), {Location: '/drop-box'});
	const texts = {LambdaFunctionConfigurations: [{Id: 'texts', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'suffix', Value: '.txt'}]}}}]};
	const incoming = {LambdaFunctionConfigurations: [{Id: 'incoming', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'in/'}]}}}]};
	const textsFile = path.join(folder, 'n.json');
	fs.writeFileSync(textsFile, JSON.stringify(texts));

	const [refused, raw] = await Promise.all([
		lambdeck('put-bucket-notification-configuration', '--bucket', 'drop-box', '--notification-configuration', `file://${textsFile}`),
		fetch(`${serve.url}/photos?notification`, {method: 'PUT', body: `<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>${arnOf('thumbs')}</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>`}),
	]);
	assert.equal(refused.exitCode, 254);
	assert.equal(refused.stderr.trim(), 'An error occurred (InvalidArgument) when calling the PutBucketNotificationConfiguration operation: Unable to validate the following destination configurations');
	assert.equal(raw.status, 400);
	assert.match(await raw.text(), new RegExp(String.raw`^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>InvalidArgument</Code><Message>Unable to validate the following destination configurations</Message><ArgumentName1>${arnOf('thumbs')}, null</ArgumentName1><ArgumentValue1>Not authorized to invoke function \[${arnOf('thumbs')}\]</ArgumentValue1><RequestId>[\w-]+</RequestId></Error>$`));

	await allowS3('drop-box');
	await allowS3('photos');
	const putPhotos = hasAws
		? aws('s3api', 'put-bucket-notification-configuration', '--bucket', 'photos', '--notification-configuration', JSON.stringify(incoming))
		: fetch(`${serve.url}/photos?notification`, {method: 'PUT', body: `<NotificationConfiguration><CloudFunctionConfiguration><Id>incoming</Id><CloudFunction>${arnOf('thumbs')}</CloudFunction><Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration></NotificationConfiguration>`});
	const [putDropBox, putPhotosDone] = await Promise.all([lambdeck('put-bucket-notification-configuration', '--bucket', 'drop-box', '--notification-configuration', `file://${textsFile}`), putPhotos]);
	assert.equal(putDropBox.exitCode, 0, putDropBox.stderr);
	assert.ok(putPhotosDone instanceof Response ? putPhotosDone.ok : putPhotosDone.exitCode === 0);
	const [dropBoxSdk, photosCli] = await Promise.all([
		s3.send(new GetBucketNotificationConfigurationCommand({Bucket: 'drop-box'})),
		hasAws ? aws('s3api', 'get-bucket-notification-configuration', '--bucket', 'photos') : undefined,
	]);
	assert.deepEqual(dropBoxSdk.LambdaFunctionConfigurations, texts.LambdaFunctionConfigurations);
	if (photosCli) {
		assert.deepEqual(JSON.parse(photosCli.stdout), incoming);
	}

	assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets?.map(bucket => bucket.Name), ['drop-box', 'photos']);

	fs.writeFileSync(path.join(folder, 'note.txt'), 'dropped');
	const put = await s3.send(new PutObjectCommand({Bucket: 'photos', Key: 'in/a b.txt', Body: 'hello'}));
	assert.equal(put.ETag, `"${md5('hello')}"`);
	const first = await received(2);
	assert.deepEqual(Object.keys(first).sort(), ['drop-box/note.txt', 'photos/in/a+b.txt']);
	assert.deepEqual(first['drop-box/note.txt'].s3.object, {key: 'note.txt', size: 7, eTag: md5('dropped'), sequencer: first['drop-box/note.txt'].s3.object.sequencer});
	assert.equal(first['photos/in/a+b.txt'].eventName, 'ObjectCreated:Put');
	assert.equal(first['photos/in/a+b.txt'].s3.configurationId, 'incoming');

	await s3.send(new DeleteObjectCommand({Bucket: 'photos', Key: 'in/a b.txt'}));
	const removed = (await received(1))['photos/in/a+b.txt'];
	assert.equal(removed.eventName, 'ObjectRemoved:Delete');
	assert.deepEqual(Object.keys(removed.s3.object), ['key', 'sequencer']);
	assert.ok(removed.s3.object.sequencer > first['photos/in/a+b.txt'].s3.object.sequencer);
	assert.ok(!fs.existsSync(path.join(serve.home, 'buckets', 'photos', 'in', 'a b.txt')));
});
