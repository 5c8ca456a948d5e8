import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {keys, withConsole} from './helpers.js';

test('test tab > invokes with a typed payload and shows the response and REPORT figures', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('hello-node');
		await ui.press('i');
		await ui.see('"message": "Hello, lambdeck!"', 10_000);
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
		await ui.see(/Memory \d+ of 128 MB/);
		await ui.see('Log tail');
		await ui.press('f', 'G');
		await ui.see(/REPORT RequestId/);
		assert.match(ui.frame(), /f or esc: back|Status 200/);
		await ui.press(keys.escape);
		await ui.see('✓ valid JSON');
	});
});

test('test tab > saves the payload as a test event and runs a DryRun', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}}, async ({ui, client}) => {
		await ui.see('valid JSON');
		await ui.press('n', 'ada-event', keys.enter);
		await ui.see('saved: ada-event');
		assert.deepEqual(Object.keys(await client.listTestEvents('hello-node')), ['ada-event']);
		await ui.press('t', 't');
		await ui.see('type DryRun');
		await ui.press('i');
		await ui.see('Status 204');
	});
});

test('test tab > e opens $EDITOR on the payload and takes what was saved', async () => {
	const previous = process.env.EDITOR;
	try {
		await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}, prepare({dataDir}) {
			const script = path.join(dataDir, 'fake-editor.mjs');
			fs.writeFileSync(script, "import fs from 'node:fs'; fs.writeFileSync(process.argv[2], '{\"name\": \"from-editor\"}\\n');\n");
			process.env.EDITOR = `'${process.execPath}' '${script}'`;
			delete process.env.VISUAL;
		}}, async ({ui}) => {
			await ui.see('valid JSON');
			await ui.press('e');
			await ui.see('{"name": "from-editor"}');
			await ui.press('i');
			await ui.see('"message": "Hello, from-editor!"');
		});
	} finally {
		process.env.EDITOR = previous;
	}
});

test('test tab > renames and deletes a saved test event', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}, async prepare({client}) {
		await client.saveTestEvent('hello-node', 'first', '{"name": "saved-one"}');
	}}, async ({ui, client}) => {
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
	});
});

test('test tab > shows a function error and the error body', async () => {
	await withConsole({examples: [], initialRoute: {view: 'detail', functionName: 'thrower', tab: 'test'}, async prepare({client, dataDir}) {
		const folder = path.join(dataDir, 'thrower');
		fs.mkdirSync(folder);
		fs.writeFileSync(path.join(folder, 'index.js'), "exports.handler = async () => { throw new Error('boom from handler'); };\n");
		const {packageCode} = await import('../../source/ui/lib/package-code.js');
		await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: 'thrower', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: packageCode(folder).zipFile}});
	}}, async ({ui}) => {
		await ui.see('valid JSON');
		await ui.press('i');
		await ui.see('FunctionError: Unhandled');
		await ui.see('"errorMessage": "boom from handler"');
	});
});

/**
The Test tab of hello-node with two saved test events, first and second.
*/
const withTwoSavedEvents: Parameters<typeof withConsole>[0] = {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}, async prepare({client}) {
		await client.saveTestEvent('hello-node', 'first', '{"name": "one"}');
		await client.saveTestEvent('hello-node', 'second', '{"name": "two"}');
	}};

test('test tab > renaming a test event onto an existing name is refused and keeps both events', async () => {
	await withConsole(withTwoSavedEvents, async ({ui, client}) => {
		await ui.see('saved: first, second');
		await ui.press('>');
		await ui.see('"name": "one"');
		await ui.press('r', 'second', keys.enter);
		await ui.see('a test event named second already exists');
		assert.deepEqual(await client.listTestEvents('hello-node'), {first: '{"name": "one"}', second: '{"name": "two"}'});
	});
});

