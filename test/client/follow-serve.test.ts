import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {test} from 'node:test';
import {attachClient} from '../../source/client/attach.js';
import type {ConnectionState} from '../../source/client/client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {temporaryFolder, zipOf} from '../helpers/functions.js';
import {cliPath} from '../helpers/serve-process.js';

const serveOn = async (home: string) => {
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {env: {...process.env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'inherit']});
	const url = await new Promise<string>((resolve, reject) => {
		readline.createInterface({input: child.stdout!}).once('line', line => resolve(/^lambdeck serving (\S+)/.exec(line)?.[1] ?? ''));
		child.once('exit', code => reject(new Error(`serve exited ${code}`)));
	});
	return {child, url};
};

const stop = async (child: ChildProcess) => {
	const exited = new Promise(resolve => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
};

test('attach > a client of the data dir\'s serve follows it when it is restarted on another port', async () => {
	const home = temporaryFolder('lambdeck-follow-');
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process'}));
	const first = await serveOn(home);
	const client = (await attachClient({dataDir: home}))!;
	const states: ConnectionState[] = [];
	let reloads = 0;
	client.watchConnection(state => states.push(state));
	client.subscribe(event => {
		reloads += event.type === 'function' && event.functionName === '' ? 1 : 0;
	});
	let second: Awaited<ReturnType<typeof serveOn>> | undefined;
	try {
		await client.createFunction({FunctionName: 'kept', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': 'exports.handler = async () => 1;'})}});
		assert.equal(client.endpoint, first.url);
		await stop(first.child);
		second = await serveOn(home);
		assert.notEqual(second.url, first.url);
		for (let waited = 0; client.endpoint !== second.url; waited += 50) {
			assert.ok(waited < 20_000, `the client never moved to ${second.url}; states: ${JSON.stringify(states)}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.ok(states.some(state => state.status === 'disconnected'), 'it saw the first serve go');
		assert.ok(reloads >= 1, 'subscribers are asked to read the function list again');
		assert.deepEqual((await client.listAllFunctions()).map(configuration => configuration.FunctionName), ['kept']);
	} finally {
		await client.close();
		if (second) {
			await stop(second.child);
		}

		fs.rmSync(home, {recursive: true, force: true});
	}
});
