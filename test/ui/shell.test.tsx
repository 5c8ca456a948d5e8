import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {resourceConflict} from '../../source/core/errors.js';
import {examplesFolder} from '../../source/ui/examples.js';
import {keys, waitFor, withConsole} from './helpers.js';

test('shell > readonly hides every changing action and refuses their keys', async () => {
	await withConsole({readonly: true}, async ({ui}) => {
		await ui.see('hello-node');
		await ui.see('[readonly]');
		for (const hint of ['<c> create', '<i> invoke', '<e> edit config', '<x> delete', '<d> redeploy', '<v> env vars']) {
			assert.ok(!ui.frame().includes(hint), `${hint} is hidden`);
		}

		assert.match(ui.frame(), /<l> logs/);
		await ui.press('x');
		await ui.press('c');
		assert.doesNotMatch(ui.frame(), /Delete function|Create a function/);
		await ui.press(keys.enter, '4');
		await ui.see('Read-only: editing is off.');
		await ui.press(keys.enter, '9');
		assert.doesNotMatch(ui.frame(), /Typing into/);
		await ui.press('2');
		await ui.see('Read-only: invoking is off.');
		await ui.press('i');
		await ui.see(/Read-only: invoking is off\.\s*$/);
		assert.doesNotMatch(ui.frame(), /Status 200/);
	});
});

test('shell > : jumps to views and ? lists the keys of the current view', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('hello-node');
		await ui.press(':', 'logs', keys.enter);
		await ui.see('lambdeck logs');
		await ui.press(':', 'ops', keys.enter);
		await ui.see('Nothing run yet.');
		await ui.press(':functions', keys.enter);
		await ui.see('1/1');
		await ui.press(':nope', keys.enter);
		await ui.see('Unknown command :nope');
		await ui.press('?');
		await ui.see('Keys (esc or ? to close)');
		assert.match(ui.frame(), /x delete/);
		assert.match(ui.frame(), /j\/down down/);
		await ui.press(keys.escape);
		await ui.see('1/1');
	});
});

test('shell > errors from the client are shown in full in the status line and the @ log', async () => {
	// Another terminal creates the same name between the form's check and its save.
	await withConsole({initialRoute: {view: 'create'}, prepare: ({client}) => ({...client, async createFunction() {
		throw resourceConflict('Function already exist: brand-new');
	}})}, async ({ui}) => {
		await ui.see('Create a function');
		await ui.press(keys.enter, 'brand-new', keys.enter, 'j', 'j', 'j', keys.enter, '/nonexistent-folder', keys.enter);
		await ui.see('Code: /nonexistent-folder does not exist.');
		await ui.press('s');
		await ui.see('Cannot create: Code: /nonexistent-folder does not exist.');
		await ui.press(keys.enter, keys.ctrlU, path.join(examplesFolder, 'hello-node'), keys.enter, 's');
		await ui.see(/Create brand-new failed: ResourceConflictException: Function already exist: brand-new/);
		await ui.press(keys.escape, '@');
		await ui.see(/error\s+Create brand-new — ResourceConflictException: Function already exist: brand-new/);
	});
});

test('shell > q quits', async () => {
	await withConsole({examples: [], readonly: true}, async ({ui}) => {
		await ui.see('functions 0');
		assert.ok(ui.stdin.listenerCount('readable') > 0, 'the console reads keys while it runs');
		await ui.press('q');
		// Ink stops reading stdin when the app exits.
		await waitFor(() => ui.stdin.listenerCount('readable') === 0, ui.frame);
	});
});

test('shell > keys that arrive in one burst after a view change reach the new view', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('1/1');
		await ui.press(`\r4\r${keys.ctrlU}2000\r`);
		await ui.see('hello-node › config');
		await ui.see('2000 (was 128)');
	});
});

test('shell > readonly list keys say in the status line what is off, and :create is refused as read-only', async () => {
	await withConsole({readonly: true}, async ({ui}) => {
		await ui.see('1/1');
		const said = [['x', 'deleting'], ['c', 'creating functions'], ['d', 'redeploying'], ['e', 'editing the configuration'], ['v', 'editing environment variables']];
		for (const [key, what] of said) {
			await ui.press(key!);
			await ui.see(new RegExp(`Read-only: ${what} is off\\.\\s*$`));
		}

		await ui.press(':', 'create', keys.enter);
		await ui.see(/Read-only: creating functions is off\.\s*$/);
		assert.doesNotMatch(ui.frame(), /Unknown command|Create a function/);
	});
});

test('shell > a command error clears on the next move to another view', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('1/1');
		await ui.press(':foo', keys.enter);
		await ui.see('Unknown command :foo');
		await ui.press('j');
		await ui.see('Unknown command :foo');
		await ui.press(keys.enter);
		await ui.see('hello-node › overview');
		assert.doesNotMatch(ui.frame(), /Unknown command/);
	});
});

test('shell > the header says plainly when functions run unisolated in process mode', async () => {
	await withConsole({examples: [], prepare: ({client}) => ({...client, sandbox: 'process' as const})}, async ({ui}) => {
		await ui.see('[process mode: no isolation]');
	});
	await withConsole({examples: [], prepare: ({client}) => ({...client, sandbox: 'bubblewrap' as const})}, async ({ui}) => {
		await ui.see('functions 0');
		assert.doesNotMatch(ui.frame(), /no isolation/);
	});
});
