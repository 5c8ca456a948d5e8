import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {test} from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

test('console end to end > creates the examples on first run, invokes one, sees its REPORT in the logs pane and restores the terminal on quit', async t => {
	if (!hasTmux) {
		t.skip('tmux not installed');
		return;
	}

	if (!fs.existsSync(cli)) {
		t.skip('dist/cli.js is not built; run npm run build');
		return;
	}

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-e2e-'));
	const server = `lambdeck-e2e-${process.pid}-${Date.now()}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, ...args], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', 'console');
	const waitFor = async (check: (text: string) => boolean, what: string, timeoutMs = 10_000) => {
		const start = Date.now();
		for (;;) {
			const text = screen();
			if (check(text)) {
				return text;
			}

			if (Date.now() - start > timeoutMs) {
				throw new Error(`Timed out waiting for ${what}. Screen:\n${text}`);
			}

			await delay(100);
		}
	};

	const see = async (text: string | RegExp) => waitFor(shown => typeof text === 'string' ? shown.includes(text) : text.test(shown), String(text));
	const send = (...keys: string[]) => tmux('send-keys', '-t', 'console', ...keys);
	try {
		const command = `LAMBDECK_HOME='${home}' '${process.execPath}' '${cli}'; echo "LAMBDECK_EXITED $?"; sleep 600`;
		tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'console', '-x', '120', '-y', '40', command);
		await see('No functions yet.');
		assert.equal(tmux('display-message', '-p', '-t', 'console', '#{alternate_on}').trim(), '1', 'the console runs on the alternate screen');
		send('E');
		await see('functions 4');
		await see('hello-python');
		send('/', 'hello-node', 'Enter');
		await see(/1\/1 matching \/hello-node/);
		send('i');
		await see('valid JSON');
		send('i');
		await see('Status 200');
		await see('"message": "Hello, lambdeck!"');
		send('6');
		await see(/REPORT RequestId: \S+ {2}Duration/);
		send('q');
		const after = await see('LAMBDECK_EXITED 0');
		assert.doesNotMatch(after, /lambdeck functions|REPORT RequestId/, 'the console screen is gone');
		assert.equal(tmux('display-message', '-p', '-t', 'console', '#{alternate_on}').trim(), '0', 'the terminal is back on the normal screen');
		assert.equal(tmux('display-message', '-p', '-t', 'console', '#{cursor_flag}').trim(), '1', 'the cursor is visible again');
	} finally {
		spawnSync('tmux', ['-L', server, 'kill-server']);
		fs.rmSync(home, {recursive: true, force: true});
	}
});

test('console end to end > Ctrl-C quits and restores the terminal; --readonly shows no changing actions', async t => {
	if (!hasTmux) {
		t.skip('tmux not installed');
		return;
	}

	if (!fs.existsSync(cli)) {
		t.skip('dist/cli.js is not built; run npm run build');
		return;
	}

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-e2e-'));
	const server = `lambdeck-e2e-${process.pid}-${Date.now()}-c`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, ...args], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', 'console');
	const see = async (text: string) => {
		const start = Date.now();
		while (!screen().includes(text)) {
			if (Date.now() - start > 10_000) {
				throw new Error(`Timed out waiting for ${text}. Screen:\n${screen()}`);
			}

			await delay(100);
		}
	};

	try {
		const command = `LAMBDECK_HOME='${home}' '${process.execPath}' '${cli}' --readonly; echo "LAMBDECK_EXITED $?"; sleep 600`;
		tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'console', '-x', '100', '-y', '30', command);
		await see('[readonly]');
		assert.doesNotMatch(screen(), /create examples|<c> create|<x> delete/);
		tmux('send-keys', '-t', 'console', 'C-c');
		await see('LAMBDECK_EXITED 0');
		assert.equal(tmux('display-message', '-p', '-t', 'console', '#{alternate_on}').trim(), '0');
		assert.equal(tmux('display-message', '-p', '-t', 'console', '#{cursor_flag}').trim(), '1');
	} finally {
		spawnSync('tmux', ['-L', server, 'kill-server']);
		fs.rmSync(home, {recursive: true, force: true});
	}
});
