import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {AddPermissionCommand, PutFunctionEventInvokeConfigCommand} from '@aws-sdk/client-lambda';
import {CreateBucketCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, ListBucketsCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';
import {CreateQueueCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs';
import {execa} from 'execa';
import {bucketTriggersOf} from '../../source/client/client.js';
import {openRemoteClient} from '../../source/client/remote-client.js';
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

	const texts = {LambdaFunctionConfigurations: [{Id: 'texts', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:*'], Filter: {Key: {FilterRules: [{Name: 'suffix', Value: '.txt'}]}}}]};
	const incoming = {LambdaFunctionConfigurations: [{Id: 'incoming', LambdaFunctionArn: arnOf('thumbs'), Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], Filter: {Key: {FilterRules: [{Name: 'prefix', Value: 'in/'}]}}}]};
	const textsFile = path.join(folder, 'n.json');
	fs.writeFileSync(textsFile, JSON.stringify(texts));
	const putXml = async (bucket: string, functionArn: string) => fetch(`${serve.url}/${bucket}?notification`, {
		method: 'PUT', body: `<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>${functionArn}</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>`,
	});
	const refusal = (functionArn: string) => new RegExp(String.raw`^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>InvalidArgument</Code><Message>Unable to validate the following destination configurations</Message><ArgumentName1>${functionArn}, null</ArgumentName1><ArgumentValue1>Not authorized to invoke function \[${functionArn}\]</ArgumentValue1><RequestId>[\w-]+</RequestId></Error>$`);

	// drop-box, through lambdeck's verbs: refused in S3's words until add-permission names that bucket.
	const dropBox = (async () => {
		const made = await lambdeck('create-bucket', '--bucket', 'drop-box', '--path', folder);
		assert.deepEqual(JSON.parse(made.stdout), {Location: '/drop-box'});
		const [raw, missing] = await Promise.all([putXml('drop-box', arnOf('thumbs')), putXml('drop-box', arnOf('nothing'))]);
		assert.equal(raw.status, 400);
		assert.match(await raw.text(), refusal(arnOf('thumbs')));
		assert.match(await missing.text(), refusal(arnOf('nothing')), 'a missing function is refused in the same words');
		await allowS3('other-bucket');
		assert.equal((await putXml('drop-box', arnOf('thumbs'))).status, 400, 'a permission for another bucket does not do');
		await allowS3('drop-box');
		const put = await lambdeck('put-bucket-notification-configuration', '--bucket', 'drop-box', '--notification-configuration', `file://${textsFile}`);
		assert.equal(put.exitCode, 0, put.stderr);
	})();
	// photos, through the S3 SDK and aws s3api, at the same time.
	const photos = (async () => {
		await s3.send(new CreateBucketCommand({Bucket: 'photos'}));
		await allowS3('photos');
		const put = hasAws
			? await aws('s3api', 'put-bucket-notification-configuration', '--bucket', 'photos', '--notification-configuration', JSON.stringify(incoming))
			: await fetch(`${serve.url}/photos?notification`, {method: 'PUT', body: `<NotificationConfiguration><CloudFunctionConfiguration><Id>incoming</Id><CloudFunction>${arnOf('thumbs')}</CloudFunction><Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration></NotificationConfiguration>`});
		assert.ok(put instanceof Response ? put.ok : put.exitCode === 0);
	})();
	await Promise.all([dropBox, photos]);
	// The AWS CLI reads the configuration back while files come and go.
	const photosCli = hasAws ? aws('s3api', 'get-bucket-notification-configuration', '--bucket', 'photos') : undefined;
	assert.deepEqual((await s3.send(new GetBucketNotificationConfigurationCommand({Bucket: 'drop-box'}))).LambdaFunctionConfigurations, texts.LambdaFunctionConfigurations);
	assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets?.map(bucket => bucket.Name), ['drop-box', 'photos']);
	// What the console's Triggers tab reads, through the S3 API of the serve.
	const remote = openRemoteClient({endpoint: serve.url, region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
	try {
		const triggers = bucketTriggersOf(await remote.listBucketNotifications!(), 'thumbs');
		assert.deepEqual(triggers, [{Bucket: 'drop-box', ...texts.LambdaFunctionConfigurations[0]}, {Bucket: 'photos', ...incoming.LambdaFunctionConfigurations[0]}]);
	} finally {
		await remote.close();
	}

	// Files the filters leave out go first: had one been sent, it would be among the records that follow.
	fs.writeFileSync(path.join(folder, 'skipped.md'), 'no');
	await s3.send(new PutObjectCommand({Bucket: 'photos', Key: 'out/skipped.txt', Body: 'no'}));
	fs.writeFileSync(path.join(folder, 'red flower@1.txt'), 'dropped');
	const put = await s3.send(new PutObjectCommand({Bucket: 'photos', Key: 'in/a b.txt', Body: 'hello'}));
	assert.equal(put.ETag, `"${md5('hello')}"`);
	const first = await received(2);
	assert.deepEqual(Object.keys(first).sort(), ['drop-box/red+flower%401.txt', 'photos/in/a+b.txt']);
	const created = first['drop-box/red+flower%401.txt'];
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
	assert.equal(created.s3.configurationId, 'texts');
	assert.deepEqual(Object.keys(created.s3.bucket), ['name', 'ownerIdentity', 'arn']);
	assert.equal(created.s3.bucket.name, 'drop-box');
	assert.equal(created.s3.bucket.arn, 'arn:aws:s3:::drop-box');
	assert.match(created.s3.bucket.ownerIdentity.principalId, /^A[A-Z\d]+$/);
	assert.deepEqual(Object.keys(created.s3.object), ['key', 'size', 'eTag', 'sequencer']);
	assert.deepEqual(created.s3.object, {key: 'red+flower%401.txt', size: 7, eTag: md5('dropped'), sequencer: created.s3.object.sequencer});
	assert.match(created.s3.object.sequencer, /^[\dA-F]{18}$/);
	assert.equal(first['photos/in/a+b.txt'].s3.configurationId, 'incoming');

	await s3.send(new DeleteObjectCommand({Bucket: 'photos', Key: 'in/a b.txt'}));
	const second = await received(1);
	assert.deepEqual(Object.keys(second), ['photos/in/a+b.txt'], 'out/ and .md files sent nothing');
	const removed = second['photos/in/a+b.txt'];
	assert.equal(removed.eventName, 'ObjectRemoved:Delete');
	assert.equal(removed.eventVersion, '2.1');
	assert.deepEqual(Object.keys(removed.s3.object), ['key', 'sequencer'], 'a removal has no size or eTag');
	assert.equal(removed.s3.object.key, 'in/a+b.txt');
	assert.ok(removed.s3.object.sequencer > first['photos/in/a+b.txt'].s3.object.sequencer, 'the later event has the greater sequencer');
	assert.ok(!fs.existsSync(path.join(serve.home, 'buckets', 'photos', 'in', 'a b.txt')));
	if (photosCli) {
		assert.deepEqual(JSON.parse((await photosCli).stdout), incoming);
	}
});
