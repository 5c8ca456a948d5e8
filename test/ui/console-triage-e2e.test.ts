import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {test} from 'node:test';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {zipFolder} from '../../source/store/artifacts.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
A data dir with 50 functions: 49 that answer at once, and `slow-27`, which sleeps 1.5 s under a 1 s timeout.
*/
const prepare = async (home: string) => {
	const quick = path.join(home, 'quick');
	const slow = path.join(home, 'slow');
	fs.mkdirSync(quick);
	fs.mkdirSync(slow);
	fs.writeFileSync(path.join(quick, 'index.js'), 'exports.handler = async () => ({ok: true});\n');
	fs.writeFileSync(path.join(slow, 'index.js'), "exports.handler = async () => { console.log('sleeping 1500 ms before answering'); await new Promise(resolve => setTimeout(resolve, 1500)); return {ok: true}; };\n");
	const client = await openLocalClient({dataDir: home});
	try {
		const zip = zipFolder(quick);
		for (let index = 0; index < 50; index++) {
			const name = index === 27 ? 'slow-27' : `fn-${String(index).padStart(2, '0')}`;
			await client.createFunction({
				FunctionName: name, Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Timeout: index === 27 ? 1 : 3,
				Code: {ZipFile: index === 27 ? zipFolder(slow) : zip},
			}, {SourceDir: index === 27 ? slow : quick});
		}
	} finally {
		await client.close();
	}
};

test('console triage in a terminal > the whole timeout message at 120x40, then find, fix and re-invoke the failing one of 50 in 10 keys at 80x24 and 60x20', async t => {
	if (!hasTmux) {
		t.skip('tmux not installed');
		return;
	}

	if (!fs.existsSync(cli)) {
		t.skip('dist/cli.js is not built; run npm run build');
		return;
	}

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-triage-'));
	const server = `lambdeck-triage-${process.pid}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, ...args], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', 'console');
	const see = async (text: string | RegExp, timeoutMs = 15_000) => {
		const start = Date.now();
		for (;;) {
			const shown = screen();
			if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) {
				return shown;
			}

			if (Date.now() - start > timeoutMs) {
				throw new Error(`Timed out waiting for ${String(text)}. Screen:\n${shown}`);
			}

			await delay(50);
		}
	};

	let keys = 0;
	const walk = (...sent: string[]) => {
		keys += sent.length;
		tmux('send-keys', '-t', 'console', ...sent);
	};

	const send = (...sent: string[]) => {
		tmux('send-keys', '-t', 'console', ...sent);
	};

	const resize = (columns: number, rows: number) => {
		tmux('resize-window', '-t', 'console', '-x', String(columns), '-y', String(rows));
	};

	try {
		await prepare(home);
		tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'console', '-x', '120', '-y', '40', `CI=true LAMBDECK_HOME='${home}' '${process.execPath}' '${cli}'; echo "LAMBDECK_EXITED $?"; sleep 600`);
		await see('1/50');

		// 120x40: the Test tab shows a timed-out invoke's whole error message.
		send(':', 'test slow-27', 'Enter');
		await see('lambdeck slow-27 › test');
		send('i');
		await see('Failed  FunctionError: Unhandled');
		// Beside the editor the result wraps; full screen (f) gives it the whole width.
		send('f');
		const failed = await see(/"errorMessage": "RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds"/);
		assert.match(failed, /"errorType": "Sandbox\.Timedout"/);
		send('f', ':', 'functions', 'Enter');
		await see(/\d+\/50/);

		// The walk, counted: find it, see why, raise the timeout, re-invoke, see it pass in the logs.
		resize(80, 24);
		walk('E');
		await see('ERR15M↓');
		await see(/✗ slow-27 failed \d+s ago: Sandbox\.Timedout: Task timed out after 1\.00 seconds/);
		resize(60, 20);
		walk('e');
		const detail = await see('lambdeck slow-27 › config');
		assert.match(detail, /Timeout \(s\) 1/, 'the form is legible at 60x20');
		walk('j', 'Enter', '5', 'Enter');
		await see('Timeout (s) 5 (was 1)');
		walk('s');
		await see('Save the configuration of slow-27?');
		walk('y');
		await see('Update configuration of slow-27: done');
		resize(80, 24);
		walk('i');
		await see('Status 200  Succeeded', 20_000);
		walk('6');
		// At 80 columns the log pane's compact line shows the function's own message.
		const logs = await see(/INFO sleeping 1500 ms before answering/);
		assert.match(logs, /[0-9a-f]{8} REPORT {2}Duration/);
		assert.ok(keys <= 10, `the walk took ${keys} keys`);
		t.diagnostic(`triage walk: ${keys} keys`);

		// Below 60x20 the console says it is too small, and comes back when the terminal grows.
		resize(50, 16);
		await see('The terminal is too small (50x16)');
		resize(60, 20);
		await see('lambdeck slow-27 › logs');
		send('q');
		await see('LAMBDECK_EXITED 0');
	} finally {
		// Quit as a person would, so the console stops the serve it started before its data dir goes.
		if (!screen().includes('LAMBDECK_EXITED')) {
			send('Escape', 'Escape', 'q');
			await see('LAMBDECK_EXITED', 10_000).catch(() => undefined);
		}

		spawnSync('tmux', ['-L', server, 'kill-server']);
		fs.rmSync(home, {recursive: true, force: true, maxRetries: 20, retryDelay: 100});
	}
});
