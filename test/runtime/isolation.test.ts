import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {hasBubblewrap} from '../../source/runtime/sandbox.js';
import {eventually, examplesFolder, hasCommand, isRunning, openTestService, temporaryFolder, zipOf} from '../helpers/functions.js';
import {loaderArgs, ownModule, scriptArgs} from '../helpers/own-modules.js';
import {attacker, halfResponseBootstrap, victim} from './isolation-attacks.js';

const skip = hasBubblewrap() ? false : 'bubblewrap (bwrap) is not installed';
const who = process.getuid?.() === 0 ? 'as root' : `as uid ${process.getuid?.()}`;
let service: Awaited<ReturnType<typeof openTestService>>;

const processesNamed = (...words: string[]) => fs.readdirSync('/proc').filter(name => /^\d+$/.test(name)).filter(pid => {
	try {
		const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		return words.every(word => argv.includes(word));
	} catch {
		return false;
	}
}).map(Number);

const sleepers = (mark: number) => [mark, mark + 1, mark + 2].flatMap(value => processesNamed('sleep', String(value)));

before(async () => {
	if (!skip) {
		console.log(`isolation: running ${who}`);
		service = await openTestService({sandbox: 'bubblewrap'});
		await service.create('victim', {'index.js': victim});
		await service.create('attacker', {'index.js': attacker}, {Timeout: 30});
	}
});

after(async () => {
	await service?.dispose();
});

/**
Invoke the victim again and again while the attacker scans for its Runtime API port, asks it for the next event and posts a forged response.
*/
const hijack = async (on: Awaited<ReturnType<typeof openTestService>>) => {
	const first = await on.invokeJson('victim', {n: 1});
	const port = Number(first.json.api.split(':')[1]);
	let attacking = true;
	const attack = on.invokeJson('attacker', {action: 'hijack', ports: [port], requestId: 'any'}).finally(() => {
		attacking = false;
	});
	const victimResults: unknown[] = [];
	for (let n = 2; attacking || n < 4; n++) {
		victimResults.push([n, (await on.invokeJson('victim', {n})).json.event]);
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	const {json: results} = await attack;
	assert.equal(results[port].found, true, 'the attacker found the port in /proc/net/tcp');
	assert.match(results[port].next, /^(closed|error ECONNRESET)$/);
	assert.match(results[port].forged, /^(closed|error ECONNRESET)$/);
	for (const [n, event] of victimResults as Array<[number, unknown]>) {
		assert.deepEqual(event, {n}, 'the victim got its own event and answered it');
	}

	assert.equal((await on.invokeJson('victim')).json.pid, first.json.pid, 'the victim stayed warm');
};

test(`isolation (${who}) > a function cannot take another environment's event or post its response`, {skip}, async () => {
	await hijack(service);
});

test('isolation > in process mode too, a function cannot take another environment\'s event or post its response', async () => {
	const own = await openTestService({sandbox: 'process'});
	try {
		await own.create('victim', {'index.js': victim});
		await own.create('attacker', {'index.js': attacker}, {Timeout: 30});
		await hijack(own);
	} finally {
		await own.dispose();
	}
});

test(`isolation (${who}) > a process outside every environment gets nothing from a Runtime API port`, {skip}, async () => {
	const {json} = await service.invokeJson('victim');
	const port = Number(json.api.split(':')[1]);
	const answer = await new Promise<string>(resolve => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n'));
		let data = '';
		socket.on('data', chunk => {
			data += chunk;
		});
		socket.on('error', error => resolve(`error ${(error as NodeJS.ErrnoException).code}`));
		socket.on('close', () => resolve(data || 'closed'));
	});
	assert.match(answer, /^(closed|error ECONNRESET)$/);
});

