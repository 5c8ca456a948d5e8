import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {logsApi} from '../../source/api/logs-api.js';
import {ApiServer} from '../../source/api/server.js';
import {EventHub} from '../../source/service/events.js';
import type {LambdaService} from '../../source/service/lambda-service.js';
import {temporaryFolder} from '../helpers/functions.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('logs auth > with credentials configured, Logs requests are checked and refused in the JSON 1.1 error form', async () => {
	const root = temporaryFolder();
	const hub = new EventHub();
	const service = {
		subscribe: hub.subscribe.bind(hub),
		logFolder: (name: string) => `${root}/${name}`,
		flushLogs() {},
		logGroups: () => new Map<string, string>(),
		paths: {logs: root},
		account: {region: 'us-east-1', accountId: '000000000000'},
	} as unknown as LambdaService;
	const server = new ApiServer({plugins: [logsApi({service})], credentials: [{accessKeyId: 'AKIDLAMBDECK', secretAccessKey: 'right-secret'}]});
	const url = await server.listen(0, '127.0.0.1');
	const client = (accessKeyId: string, secretAccessKey: string) => new CloudWatchLogsClient({endpoint: url, region: 'us-east-1', credentials: {accessKeyId, secretAccessKey}});
	try {
		const signed = client('AKIDLAMBDECK', 'right-secret');
		assert.deepEqual((await signed.send(new DescribeLogGroupsCommand({}))).logGroups, []);
		signed.destroy();
		for (const [accessKeyId, secret, type, message] of [
			['AKIDLAMBDECK', 'wrong-secret', 'InvalidSignatureException', /^The request signature we calculated does not match/],
			['AKIDUNKNOWN', 'right-secret', 'UnrecognizedClientException', /^The security token included in the request is invalid\.$/],
		] as const) {
			const wrong = client(accessKeyId, secret);
			await assert.rejects(wrong.send(new DescribeLogGroupsCommand({})), (error: Error & {$metadata: {httpStatusCode?: number}}) => {
				assert.equal(error.name, type);
				assert.match(error.message, message);
				assert.equal(error.$metadata.httpStatusCode, 403);
				return true;
			});
			wrong.destroy();
		}

		const unsigned = await fetch(url, {method: 'POST', headers: {'X-Amz-Target': 'Logs_20140328.DescribeLogGroups', 'Content-Type': 'application/x-amz-json-1.1'}, body: '{}'});
		assert.equal(unsigned.status, 403);
		assert.deepEqual(await unsigned.json(), {__type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token'});
	} finally {
		await server.close();
		fs.rmSync(root, {recursive: true, force: true});
	}
});
