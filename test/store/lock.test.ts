import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {execa} from 'execa';
import {openLocalClient} from '../../source/client/local-client.js';
import {LambdaError} from '../../source/core/errors.js';
import {temporaryFolder} from '../helpers/functions.js';

test('lock > a second owner of the data dir is refused, naming the first one\'s pid', async () => {
	const dataDir = temporaryFolder();
	const first = await openLocalClient({dataDir});
	const cli = path.resolve(import.meta.dirname, '../../source/cli.tsx');
	const other = await execa(process.execPath, ['--import', 'tsx', cli, 'list-functions'], {env: {LAMBDECK_HOME: dataDir}, reject: false});
	assert.equal(other.exitCode, 254);
	assert.match(other.stderr, new RegExp(`owned by another lambdeck process \\(pid ${process.pid}\\)`));
	await first.close();
	const after = await execa(process.execPath, ['--import', 'tsx', cli, 'list-functions'], {env: {LAMBDECK_HOME: dataDir}});
	assert.equal(JSON.parse(after.stdout).Functions.length, 0);
	fs.rmSync(dataDir, {recursive: true});
});

test('lock > a lock left by a dead process is taken over', async () => {
	const dataDir = temporaryFolder();
	const dead = await execa(process.execPath, ['-e', 'console.log(process.pid)']);
	fs.writeFileSync(path.join(dataDir, 'lambdeck.lock'), JSON.stringify({pid: Number(dead.stdout), startedAt: new Date().toISOString()}));
	const client = await openLocalClient({dataDir});
	assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'lambdeck.lock'), 'utf8')).pid, process.pid);
	await client.close();
	assert.equal(fs.existsSync(path.join(dataDir, 'lambdeck.lock')), false);
	fs.rmSync(dataDir, {recursive: true});
});

test('lock > a second service in the same process is refused as well', async () => {
	const dataDir = temporaryFolder();
	const first = await openLocalClient({dataDir});
	await assert.rejects(openLocalClient({dataDir}), (error: unknown) => error instanceof LambdaError && error.type === 'DataDirLockedException');
	await first.close();
	const again = await openLocalClient({dataDir});
	await again.close();
	fs.rmSync(dataDir, {recursive: true});
});