test(`isolation (${who}) > a function cannot read or write the data dir, other functions' code, records or /tmp, or the host's secrets`, {skip}, async () => {
	await service.invokeJson('victim');
	const codeFolders = fs.readdirSync(path.join(service.dataDir, 'code')).map(name => path.join(service.dataDir, 'code', name));
	const victimCode = codeFolders.find(folder => fs.existsSync(path.join(folder, 'index.js')) && fs.readFileSync(path.join(folder, 'index.js'), 'utf8') === victim)!;
	assert.ok(victimCode, 'the victim\'s code is stored on the host');
	const record = path.join(service.dataDir, 'functions', 'victim', 'function.json');
	const {json} = await service.invokeJson('attacker', {
		action: 'files',
		read: [service.dataDir, record, victimCode, path.join(service.dataDir, 'tmp'), '/root', '/home', '/etc/shadow', '/etc/gshadow', '/etc/ssl/private', `/proc/${process.pid}/environ`, '/tmp/victim-secret'],
		write: [path.join(victimCode, 'index.js'), record, '/var/task/x', '/var/runtime/x', '/etc/passwd', '/usr/bin/x', '/x', '/opt/x/y', '/var/rapid/x', '/var/rapid/runtime-api.sock'],
	});
	for (const [attempt, outcome] of Object.entries(json as Record<string, string>)) {
		assert.notEqual(outcome, 'READ', attempt);
		assert.notEqual(outcome, 'WROTE', attempt);
	}

	assert.equal(fs.readFileSync(path.join(victimCode, 'index.js'), 'utf8'), victim, 'the victim\'s code is unchanged');
});

test(`isolation (${who}) > a function has no privileges: no capabilities, no remount, no new namespaces, no other processes to signal`, {skip}, async () => {
	const victimPid = (await service.invokeJson('victim')).json.pid;
	const hostPids = [process.pid, ...processesNamed('lambdeck-supervisor'), ...processesNamed('/var/runtime/node/index.mjs')];
	assert.ok(hostPids.length >= 3, 'the victim\'s processes are on the host');
	const {json} = await service.invokeJson('attacker', {action: 'privileges', pids: hostPids});
	assert.match(json.id, /^uid=993\b.* gid=990\b/);
	assert.equal(json.capabilities, '0000000000000000');
	assert.equal(json.tmp.includes('victim-secret'), false, 'the victim\'s /tmp is not the attacker\'s');
	assert.ok(json.processes.every((comm: string) => ['bwrap', 'sh', 'node', 'id'].includes(comm) || comm === 'ENOENT'), json.processes.join(' '));
	for (const attempt of ['remount', 'remountTask', 'mountTmpfs', 'unshareUser', 'unshareMount', 'chroot']) {
		assert.match(json[attempt], /^failed/, attempt);
	}

	assert.equal(json.sysctl, 'EROFS', 'a global sysctl was written (the same value back, harmlessly)');

	for (const [pid, outcome] of Object.entries(json.kill as Record<string, string>)) {
		assert.notEqual(outcome, 'KILLED', `signalled host process ${pid}`);
	}

	assert.equal((await service.invokeJson('victim')).json.pid, victimPid, 'the victim is still warm');
});

test(`isolation (${who}) > writing past EphemeralStorage fails with ENOSPC inside the function`, {skip}, async () => {
	await service.create('filler', {'index.js': attacker}, {Timeout: 60, EphemeralStorage: {Size: 512}});
	const {json} = await service.invokeJson('filler', {action: 'fill'});
	assert.equal(json.code, 'ENOSPC');
	assert.ok(json.written <= 512 * 1024 * 1024 && json.written > 500 * 1024 * 1024, String(json.written));
});

test(`isolation (${who}) > /tmp outlives a reset and a new environment starts with an empty /tmp`, {skip}, async () => {
	await service.create('keeper', {'index.js': `const fs = require('fs');
		let count = 0;
		exports.handler = async event => {
			count++;
			if (event.write) fs.writeFileSync('/tmp/kept', 'yes');
			if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
			return {count, tmp: fs.readdirSync('/tmp')};
		};`}, {Timeout: 1});
	assert.deepEqual((await service.invokeJson('keeper', {write: true})).json, {count: 1, tmp: ['kept']});
	assert.equal((await service.invokeJson('keeper', {hang: true})).json.errorType, 'Sandbox.Timedout');
	const next = await service.invokeJson('keeper');
	assert.deepEqual(next.json, {count: 1, tmp: ['kept']});
	assert.match(next.log, /Init Duration/);
	await service.client.updateFunctionConfiguration({FunctionName: 'keeper', Description: 'a new environment'});
	assert.deepEqual((await service.invokeJson('keeper')).json, {count: 1, tmp: []});
});

