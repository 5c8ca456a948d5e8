import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, openClient, renderConsole} from './helpers.js';

test('function list > shows the functions with their configuration columns', async () => {
	const {client, close} = await openClient(['hello-node', 'hello-esm']);
	const ui = await renderConsole(client);
	try {
		await ui.see('hello-esm');
		assert.match(ui.frame(), /hello-node\s+nodejs20\.x\s+128\s+3s/);
		assert.match(ui.frame(), /functions 2/);
		assert.match(ui.frame(), /endpoint embedded/);
	} finally {
		ui.unmount();
		await close();
	}
});

test('function list > moves the selection with j/k, coalesced keys each counted', async () => {
	const {client, close} = await openClient(['hello-node', 'hello-esm', 'hello-python']);
	const ui = await renderConsole(client);
	try {
		await ui.see('hello-python');
		await ui.see('1/3');
		await ui.press('jj');
		await ui.see('3/3');
		await ui.press('k');
		await ui.see('2/3');
		await ui.press('g');
		await ui.see('1/3');
		await ui.press('G');
		await ui.see('3/3');
	} finally {
		ui.unmount();
		await close();
	}
});

test('function list > filters by name with /', async () => {
	const {client, close} = await openClient(['hello-node', 'hello-esm', 'hello-python']);
	const ui = await renderConsole(client);
	try {
		await ui.see('hello-python');
		await ui.press('/', 'py');
		await ui.see('matching /py');
		assert.doesNotMatch(ui.frame(), /hello-node/);
		assert.match(ui.frame(), /hello-python/);
		await ui.press(keys.enter);
		await ui.press(keys.escape);
		await ui.see('hello-node');
	} finally {
		ui.unmount();
		await close();
	}
});

test('function list > sorts by the next column with s', async () => {
	const {client, close} = await openClient(['hello-node', 'hello-esm']);
	const ui = await renderConsole(client);
	try {
		await ui.see('sorted by name');
		await ui.press('s');
		await ui.see('sorted by runtime');
		await ui.press('S');
		await ui.see('RUNTIME↓');
	} finally {
		ui.unmount();
		await close();
	}
});

test('function list > delete asks first with Cancel focused, and deletes on confirm', async () => {
	const {client, close} = await openClient(['hello-node']);
	const ui = await renderConsole(client);
	try {
		await ui.see('hello-node');
		await ui.press('x');
		await ui.see('Delete function hello-node?');
		await ui.press(keys.enter);
		await ui.see('1/1');
		assert.equal((await client.listAllFunctions()).length, 1, 'Enter on the focused Cancel keeps the function');
		await ui.press('x');
		await ui.see('Delete function hello-node?');
		await ui.press(keys.right, keys.enter);
		await ui.see('Delete hello-node: done');
		assert.equal((await client.listAllFunctions()).length, 0);
	} finally {
		ui.unmount();
		await close();
	}
});
