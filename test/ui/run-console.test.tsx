import '../helpers/interactive-terminal.js';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {test} from 'node:test';
import {runConsole} from '../../source/ui/run-console.js';
import {openClient} from './helpers.js';

class FakeStdout extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	written = '';
	write(chunk: string) {
		this.written += chunk;
		return true;
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	#queue: string[] = [];
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read() {
		return this.#queue.shift() ?? null;
	}

	type(text: string) {
		this.#queue.push(text);
		this.emit('readable');
	}
}

test('run console > takes the alternate screen, follows a resize, and gives the screen back on q', async () => {
	const {client, dataDir, close} = await openClient(['hello-node']);
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	try {
		const running = runConsole({client, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
		const waitFor = async (text: string) => {
			for (let tries = 0; !stdout.written.includes(text); tries++) {
				assert.ok(tries < 300, `never saw ${text}`);
				await delay(10);
			}
		};

		await waitFor('hello-node');
		console.log('stray output while the console runs');
		assert.ok(stdout.written.startsWith('\u001B[?1049h'), 'enters the alternate screen before drawing');
		const before = stdout.written.length;
		stdout.columns = 70;
		stdout.emit('resize');
		const lastHeader = () => stdout.written.slice(before).split('\n').map(line => line.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '')).findLast(line => line.startsWith('NAME'));
		for (let tries = 0; !(lastHeader() && lastHeader()!.length <= 70); tries++) {
			assert.ok(tries < 300, `never redrew at 70 columns; last header: ${lastHeader()}`);
			await delay(10);
		}

		stdin.type('q');
		await running;
		assert.ok(stdout.written.endsWith('\u001B[?25h\u001B[?1049l'), 'leaves the alternate screen and shows the cursor last');
		const diagnostics = fs.readFileSync(path.join(dataDir, 'console.log'), 'utf8');
		assert.ok(diagnostics.includes('console stopped'), 'diagnostics go to the data dir');
		assert.ok(diagnostics.includes('console.log: stray output while the console runs'), 'console output goes to the diagnostics file');
		assert.ok(!stdout.written.includes('stray output'), 'and not to the screen');
	} finally {
		await close();
	}
});
