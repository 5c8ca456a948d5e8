import assert from 'node:assert/strict';
import {execFile, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {suite, test} from 'node:test';
import {promisify} from 'node:util';
import {FilterLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {CreateFunctionCommand, waitUntilFunctionActiveV2} from '@aws-sdk/client-lambda';
import {hasCommand, isRunning, temporaryFolder, zipOf} from '../helpers/functions.js';
import {cliPath, startServe, type Serve} from '../helpers/serve-process.js';
import {hasTmux, openTmux, type Pane} from '../helpers/tmux.js';

const run = promisify(execFile);

const skip = !hasTmux ? 'tmux is not installed' : (fs.existsSync(cliPath) ? false : 'dist/cli.js is not built; run npm run build');

const createFunction = async (serve: Serve, name: string, code: string, timeout = 3) => {
	await serve.lambda.send(new CreateFunctionCommand({FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/lambda-role', Timeout: timeout, Code: {ZipFile: zipOf({'index.js': code})}}));
	await waitUntilFunctionActiveV2({client: serve.lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1}, {FunctionName: name});
};

/** A CLI verb in its own process, on the data dir `home` (so it attaches to that dir's serve). */
const lambdeck = async (home: string, ...args: string[]) => run(process.execPath, [cliPath, ...args], {env: {...process.env, LAMBDECK_HOME: home}});

/** Quit a console; where it asks whether to discard an unsaved payload, discard it. */
const quit = async (pane: Pane) => {
	pane.send('q');
	if ((await pane.see(/EXITED \d|Discard unsaved edits\?/)).includes('Discard unsaved edits?')) {
		pane.send('Right', 'Enter');
	}

	await pane.see('EXITED 0');
};

const consoleLine = (home: string, extra = '', environment = '') => `LAMBDECK_HOME='${home}' ${environment} '${process.execPath}' '${cliPath}' ${extra}`;

// The two walks share nothing, so they run side by side.
suite('attach', {concurrency: 2}, () => {
	test('attach > consoles and CLI verbs share one serve: a CLI invoke\'s REPORT reaches the console, a second console works, $EDITOR stalls no function, --endpoint-url reaches another serve, and a console with no serve starts one and leaves nothing behind', {skip}, async () => {
		const [serve, other] = await Promise.all([startServe(), startServe()]);
		const tmux = openTmux();
		const scratch = temporaryFolder('lambdeck-attach-');
		const lonelyHome = temporaryFolder('lambdeck-lonely-');
		fs.writeFileSync(path.join(lonelyHome, 'settings.json'), JSON.stringify({sandbox: 'process'}));
		const opened = path.join(scratch, 'editor-open');
		const release = path.join(scratch, 'editor-release');
		const editor = path.join(scratch, 'editor.sh');
		fs.writeFileSync(editor, `touch '${opened}'\nwhile [ ! -f '${release}' ]; do sleep 0.05; done\nprintf '{"edited": true}\\n' > "$1"\n`);
		try {
			await Promise.all([
				createFunction(serve, 'hello', 'exports.handler = async () => ({ok: true});'),
				createFunction(serve, 'slow', 'exports.handler = async () => { await new Promise(resolve => setTimeout(resolve, 30_000)); return 1; };', 1),
				createFunction(other, 'elsewhere', 'exports.handler = async () => 2;'),
			]);
			const first = tmux.start('first', consoleLine(serve.home, '', `EDITOR='sh ${editor}'`));
			const second = tmux.start('second', consoleLine(serve.home));
			const remote = tmux.start('remote', consoleLine(scratch, `--endpoint-url ${other.url}`));
			const lonely = tmux.start('lonely', consoleLine(lonelyHome));

			await first.see(/● connected[\s\S]*slow/);
			first.send(':', 'logs', 'Enter');
			await first.see('all functions');
			await lambdeck(serve.home, 'invoke', '--function-name', 'hello', path.join(scratch, 'out.json'));
			await first.see(/hello (❄ )?REPORT RequestId: \S+ {2}Duration/);

			const shown = await second.see(/● connected[\s\S]*slow/);
			assert.match(shown, new RegExp(`endpoint ${serve.url}`), 'the second console attached to the same serve');

			const elsewhere = await remote.see(/● connected[\s\S]*elsewhere/);
			assert.match(elsewhere, new RegExp(`endpoint ${other.url}`));
			assert.doesNotMatch(elsewhere, /slow/, 'the functions of the other serve only');

			await lonely.see('● connected');
			const owner = JSON.parse(fs.readFileSync(path.join(lonelyHome, 'lambdeck.lock'), 'utf8')) as {pid: number; url: string};
			assert.notEqual(owner.pid, undefined);
			assert.match(lonely.screen(), new RegExp(`endpoint ${owner.url}`), 'the console talks to the serve it started');
			lonely.send('q');
			await lonely.see('EXITED 0');
			for (let waited = 0; isRunning(owner.pid) && waited < 100; waited++) {
				await delay(50);
			}

			assert.equal(isRunning(owner.pid), false, 'the serve the console started has stopped');

			first.send(':', 'functions', 'Enter');
			await first.see('NAME');
			first.send('/', 'slow', 'Enter');
			await first.see(/1\/\d+ matching \/slow/);
			first.send('i');
			await first.see('valid JSON');
			first.send('e');
			for (let waited = 0; !fs.existsSync(opened); waited++) {
				assert.ok(waited < 400, 'the editor opened');
				await delay(50);
			}

			const started = Date.now();
			const {stdout} = await lambdeck(serve.home, 'invoke', '--function-name', 'slow', path.join(scratch, 'slow.json'));
			const elapsed = Date.now() - started;
			assert.equal((JSON.parse(stdout) as {FunctionError?: string}).FunctionError, 'Unhandled');
			assert.ok(elapsed < 15_000, `the invoke ended at its 1 s timeout while the editor was open, not after the handler's 30 s (${elapsed} ms)`);
			const {events = []} = await serve.logs.send(new FilterLogEventsCommand({logGroupName: '/aws/lambda/slow', filterPattern: 'REPORT'}));
			const duration = Number(/Duration: ([\d.]+) ms/.exec(events.at(-1)?.message ?? '')?.[1]);
			assert.ok(duration >= 1000 && duration < 1500, `REPORT says ${duration} ms`);

			fs.writeFileSync(release, '');
			await first.see('Back from the editor');
			await first.see('"edited": true');
			second.send('q');
			remote.send('q');
			await quit(first);
			await Promise.all([second.see('EXITED 0'), remote.see('EXITED 0')]);
		} finally {
			tmux.close();
			// Consoles killed with the tmux server may still be writing their diagnostics into the serve's dir.
			await Promise.allSettled([serve.stop(), other.stop()]);
			for (const folder of [scratch, lonelyHome]) {
				fs.rmSync(folder, {recursive: true, force: true, maxRetries: 5});
			}
		}
	});

	const freePort = async () => new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});

	const motoMissing = spawnSync('python3', ['-c', 'import moto.server'], {stdio: 'ignore'}).status === 0 ? (hasCommand('aws') ? false : 'the AWS CLI is not installed') : 'python3 has no moto';

	test('attach > against moto, an endpoint with no event stream and no lambdeck calls, logs --follow polls CloudWatch Logs, and the console lists, polls and says what it lacks', {skip: skip || motoMissing}, async () => {
		const port = await freePort();
		const moto = execFile('python3', ['-m', 'moto.server', '-p', String(port)], {env: {...process.env, MOTO_DOCKER_NETWORK_MODE: 'none'}});
		moto.on('error', () => undefined);
		const endpoint = `http://127.0.0.1:${port}`;
		const tmux = openTmux();
		const home = temporaryFolder('lambdeck-moto-');
		const environment = {...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', LAMBDECK_HOME: home};
		try {
			for (let attempt = 0; ; attempt++) {
				const created = spawnSync('aws', ['--endpoint-url', endpoint, 'iam', 'create-role', '--role-name', 'lambda-role', '--assume-role-policy-document', '{}'], {env: environment});
				if (created.status === 0) {
					break;
				}

				assert.ok(attempt < 100, `moto never answered: ${created.stderr.toString()}`);
				await delay(100);
			}

			const code = path.join(home, 'code');
			fs.mkdirSync(code);
			fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => 1;\n');
			await run(process.execPath, [cliPath, 'create-function', '--endpoint-url', endpoint, '--function-name', 'on-moto', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', 'arn:aws:iam::123456789012:role/lambda-role', '--code-dir', code], {env: environment});

			// `logs --follow` polls CloudWatch Logs where there is no stream, as `aws logs tail --follow` does.
		const aws = (...args: string[]) => {
			const result = spawnSync('aws', ['--endpoint-url', endpoint, 'logs', ...args], {env: environment});
			assert.equal(result.status, 0, result.stderr.toString());
		};

		const putLine = (message: string) => aws('put-log-events', '--log-group-name', '/aws/lambda/on-moto', '--log-stream-name', 'stream', '--log-events', `timestamp=${Date.now()},message=${message}`);
		aws('create-log-group', '--log-group-name', '/aws/lambda/on-moto');
		aws('create-log-stream', '--log-group-name', '/aws/lambda/on-moto', '--log-stream-name', 'stream');
		putLine('before-follow');
		const follow = execFile(process.execPath, [cliPath, 'logs', 'on-moto', '--follow', '--endpoint-url', endpoint], {env: environment});
		let followed = '';
		follow.stdout!.on('data', (chunk: string) => {
			followed += chunk;
		});
		follow.on('error', () => undefined);
		try {
			for (let waited = 0; !followed.includes('stream before-follow'); waited++) {
				assert.ok(waited < 300, `logs --follow printed the line already there: ${followed}`);
				await delay(50);
			}

			putLine('while-following');
			for (let waited = 0; !followed.includes('stream while-following'); waited++) {
				assert.ok(waited < 300, `logs --follow printed the new line: ${followed}`);
				await delay(50);
			}
		} finally {
			follow.kill();
		}

		const pane = tmux.start('moto', `AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing ${consoleLine(home, `--endpoint-url ${endpoint} --region us-east-1`)}`);
			await pane.see(/● connected \(polling[\s\S]*on-moto/);
			pane.send('Enter');
			await pane.see('on-moto ›');
			pane.send('2');
			await pane.see('valid JSON');
			pane.send('n');
			pane.send('first', 'Enter');
			await pane.see(/does not keep saved test events/);
			await quit(pane);
		} finally {
			tmux.close();
			moto.kill();
			fs.rmSync(home, {recursive: true, force: true, maxRetries: 5});
		}
	});
});
