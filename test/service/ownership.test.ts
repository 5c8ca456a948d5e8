import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {execa} from 'execa';
import {openLocalClient} from '../../source/client/local-client.js';
import {ManualClock} from '../../source/core/clock.js';
import {isLambdaError} from '../../source/core/errors.js';
import {machineConcurrency} from '../../source/runtime/capacity.js';
import {readLockOwner} from '../../source/store/lock.js';
import {readLog} from '../../source/store/log-store.js';
import {eventually, functionProcesses, hasCommand, isRunning, openTestService, temporaryFolder, zipOf} from '../helpers/functions.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');

const sleeper = {'index.js': 'exports.handler = async event => { console.log("started", process.pid); await new Promise(r => setTimeout(r, event.ms ?? 400)); console.log("finished"); return "done"; };'};

/** Resolve when the function's first log line containing `text` is written. */
const logged = async (client: Awaited<ReturnType<typeof openTestService>>['client'], text: string) => new Promise<void>(resolve => {
	const stop = client.subscribe(event => {
		if (event.type === 'log' && event.events.some(line => line.message.includes(text))) {
			stop();
			resolve();
		}
	});
});

test('ownership > close lets a running invocation finish, logs its END and REPORT, and only then releases the data dir', async () => {
	const service = await openTestService();
	await service.create('slow', sleeper);
	const started = logged(service.client, 'started');
	const order: string[] = [];
	const invocation = service.client.invoke({FunctionName: 'slow', Payload: '{"ms":500}'}).then(result => {
		order.push('invoke answered');
		return result;
	});
	await started;
	const closing = service.client.close().then(() => order.push('closed'));
	await assert.rejects(service.client.invoke({FunctionName: 'slow'}), (error: unknown) => isLambdaError(error) && error.type === 'ServiceException', 'a closing service takes no new work');
	await closing;
	const result = await invocation;
	assert.deepEqual(order, ['invoke answered', 'closed']);
	assert.equal(Buffer.from(result.Payload).toString(), '"done"');
	const lines = readLog(path.join(service.dataDir, 'logs', 'slow')).map(event => event.message);
	assert.ok(lines.some(line => line.includes('finished')), 'the function ran to its end');
	assert.match(lines.at(-1) ?? '', /^REPORT RequestId/);
	const next = await openLocalClient({dataDir: service.dataDir, settings: {sandbox: 'process'}});
	await next.close();
	fs.rmSync(service.dataDir, {recursive: true, force: true});
});

test('ownership > close waits for an Event invocation accepted before it', async () => {
	const service = await openTestService();
	await service.create('background', sleeper);
	const accepted = await service.client.invoke({FunctionName: 'background', InvocationType: 'Event', Payload: '{"ms":300}'});
	assert.equal(accepted.StatusCode, 202);
	await service.client.close();
	const lines = readLog(path.join(service.dataDir, 'logs', 'background')).map(event => event.message);
	assert.ok(lines.some(line => line.includes('finished')), lines.join('\n'));
	assert.match(lines.at(-1) ?? '', /^REPORT RequestId/);
	fs.rmSync(service.dataDir, {recursive: true, force: true});
});

