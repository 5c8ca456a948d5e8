import assert from 'node:assert/strict';
import net from 'node:net';
import {test} from 'node:test';
import {LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda';
import {execa} from 'execa';
import {ApiServer, type ApiPlugin} from '../../source/api/server.js';
import {temporaryFolder} from '../helpers/functions.js';
import {cliPath as cli, sdkConfig, startServe} from '../helpers/serve-process.js';

const keys = {LAMBDECK_ACCESS_KEY_ID: 'AKIDLAMBDECKTEST', LAMBDECK_SECRET_ACCESS_KEY: 'right-secret'};

test('sigv4 > with credentials configured, only requests signed with them are served', async () => {
	const serve = await startServe({env: keys});
	try {
		const signed = new LambdaClient(sdkConfig(serve.url, {accessKeyId: 'AKIDLAMBDECKTEST', secretAccessKey: 'right-secret'}));
		assert.deepEqual((await signed.send(new ListFunctionsCommand({}))).Functions, []);
		const wrongSecret = new LambdaClient(sdkConfig(serve.url, {accessKeyId: 'AKIDLAMBDECKTEST', secretAccessKey: 'wrong'}));
		await assert.rejects(wrongSecret.send(new ListFunctionsCommand({})), {
			name: 'InvalidSignatureException',
			message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
		});
		const unknownKey = new LambdaClient(sdkConfig(serve.url, {accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: 'right-secret'}));
		await assert.rejects(unknownKey.send(new ListFunctionsCommand({})), {name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.'});
		const unsigned = await fetch(`${serve.url}/2015-03-31/functions`);
		assert.equal(unsigned.status, 403);
		assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
		for (const client of [signed, wrongSecret, unknownKey]) {
			client.destroy();
		}
	} finally {
		await serve.stop();
	}
});

test('sigv4 > a function name with an ARN in the path is signed and checked like AWS (the path encoded twice)', async () => {
	const serve = await startServe({env: keys});
	try {
		const signed = new LambdaClient(sdkConfig(serve.url, {accessKeyId: 'AKIDLAMBDECKTEST', secretAccessKey: 'right-secret'}));
		const {GetFunctionCommand} = await import('@aws-sdk/client-lambda');
		await assert.rejects(signed.send(new GetFunctionCommand({FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:nope'})), {name: 'ResourceNotFoundException'});
		signed.destroy();
	} finally {
		await serve.stop();
	}
});

test('sigv4 > without credentials, serving anywhere but loopback is refused with a clear message', async () => {
	const home = temporaryFolder();
	const refused = await execa(process.execPath, [cli, 'serve', '--host', '0.0.0.0', '--port', '0'], {env: {LAMBDECK_HOME: home}, reject: false, timeout: 20_000});
	assert.equal(refused.exitCode, 252);
	assert.match(refused.stderr, /refusing to serve on 0\.0\.0\.0 without credentials/);
});

test('sigv4 > a request that stops half-way is dropped when its time is up, holding nothing', async () => {
	const everything: ApiPlugin = {
		name: 'everything',
		claims: () => true,
		bodyLimit: () => 1024 * 1024,
		handle: async request => ({status: 200, body: request.body}),
		renderError: error => ({status: error.statusCode, body: error.message}),
	};
	const server = new ApiServer({plugins: [everything], requestTimeoutMs: 300});
	const url = new URL(await server.listen(0, '127.0.0.1'));
	try {
		const closed = await new Promise<string>(resolve => {
			const socket = net.connect(Number(url.port), url.hostname, () => {
				socket.write('POST /2015-03-31/functions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Fun');
			});
			let answer = '';
			socket.on('data', chunk => {
				answer += chunk.toString();
			});
			socket.on('close', () => resolve(answer));
		});
		assert.match(closed, /^HTTP\/1\.1 408/);
	} finally {
		await server.close();
	}
});