test(`isolation (${who}) > daemons a function starts die when its environment is reset`, {skip}, async () => {
	await service.create('daemons-reset', {'index.js': attacker}, {Timeout: 3});
	const mark = 900_000 + Math.floor(Math.random() * 10_000) * 3;
	const invoked = service.invokeJson('daemons-reset', {action: 'daemons', mark, hang: true});
	assert.equal(await eventually(() => sleepers(mark).length === 3, 100), true, 'the daemons started');
	const daemons = sleepers(mark);
	assert.equal((await invoked).json.errorType, 'Sandbox.Timedout');
	assert.equal(await eventually(() => daemons.every(pid => !isRunning(pid))), true, 'the daemons died with the reset');
});

test(`isolation (${who}) > a function that steals its supervisor's commands cannot hang its environment's reset`, {skip}, async () => {
	await service.create('thief', {'index.js': attacker}, {Timeout: 1});
	assert.equal((await service.invokeJson('thief', {action: 'steal'})).json.errorType, 'Sandbox.Timedout');
	assert.deepEqual((await service.invokeJson('victim', {after: 'thief'})).json.event, {after: 'thief'});
	const next = await service.invokeJson('thief', {action: 'none'});
	assert.equal(next.FunctionError, undefined);
	assert.match(next.log, /Init Duration/);
});

test(`isolation (${who}) > daemons a function starts die when its environment is stopped`, {skip}, async () => {
	const own = await openTestService({sandbox: 'bubblewrap'});
	await own.create('daemons-stop', {'index.js': attacker});
	const mark = 910_000 + Math.floor(Math.random() * 10_000) * 3;
	assert.equal((await own.invokeJson('daemons-stop', {action: 'daemons', mark})).json, 'started');
	assert.equal(await eventually(() => sleepers(mark).length === 3, 100), true, 'the daemons started');
	const daemons = sleepers(mark);
	await own.dispose();
	assert.equal(await eventually(() => daemons.every(pid => !isRunning(pid))), true, 'the daemons died with the environment');
});

test(`isolation (${who}) > daemons a function starts die after a kill -9 of the service`, {skip}, async () => {
	const dataDir = temporaryFolder();
	const client = await openLocalClient({dataDir, settings: {sandbox: 'bubblewrap'}});
	await client.createFunction({FunctionName: 'daemons', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Timeout: 60, Code: {ZipFile: zipOf({'index.js': attacker})}});
	await client.close();
	const mark = 920_000 + Math.floor(Math.random() * 10_000) * 3;
	const script = `
		import {openLocalClient} from ${JSON.stringify(ownModule(import.meta.dirname, '../../source/client/local-client.ts'))};
		const client = await openLocalClient({dataDir: ${JSON.stringify(dataDir)}, settings: {sandbox: 'bubblewrap'}});
		void client.invoke({FunctionName: 'daemons', Payload: JSON.stringify({action: 'daemons', mark: ${mark}, hang: true})});
	`;
	const owner = execa(process.execPath, scriptArgs(dataDir, script), {reject: false});
	assert.equal(await eventually(() => sleepers(mark).length === 3, 200), true, 'the daemons started');
	const daemons = sleepers(mark);
	owner.kill('SIGKILL');
	await owner;
	assert.equal(await eventually(() => daemons.every(pid => !isRunning(pid))), true, 'the daemons died with the service');
	fs.rmSync(dataDir, {recursive: true, force: true});
});