test('test tab > save as starts empty and asks before overwriting another event, Cancel focused', async () => {
	await withConsole(withTwoSavedEvents, async ({ui, client}) => {
		await ui.see('saved: first, second');
		await ui.press('>');
		await ui.see('event first');
		await ui.press('n', 'third', keys.enter);
		await ui.see('saved: first, second, third');
		await ui.press('n', 'second', keys.enter);
		await ui.see('Overwrite the test event second?');
		await ui.press(keys.enter);
		assert.equal((await client.listTestEvents('hello-node')).second, '{"name": "two"}', 'Enter on the focused Cancel keeps the event');
	});
});

test('test tab > rename replaces the prefilled name with what is typed', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}, async prepare({client}) {
		await client.saveTestEvent('hello-node', 'first', '{"name": "one"}');
	}}, async ({ui, client}) => {
		await ui.see('saved: first');
		await ui.press('>');
		await ui.see('event first');
		await ui.press('r', 'renamed', keys.enter);
		await ui.see('saved: renamed');
		assert.deepEqual(Object.keys(await client.listTestEvents('hello-node')), ['renamed']);
	});
});

test('test tab > refuses event names that are empty or have characters Lambda does not allow', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}}, async ({ui, client}) => {
		await ui.see('valid JSON');
		await ui.press('n', 'my event!', keys.enter);
		await ui.see("Event name 'my event!' is not valid: use 1 to 25 letters, numbers, dots, hyphens and underscores.");
		await ui.press('n', keys.enter);
		await ui.see("Event name '' is not valid");
		await ui.press('n', 'a'.repeat(26), keys.enter);
		await ui.see('is not valid');
		assert.deepEqual(await client.listTestEvents('hello-node'), {});
		await ui.press('n', 'ok.name_1-2', keys.enter);
		await ui.see('saved: ok.name_1-2');
	});
});

test('test tab > the broken-JSON error leaves the status line once the payload parses again', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}}, async ({ui}) => {
		await ui.see('valid JSON');
		await ui.press(keys.enter, keys.ctrlU, '{"name": 1', keys.escape, 'i');
		await ui.see('The payload is not valid JSON');
		await ui.press(keys.enter, '}', keys.escape);
		await ui.see('✓ valid JSON');
		assert.doesNotMatch(ui.frame(), /The payload is not valid JSON/);
	});
});

test('test tab > keeps its payload, type and result across tab switches and visits, and asks before < > or T replace an edited payload', async () => {
	await withConsole({prepare: async ({client}) => {
		await client.saveTestEvent('hello-node', 'saved-one', '{"name": "Saved"}');
	}}, async ({ui}) => {
		await ui.see('hello-node');
		await ui.press('i');
		await ui.see('"message": "Hello, lambdeck!"', 10_000);
		await ui.press(keys.enter, keys.ctrlU, '{"name": "kept"}', keys.escape, 't');
		await ui.see('type Event');
		await ui.press('1');
		await ui.see('Description A CommonJS handler');
		assert.doesNotMatch(ui.frame(), /Discard unsaved edits/);
		await ui.press(keys.escape, keys.enter, '2');
		await ui.see('type Event');
		assert.match(ui.frame(), /"name": "kept"/);
		assert.match(ui.frame(), /Hello, lambdeck!/, 'the last result is still shown');
		await ui.press('>');
		await ui.see('Replace the edited payload?');
		await ui.press('n');
		await ui.see('(edited)');
		assert.match(ui.frame(), /"name": "kept"/);
		await ui.press('>', 'y');
		await ui.see('event saved-one');
		assert.match(ui.frame(), /"name": "Saved"/);
		await ui.press('T');
		await ui.see('template: API Gateway (REST)');
		assert.doesNotMatch(ui.frame(), /Replace the edited payload/, 'an untouched payload is replaced without asking');
		await ui.press('T');
		await ui.see('template: Function URL / HTTP API');
		await ui.see('"routeKey": "$default"');
	});
});