test('ownership > an Event invoke from the CLI has run before the command exits and gives the data dir back', async () => {
	assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: npm test builds it first');
	const home = temporaryFolder();
	const lambdeck = async (...args: string[]) => execa(process.execPath, [cli, ...args], {env: {LAMBDECK_HOME: home}, reject: false, cwd: home});
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process'}));
	fs.mkdirSync(path.join(home, 'code-dir'));
	fs.writeFileSync(path.join(home, 'code-dir', 'index.js'), sleeper['index.js']);
	assert.equal((await lambdeck('create-function', '--function-name', 'later', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', path.join(home, 'code-dir'))).exitCode, 0);
	const invoked = await lambdeck('invoke', '--function-name', 'later', '--invocation-type', 'Event', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"ms":300}', 'out.json');
	assert.equal(invoked.exitCode, 0, invoked.stderr);
	assert.equal(JSON.parse(invoked.stdout).StatusCode, 202);
	const lines = readLog(path.join(home, 'logs', 'later')).map(event => event.message);
	assert.ok(lines.some(line => line.includes('finished')), lines.join('\n'));
	const listed = await lambdeck('list-functions');
	assert.equal(listed.exitCode, 0, `the data dir was released: ${listed.stderr}`);
	fs.rmSync(home, {recursive: true, force: true});
});

test('ownership > SIGTERM to a CLI verb closes the service: the running invocation ends and the lock is released', async () => {
	const home = temporaryFolder();
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process'}));
	const setup = await openLocalClient({dataDir: home});
	await setup.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'slow', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf(sleeper)}});
	await setup.close();
	const child = execa(process.execPath, [cli, 'invoke', '--function-name', 'slow', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"ms":800}', 'out.json'], {env: {LAMBDECK_HOME: home}, cwd: home, reject: false});
	const folder = path.join(home, 'logs', 'slow');
	assert.equal(await eventually(() => readLog(folder).some(event => event.message.includes('started')), 200), true, 'the function started');
	child.kill('SIGTERM');
	const ended = await child;
	assert.equal(ended.exitCode, 143, ended.stderr);
	const lines = readLog(folder).map(event => event.message);
	assert.ok(lines.some(line => line.includes('finished')), `the invocation ran to its end: ${lines.join('\n')}`);
	assert.equal(readLockOwner(path.join(home, 'lambdeck.lock')), undefined, 'the lock was given back');
	fs.rmSync(home, {recursive: true, force: true});
});

test('ownership > with 1,000 concurrent callers every one gets an answer or a 429, and none times out because of the others', async () => {
	const service = await openTestService();
	await service.create('noop', {'index.js': 'exports.handler = async () => "ok";'}, {Timeout: 3});
	const limit = machineConcurrency();
	const outcomes = await Promise.all(Array.from({length: 1000}, async () => {
		try {
			const result = await service.client.invoke({FunctionName: 'noop'});
			return result.FunctionError ? `error ${Buffer.from(result.Payload).toString()}` : 'ok';
		} catch (error) {
			return isLambdaError(error) && error.type === 'TooManyRequestsException' && error.fields.Reason === 'ConcurrentInvocationLimitExceeded' ? 'throttled' : `failed ${String(error)}`;
		}
	}));
	const counts = new Map<string, number>();
	for (const outcome of outcomes) {
		counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
	}

	assert.deepEqual([...counts.keys()].sort(), ['ok', 'throttled'], JSON.stringify([...counts]));
	assert.ok(counts.get('ok')! >= limit, `at least ${limit} ran: ${counts.get('ok')}`);
	assert.ok(service.client.service.environmentCount('noop').total <= limit, 'no more environments than the limit');
	await service.dispose();
});

test('ownership > past the limit the least recently used idle environment makes room, so idle ones are capped too', async () => {
	const service = await openTestService({accountConcurrency: 2});
	for (const name of ['first', 'second', 'third']) {
		await service.create(name, {'index.js': 'exports.handler = async () => process.pid;'});
	}

	await service.invokeJson('first');
	const first = functionProcesses('first');
	assert.ok(first.length > 0, 'the first function runs');
	await service.invokeJson('second');
	await service.invokeJson('third');
	assert.equal(await eventually(() => !first.some(pid => isRunning(pid))), true, 'the oldest idle environment was stopped');
	assert.equal(service.client.service.environmentCount('first').total, 0);
	assert.equal(service.client.service.environmentCount('third').total, 1);
	await service.dispose();
});

test('ownership > keep-alive runs on the service clock: idle past it, the environment stops and the next invoke is cold', async () => {
	const clock = new ManualClock();
	const dataDir = temporaryFolder();
	const client = await openLocalClient({dataDir, settings: {sandbox: 'process', keepAliveSeconds: 60}, clock});
	await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'idle', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': 'exports.handler = async () => process.pid;'})}});
	assert.equal((await client.getFunctionConfiguration({FunctionName: 'idle'})).State, 'Pending', 'a create settles on the service clock');
	clock.advance(0);
	await client.service.settleAll();
	assert.equal((await client.getFunctionConfiguration({FunctionName: 'idle'})).State, 'Active');
	const invoke = async () => {
		const result = await client.invoke({FunctionName: 'idle', LogType: 'Tail'});
		return {pid: JSON.parse(Buffer.from(result.Payload).toString()) as number, log: Buffer.from(result.LogResult!, 'base64').toString()};
	};

	const first = await invoke();
	clock.advance(30_000);
	assert.equal(isRunning(first.pid), true, 'still warm within the keep-alive');
	assert.doesNotMatch((await invoke()).log, /Init Duration/);
	clock.advance(91_000);
	assert.equal(await eventually(() => !isRunning(first.pid)), true, 'stopped after the keep-alive');
	const next = await invoke();
	assert.match(next.log, /Init Duration/);
	assert.notEqual(next.pid, first.pid);
	await client.close();
	fs.rmSync(dataDir, {recursive: true, force: true});
});

test('ownership > Max Memory Used is each environment\'s own: an out-of-memory kill does not carry over', async () => {
	const service = await openTestService();
	await service.create('grower', {'index.js': `exports.handler = async event => {
		const keep = [];
		while (event.grow) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise(r => setTimeout(r, 5)); }
		return "small";
	};`}, {Timeout: 30, MemorySize: 256});
	const killed = await service.invokeJson('grower', {grow: true});
	assert.equal(killed.json.errorType, 'Runtime.OutOfMemory');
	const next = await service.invokeJson('grower');
	const used = Number(/Max Memory Used: (\d+) MB/.exec(next.log)?.[1]);
	assert.ok(used > 0 && used < 200, `the new environment reports its own use, not the killed one's: ${used} MB`);
	await service.dispose();
});

test('ownership > forked Python workers that share their pages are not counted once per worker', {skip: hasCommand('python3') ? false : 'python3 is not installed'}, async () => {
	const service = await openTestService();
	await service.create('workers', {'app.py': `import os, time
def handler(event, context):
    ballast = bytearray(40 * 1024 * 1024)
    children = []
    for _ in range(24):
        pid = os.fork()
        if pid == 0:
            time.sleep(0.6)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return len(children)
`}, {Runtime: 'python3.12', Handler: 'app.handler', MemorySize: 256, Timeout: 30});
	const result = await service.invokeJson('workers');
	assert.equal(result.FunctionError, undefined, JSON.stringify(result.json));
	assert.equal(result.json, 24);
	await service.dispose();
});

test('ownership > under bubblewrap a detached child holding memory counts against the function', {skip: hasCommand('bwrap') ? false : 'bubblewrap (bwrap) is not installed'}, async () => {
	const service = await openTestService({sandbox: 'bubblewrap'});
	await service.create('detacher', {'index.js': `const {spawn} = require('child_process');
exports.handler = async () => {
	spawn(process.execPath, ['-e', 'const keep = []; for (let i = 0; i < 24; i++) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); setInterval(() => {}, 1000);'], {detached: true, stdio: 'ignore'}).unref();
	await new Promise(r => setTimeout(r, 10_000));
	return 'survived';
};`}, {Timeout: 20, MemorySize: 256});
	const result = await service.invokeJson('detacher');
	assert.equal(result.json.errorType, 'Runtime.OutOfMemory', JSON.stringify(result.json));
	await service.dispose();
});
