import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {keys, openClient, renderConsole} from './helpers.js';

test('test tab > invokes with a typed payload and shows the response and REPORT figures', async () => {
	const {client, close} = await openClient(['hello-node']);
	const ui = await renderConsole(client);
	try {
		await ui.see('hello-node');
		await ui.press('i');
		await ui.see('valid JSON');
		await ui.press(keys.enter, keys.ctrlU, '{"name": "Ada"', keys.escape);
		await ui.see('✗ JSON: line 1, column 15');
		await ui.press('i');
		await ui.see('The payload is not valid JSON');
		await ui.press(keys.enter, '}', keys.escape);
		await ui.see('✓ valid JSON');
		await ui.press('i');
		await ui.see('Status 200');
		await ui.see('"message": "Hello, Ada!"');
		await ui.see(/Duration \d+\.\d\d ms {2}Billed \d+ ms/);
		await ui.see(/Memory \d+ of 128 MB {2}Init \d+\.\d\d ms \(cold start\)/);
		await ui.see('Log tail');
		assert.match(ui.frame(), /REPORT RequestId/);
	} finally {
		ui.unmount();
		await close();
	}
});

test('test tab > saves the payload as a test event and runs a DryRun', async () => {
	const {client, close} = await openClient(['hello-node']);
	const ui = await renderConsole(client, {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}});
	try {
		await ui.see('valid JSON');
		await ui.press('n', 'ada-event', keys.enter);
		await ui.see('saved: ada-event');
		assert.deepEqual(Object.keys(await client.listTestEvents('hello-node')), ['ada-event']);
		await ui.press('t', 't');
		await ui.see('type DryRun');
		await ui.press('i');
		await ui.see('Status 204');
	} finally {
		ui.unmount();
		await close();
	}
});

test('test tab > e opens $EDITOR on the payload and takes what was saved', async () => {
	const {client, dataDir, close} = await openClient(['hello-node']);
	const script = path.join(dataDir, 'fake-editor.mjs');
	fs.writeFileSync(script, "import fs from 'node:fs'; fs.writeFileSync(process.argv[2], '{\"name\": \"from-editor\"}\\n');\n");
	const previous = process.env.EDITOR;
	process.env.EDITOR = `'${process.execPath}' '${script}'`;
	delete process.env.VISUAL;
	const ui = await renderConsole(client, {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}});
	try {
		await ui.see('valid JSON');
		await ui.press('e');
		await ui.see('{"name": "from-editor"}');
		await ui.press('i');
		await ui.see('"message": "Hello, from-editor!"');
	} finally {
		process.env.EDITOR = previous;
		ui.unmount();
		await close();
	}
});

test('test tab > renames and deletes a saved test event', async () => {
	const {client, close} = await openClient(['hello-node']);
	await client.saveTestEvent('hello-node', 'first', '{"name": "saved-one"}');
	const ui = await renderConsole(client, {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}});
	try {
		await ui.see('saved: first');
		await ui.press('>');
		await ui.see('"name": "saved-one"');
		await ui.press('r', keys.ctrlU, 'renamed', keys.enter);
		await ui.see('saved: renamed');
		assert.deepEqual(await client.listTestEvents('hello-node'), {renamed: '{"name": "saved-one"}'});
		await ui.press('D');
		await ui.see('Delete the test event renamed?');
		await ui.press(keys.right, keys.enter);
		await ui.see('saved: none');
		assert.deepEqual(await client.listTestEvents('hello-node'), {});
	} finally {
		ui.unmount();
		await close();
	}
});

test('monitor tab > draws this minute\'s invocations and cold starts', async () => {
	const {client, close} = await openClient(['hello-node']);
	await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	const ui = await renderConsole(client, {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'monitor'}});
	try {
		await ui.see(/Invocations\s+█ total 1/);
		await ui.see(/Cold starts\s+█ total 1/);
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await ui.see(/Invocations\s+█ total 2/);
		assert.match(ui.frame(), /Errors\s+total 0/);
	} finally {
		ui.unmount();
		await close();
	}
});
