import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {execa} from 'execa';
import {openLocalClient} from '../../source/client/local-client.js';
import {eventually, isRunning, openTestService, temporaryFolder, zipOf} from '../helpers/functions.js';
import {ownModule, scriptArgs} from '../helpers/own-modules.js';

test('lifecycle > a runtime can be mapped to another interpreter binary', {skip: fs.existsSync('/usr/bin/python3') ? false : '/usr/bin/python3 is not installed'}, async () => {
	const service = await openTestService({runtimeBinaries: {'python3.12': '/usr/bin/python3'}});
	await service.create('mapped', {'app.py': 'import sys\ndef handler(event, context):\n    return sys.executable\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	assert.equal(fs.realpathSync((await service.invokeJson('mapped')).json), fs.realpathSync('/usr/bin/python3'));
	await service.dispose();
});

test('lifecycle > a killed service leaves no environment behind, and its lock is taken over', async () => {
	const dataDir = temporaryFolder();
	const client = await openLocalClient({dataDir, settings: {sandbox: 'process'}});
	await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'hang', Runtime: 'nodejs20.x', Handler: 'index.handler', Timeout: 60, Code: {ZipFile: zipOf({'index.js': 'exports.handler = async () => { console.log("pid", process.pid); await new Promise(() => setInterval(() => {}, 1000)); };'})}});
	await client.close();
	const script = `
		import {openLocalClient} from ${JSON.stringify(ownModule(import.meta.dirname, '../../source/client/local-client.ts'))};
		const client = await openLocalClient({dataDir: ${JSON.stringify(dataDir)}, settings: {sandbox: 'process'}});
		void client.invoke({FunctionName: 'hang'});
	`;
	const owner = execa(process.execPath, scriptArgs(dataDir, script), {reject: false});
	let runtimePid = 0;
	for (let attempt = 0; attempt < 100 && runtimePid === 0; attempt++) {
		await new Promise(resolve => setTimeout(resolve, 100));
		const folder = path.join(dataDir, 'logs', 'hang');
		const log = fs.existsSync(folder) ? fs.readdirSync(folder).map(name => fs.readFileSync(path.join(folder, name), 'utf8')).join('') : '';
		runtimePid = Number(/pid (\d+)/.exec(log)?.[1] ?? 0);
	}

	assert.ok(runtimePid > 0, 'the function started');
	owner.kill('SIGKILL');
	await owner;
	assert.equal(await eventually(() => !isRunning(runtimePid)), true, 'the environment died with its service');
	const next = await openLocalClient({dataDir, settings: {sandbox: 'process'}});
	assert.equal((await next.listAllFunctions()).length, 1);
	await next.close();
	fs.rmSync(dataDir, {recursive: true});
});
