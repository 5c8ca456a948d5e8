import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {functionUrlApi} from '../../source/api/function-url-api.js';
import {ApiServer} from '../../source/api/server.js';
import {sendUrlRequest} from '../../source/client/url-request.js';
import {openTestService} from '../helpers/functions.js';

/*
An AWS_IAM function URL on a server with credentials: a request signed (SigV4) with them runs the function, one unsigned or
signed with another secret gets AWS's 403; every answer's x-amzn-RequestId is the invocation's request id.
*/

const credentials = {accessKeyId: 'AKIDURLTEST', secretAccessKey: 'url-secret'};
let service: Awaited<ReturnType<typeof openTestService>>;
let server: ApiServer;
let functionUrl: string;

before(async () => {
	service = await openTestService();
	server = new ApiServer({plugins: [functionUrlApi({service: service.client.service, credentials: [credentials]})], credentials: [credentials]});
	const url = await server.listen(0, '127.0.0.1');
	service.client.service.announcePort(Number(new URL(url).port), url, credentials);
	await service.create('private', {'index.js': 'exports.handler = async (event, context) => ({statusCode: 201, body: JSON.stringify({invocation: context.awsRequestId, event: event.requestContext.requestId, body: event.body})});'});
	functionUrl = String((await service.client.callOperation!('CreateFunctionUrlConfig', {FunctionName: 'private', AuthType: 'AWS_IAM'}))!.FunctionUrl);
});

after(async () => {
	await server.close();
	await service.dispose();
});

test('function url auth > a request signed with the service\'s credentials runs the function, and x-amzn-RequestId is the invocation\'s request id', async () => {
	const signing = async () => ({credentials, region: 'us-east-1'});
	const answer = await sendUrlRequest({url: `${functionUrl}orders?id=7`, method: 'POST', headers: {'content-type': 'application/json'}, body: '{"order":7}', sign: true}, signing);
	assert.equal(answer.status, 201, answer.body);
	const body = JSON.parse(answer.body) as {invocation: string; event: string; body: string};
	assert.equal(body.body, '{"order":7}');
	assert.equal(answer.headers['x-amzn-requestid'], body.invocation);
	assert.equal(body.event, body.invocation, 'the event\'s requestContext.requestId is the invocation\'s too');
	const logged = await service.client.filterLogEvents('private');
	assert.ok(logged.some(event => event.message.startsWith(`START RequestId: ${body.invocation}`)), 'the START line names it');
});

test('function url auth > unsigned, or signed with another secret, an AWS_IAM URL answers 403 in AWS\'s words', async () => {
	const forbidden = {status: 403, type: 'AccessDeniedException', body: {Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'}};
	for (const signing of [undefined, async () => ({credentials: {...credentials, secretAccessKey: 'wrong'}, region: 'us-east-1'})]) {
		const answer = await sendUrlRequest({url: functionUrl, method: 'GET', sign: Boolean(signing)}, signing);
		assert.deepEqual({status: answer.status, type: answer.headers['x-amzn-errortype'], body: JSON.parse(answer.body) as unknown}, forbidden);
	}
});
