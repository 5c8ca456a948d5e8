import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {test, type TestContext} from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let sessions = 0;

type Terminal = {
	screen: () => string;
	/** The screen with its colour and attribute escapes, as `capture-pane -e` gives it. */
	styled: () => string;
	see: (text: string | RegExp) => Promise<string>;
	send: (...keys: string[]) => void;
	/** A tmux format about the console's pane, such as `#{alternate_on}`. */
	pane: (format: string) => string;
	/** Wait until the console has put the terminal in raw mode, so that every key, Ctrl-C too, reaches it. */
	ready: () => Promise<void>;
};

/**
Run the built console (with `args`) in a detached tmux session of the given size on a fresh data dir, then stop tmux and remove the dir. Skips the test when tmux or the build is missing.
*/
const withTerminal = async (t: TestContext, {args = [], columns, rows}: {args?: string[]; columns: number; rows: number}, body: (terminal: Terminal) => Promise<void>) => {
	if (!hasTmux) {
		t.skip('tmux not installed');
		return;
	}

	if (!fs.existsSync(cli)) {
		t.skip('dist/cli.js is not built; run npm run build');
		return;
	}

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-e2e-'));
	const server = `lambdeck-e2e-${process.pid}-${Date.now()}-${sessions++}`;
	const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', ['-L', server, ...tmuxArgs], {encoding: 'utf8'});
	const screen = () => tmux('capture-pane', '-p', '-t', 'console');
	const see = async (text: string | RegExp, timeoutMs = 10_000) => {
		const start = Date.now();
		for (;;) {
			const shown = screen();
			if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) {
				return shown;
			}

			if (Date.now() - start > timeoutMs) {
				throw new Error(`Timed out waiting for ${String(text)}. Screen:\n${shown}`);
			}

			await delay(100);
		}
	};

	try {
		const command = `CI=true LAMBDECK_HOME='${home}' '${process.execPath}' '${cli}'${args.map(arg => ` ${arg}`).join('')}; echo "LAMBDECK_EXITED $?"; sleep 600`;
		tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'console', '-x', String(columns), '-y', String(rows), command);
		await body({
			screen, see, styled: () => tmux('capture-pane', '-p', '-e', '-t', 'console'), send(...keys) {
				tmux('send-keys', '-t', 'console', ...keys);
			},
			pane: format => tmux('display-message', '-p', '-t', 'console', format).trim(),
			async ready() {
				const diagnostics = path.join(home, 'console.log');
				const start = Date.now();
				while (!(fs.existsSync(diagnostics) && fs.readFileSync(diagnostics, 'utf8').includes('keys ready'))) {
					if (Date.now() - start > 10_000) {
						throw new Error(`The console never said it was ready for keys. Screen:\n${screen()}`);
					}

					await delay(50);
				}
			},
		});
	} finally {
		spawnSync('tmux', ['-L', server, 'kill-server']);
		fs.rmSync(home, {recursive: true, force: true});
	}
};

test('console end to end > creates the examples on first run, invokes one, sees its REPORT in the logs pane and restores the terminal on quit', async t => {
	await withTerminal(t, {columns: 120, rows: 40}, async ({see, send, pane}) => {
		await see('No functions yet.');
		assert.equal(pane('#{alternate_on}'), '1', 'the console runs on the alternate screen');
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
		assert.equal(pane('#{alternate_on}'), '0', 'the terminal is back on the normal screen');
		assert.equal(pane('#{cursor_flag}'), '1', 'the cursor is visible again');
	});
});

test('console end to end > draws colours and the selection highlight in a terminal, even with CI set', async t => {
	await withTerminal(t, {columns: 120, rows: 40}, async ({see, send, styled}) => {
		await see('No functions yet.');
		send('E');
		await see('functions 4');
		await see(/custom-runtime +provided/);
		assert.match(styled(), /\u001B\[(?:\d+;)*7m[^\n]*custom-runtime/, 'the selected row is drawn in inverse video');
		send('j');
		await see('2/4');
		assert.match(styled(), /\u001B\[(?:\d+;)*7m[^\n]*hello-esm/, 'the highlight follows the selection');
		send('q');
		await see('LAMBDECK_EXITED 0');
	});
});

test('console end to end > Ctrl-C quits and restores the terminal; --readonly shows no changing actions', async t => {
	await withTerminal(t, {args: ['--readonly'], columns: 100, rows: 30}, async ({screen, see, send, pane, ready}) => {
		await see('[readonly]');
		await ready();
		assert.doesNotMatch(screen(), /create examples|<c> create|<x> delete/);
		send('C-c');
		await see('LAMBDECK_EXITED 0');
		assert.equal(pane('#{alternate_on}'), '0');
		assert.equal(pane('#{cursor_flag}'), '1');
	});
});