test(`isolation (${who}) > a function still reaches a server on the host's loopback`, {skip}, async () => {
	const server = http.createServer((_request, response) => response.end('from the host'));
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	try {
		const {json} = await service.invokeJson('attacker', {action: 'loopback', port: (server.address() as net.AddressInfo).port});
		assert.deepEqual(json, {status: 200, body: 'from the host'});
	} finally {
		server.close();
	}
});

test(`isolation (${who}) > a custom runtime that polls with curl works unchanged`, {skip: skip || (hasCommand('curl') ? false : 'curl is not installed')}, async () => {
	const bootstrap = fs.readFileSync(path.join(examplesFolder, 'custom-runtime', 'bootstrap'), 'utf8');
	await service.create('custom', {bootstrap}, {Runtime: 'provided.al2023', Handler: 'function.handler'}, {bootstrap: 0o755});
	const first = await service.invokeJson('custom', {n: 1});
	assert.equal(first.json.message, 'Hello from a custom runtime');
	assert.deepEqual((await service.invokeJson('custom', {n: 2})).json.event, {n: 2});
});

test(`isolation (${who}) > a custom runtime that sends half a response and hangs up gets a clean error, and the service lives on`, {skip: skip || (hasCommand('bash') ? false : 'bash is not installed')}, async () => {
	await service.create('half', {bootstrap: halfResponseBootstrap}, {Runtime: 'provided.al2023', Handler: 'function.handler', Timeout: 5}, {bootstrap: 0o755});
	const result = await service.invokeJson('half');
	assert.equal(result.FunctionError, 'Unhandled');
	assert.equal(result.json.errorType, 'Runtime.ExitError');
	assert.match(result.json.errorMessage, /exit status 7/);
	assert.deepEqual((await service.invokeJson('victim', {after: 'half'})).json.event, {after: 'half'});
});

const projectRoot = path.resolve(import.meta.dirname, '../..');

/**
Whether any user can reach the project's files: every folder above it can be searched by others.
*/
const reachableByAnyone = (folder: string): boolean => (fs.statSync(folder).mode & 0o001) !== 0 && (folder === '/' || reachableByAnyone(path.dirname(folder)));

/**
The folders above the project that others cannot search, when all of them lie in the temp dir (a CI clone made with mktemp -d is mode 0700): the test lets others through them while it runs, and puts their modes back. Elsewhere it changes nothing.
*/
const closedTempFolders = (folder: string): string[] | undefined => {
	const closed: string[] = [];
	for (let current = folder; current !== '/'; current = path.dirname(current)) {
		if ((fs.statSync(current).mode & 0o001) === 0) {
			closed.push(current);
		}
	}

	const temp = fs.realpathSync(os.tmpdir());
	return closed.every(current => current.startsWith(`${temp}/`)) ? closed : undefined;
};

const unprivilegedSkip = process.getuid?.() !== 0 ? 'already unprivileged'
	: hasCommand('setpriv') ? (reachableByAnyone(projectRoot) || closedTempFolders(projectRoot) ? false : `uid 65534 cannot reach ${projectRoot}`)
	: 'setpriv is not installed';

test('isolation > the suite holds for an unprivileged user too', {skip: skip || unprivilegedSkip}, async () => {
	const root = projectRoot;
	const opened = (closedTempFolders(root) ?? []).map(folder => ({folder, mode: fs.statSync(folder).mode & 0o7777}));
	for (const {folder, mode} of opened) {
		fs.chmodSync(folder, mode | 0o001);
	}

	const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...loaderArgs, '--test', ownModule(root, 'test/runtime/isolation.test.ts')], {
		cwd: root,
		env: {PATH: '/usr/local/bin:/usr/bin:/bin', HOME: os.tmpdir(), TMPDIR: os.tmpdir()},
		extendEnv: false,
		reject: false,
		all: true,
	}).finally(() => {
		for (const {folder, mode} of opened) {
			fs.chmodSync(folder, mode);
		}
	});
	assert.equal(result.exitCode, 0, result.all);
	assert.match(result.all ?? '', /running as uid 65534/);
	assert.doesNotMatch(result.all ?? '', /^ok \d+ - isolation \(.*# SKIP/m, 'no attack was skipped');
});
