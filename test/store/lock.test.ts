import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {test} from 'node:test';
import {execa, type ResultPromise} from 'execa';
import {openLocalClient} from '../../source/client/local-client.js';
import {LambdaError} from '../../source/core/errors.js';
import {acquireLock, readLockOwner} from '../../source/store/lock.js';
import {temporaryFolder} from '../helpers/functions.js';
import {loaderArgs, ownModule} from '../helpers/own-modules.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
const contenderScript = ownModule(import.meta.dirname, 'lock-contender.ts');

type Said = {pid: number; ready?: boolean; owner?: boolean; message?: string};

/**
A lock contender in its own process, with the JSON lines it says queued for the test to take one by one.
*/
const startContender = async (lockPath: string, dataDir: string) => {
	const child = execa(process.execPath, [...loaderArgs, contenderScript, lockPath, dataDir], {stdin: 'pipe', reject: false});
	const said: Said[] = [];
	const waiting: Array<(line: Said) => void> = [];
	readline.createInterface({input: child.stdout!}).on('line', line => {
		const message = JSON.parse(line) as Said;
		const next = waiting.shift();
		if (next) {
			next(message);
		} else {
			said.push(message);
		}
	});
	const next = async () => said.shift() ?? new Promise<Said>(resolve => {
		waiting.push(resolve);
	});
	await next();
	return {child, next, pid: child.pid!};
};

const killed = async (child: ResultPromise) => {
	child.kill('SIGKILL');
	await child;
};

test('lock > a second owner of the data dir is refused, naming the first one\'s pid', async () => {
	const dataDir = temporaryFolder();
	const first = await openLocalClient({dataDir});
	const other = await execa(process.execPath, [cli, 'list-functions'], {env: {LAMBDECK_HOME: dataDir}, reject: false});
	assert.equal(other.exitCode, 254);
	assert.match(other.stderr, new RegExp(`owned by another lambdeck process \\(pid ${process.pid}\\)`));
	await first.close();
	const after = await execa(process.execPath, [cli, 'list-functions'], {env: {LAMBDECK_HOME: dataDir}});
	assert.equal(JSON.parse(after.stdout).Functions.length, 0);
	fs.rmSync(dataDir, {recursive: true});
});

test('lock > the owner\'s pid and API URL are readable by other processes, and a refusal names both', () => {
	const dataDir = temporaryFolder();
	const lockPath = path.join(dataDir, 'lambdeck.lock');
	const lock = acquireLock(lockPath, dataDir);
	lock.update(8123);
	assert.deepEqual({...readLockOwner(lockPath), startedAt: ''}, {pid: process.pid, port: 8123, url: 'http://127.0.0.1:8123', startedAt: ''});
	assert.throws(() => acquireLock(lockPath, dataDir), (error: unknown) => error instanceof LambdaError
		&& error.message.includes(`(pid ${process.pid}, API at http://127.0.0.1:8123)`));
	lock.release();
	assert.equal(readLockOwner(lockPath), undefined);
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

test('lock > a kill -9 of the owner releases the lock, even though its pid is still named in the lock file', async () => {
	const dataDir = temporaryFolder();
	const lockPath = path.join(dataDir, 'lambdeck.lock');
	const owner = await startContender(lockPath, dataDir);
	owner.child.stdin!.write('acquire\n');
	assert.equal((await owner.next()).owner, true);
	assert.equal(readLockOwner(lockPath)?.pid, owner.pid);
	assert.throws(() => acquireLock(lockPath, dataDir), (error: unknown) => error instanceof LambdaError && error.message.includes(`(pid ${owner.pid})`));
	await killed(owner.child);
	assert.equal(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid, owner.pid);
	assert.equal(readLockOwner(lockPath), undefined);
	const lock = acquireLock(lockPath, dataDir);
	assert.equal(readLockOwner(lockPath)?.pid, process.pid);
	lock.release();
	fs.rmSync(dataDir, {recursive: true});
});

test('lock > six processes racing for a stale lock give exactly one owner, 8 rounds running', async () => {
	const dataDir = temporaryFolder();
	const lockPath = path.join(dataDir, 'lambdeck.lock');
	let contenders = await Promise.all(Array.from({length: 6}, async () => startContender(lockPath, dataDir)));
	try {
		for (let round = 0; round < 8; round++) {
			for (const contender of contenders) {
				contender.child.stdin!.write('acquire\n');
			}

			const answers = await Promise.all(contenders.map(async contender => contender.next()));
			const owners = answers.filter(answer => answer.owner);
			assert.equal(owners.length, 1, `round ${round}: ${JSON.stringify(answers)}`);
			for (const refused of answers.filter(answer => !answer.owner)) {
				assert.match(refused.message!, new RegExp(`owned by another lambdeck process \\(pid ${owners[0]!.pid}\\)`), `round ${round}`);
			}

			// The owner dies holding the lock and leaves its lock file behind, so the next round races for a stale lock; a new process takes its place.
			const owner = contenders.find(contender => contender.pid === owners[0]!.pid)!;
			await killed(owner.child);
			assert.equal(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid, owner.pid);
			contenders = [...contenders.filter(contender => contender !== owner), await startContender(lockPath, dataDir)];
		}
	} finally {
		await Promise.all(contenders.map(async contender => killed(contender.child)));
	}

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
