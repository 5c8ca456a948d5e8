import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {hasBubblewrap} from '../../source/runtime/sandbox.js';
import {hasCommand, openTestService, temporaryFolder} from '../helpers/functions.js';

const skip = hasBubblewrap() ? false : 'bubblewrap (bwrap) is not installed';
let service: Awaited<ReturnType<typeof openTestService>>;

before(async () => {
	if (!skip) {
		service = await openTestService({sandbox: 'bubblewrap'});
	}
});

after(async () => {
	await service?.dispose();
});

test('sandbox > under bubblewrap the code is a read-only /var/task, /tmp is private and /opt empty', {skip}, async () => {
	await service.create('paths', {'index.js': `const fs = require('fs');
		exports.handler = async () => {
			let write = 'allowed';
			try { fs.writeFileSync('/var/task/x', '1'); } catch (error) { write = error.code; }
			fs.writeFileSync('/tmp/mine', '1');
			return {cwd: process.cwd(), root: process.env.LAMBDA_TASK_ROOT, write, tmp: fs.readdirSync('/tmp'), opt: fs.readdirSync('/opt'), runtime: process.env.LAMBDA_RUNTIME_DIR};
		};`});
	const {json} = await service.invokeJson('paths');
	assert.deepEqual(json, {cwd: '/var/task', root: '/var/task', write: 'EROFS', tmp: ['mine'], opt: [], runtime: '/var/runtime'});
});

test('sandbox > a timeout under bubblewrap resets the environment too', {skip}, async () => {
	await service.create('hang', {'index.js': 'exports.handler = async e => { if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return process.pid; };'}, {Timeout: 1});
	assert.equal((await service.invokeJson('hang', {hang: true})).json.errorType, 'Sandbox.Timedout');
	assert.equal((await service.invokeJson('hang')).StatusCode, 200);
});

test('sandbox > Python runs under bubblewrap', {skip: skip || (hasCommand('python3') ? false : 'python3 is not installed')}, async () => {
	await service.create('py', {'app.py': 'import os\ndef handler(event, context):\n    return os.getcwd()\n'}, {Runtime: 'python3.12', Handler: 'app.handler'});
	assert.equal((await service.invokeJson('py')).json, '/var/task');
});

test('sandbox > asking for bubblewrap where it is not installed says how to install it', async () => {
	const dataDir = temporaryFolder();
	fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({sandbox: 'bubblewrap'}));
	const root = path.resolve(import.meta.dirname, '../..');
	const result = await execa(process.execPath, [path.join(root, 'dist/cli.js'), 'list-functions'], {
		cwd: root,
		env: {PATH: '/nonexistent', LAMBDECK_HOME: dataDir},
		extendEnv: false,
		reject: false,
	});
	fs.rmSync(dataDir, {recursive: true, force: true});
	assert.notEqual(result.exitCode, 0);
	assert.match(result.stderr, /bwrap is not installed\. Install it \(Debian\/Ubuntu: apt-get install bubblewrap/);
	assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
});

test('sandbox > a function runs as Lambda\'s sbx_user1051 and sees only chosen /etc files, with the host\'s name resolution', {skip}, async () => {
	await service.create('etc', {'index.js': `const cp = require('child_process');
		const fs = require('fs');
		exports.handler = async () => ({
			id: cp.execSync('id').toString().trim(),
			etc: fs.readdirSync('/etc'),
			resolv: fs.readFileSync('/etc/resolv.conf', 'utf8'),
			localhost: cp.execSync('getent hosts localhost').toString().trim().split(/\\s+/)[0],
		});`});
	const {json} = await service.invokeJson('etc');
	assert.equal(json.id, 'uid=993(sbx_user1051) gid=990(sbx_user1051) groups=990(sbx_user1051)');
	assert.ok(['passwd', 'group', 'hosts', 'resolv.conf', 'ssl'].every(name => json.etc.includes(name)), json.etc.join(' '));
	assert.ok(!['shadow', 'gshadow', 'sudoers', 'machine-id', 'ssh'].some(name => json.etc.includes(name)), json.etc.join(' '));
	assert.equal(json.resolv, fs.existsSync('/etc/resolv.conf') ? fs.readFileSync('/etc/resolv.conf', 'utf8') : '');
	assert.match(json.localhost, /^(127\.0\.0\.1|::1)$/);
});
