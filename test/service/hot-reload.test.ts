import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {zipFolder} from '../../source/store/artifacts.js';

test('hot reload > a saved change republishes $LATEST and the next invoke runs it; off stops it; a zip-deployed function is refused', async () => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-reload-'));
	const folder = path.join(root, 'code');
	fs.mkdirSync(folder);
	const write = (version: number) => {
		fs.writeFileSync(path.join(folder, 'index.js'), `exports.handler = async () => ({version: ${version}});\n`);
	};

	write(1);
	const client = await openLocalClient({dataDir: path.join(root, 'data')});
	try {
		await client.createFunction({FunctionName: 'watched', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipFolder(folder)}}, {SourceDir: folder});
		await client.createFunction({FunctionName: 'zipped', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipFolder(folder)}});
		const version = async () => (JSON.parse(Buffer.from((await client.invoke({FunctionName: 'watched', Payload: '{}'})).Payload!).toString('utf8')) as {version: number}).version;
		assert.equal(await client.watchFunction!('watched', true), true);
		assert.equal(await version(), 1, 'warm on the first code');
		const published = new Promise<void>(resolve => {
			const unsubscribe = client.subscribe(event => {
				if (event.type === 'function' && event.functionName === 'watched' && event.configuration?.LastUpdateStatus === 'Successful') {
					unsubscribe();
					resolve();
				}
			});
		});
		write(2);
		await published;
		assert.equal(await version(), 2, 'the warm environment was retired and the new code runs');
		assert.equal(await client.watchFunction!('watched'), false, 'without on, it toggles');
		await assert.rejects(client.watchFunction!('zipped', true), /zipped has no source folder to watch \(it was deployed from a zip\)/);
	} finally {
		await client.close();
		fs.rmSync(root, {recursive: true, force: true});
	}
});
