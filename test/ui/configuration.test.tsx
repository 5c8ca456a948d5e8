import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, withConsole} from './helpers.js';

test('configuration tab > says what Lambda would about timeout 901, then saves memory and timeout after showing the diff', async () => {
	await withConsole(async ({ui, client}) => {
		await ui.see('hello-node');
		await ui.press('e');
		await ui.see('Memory (MB)');
		await ui.press(keys.enter, keys.ctrlU, '256', keys.enter);
		await ui.see('(was 128)');
		await ui.press('j', keys.enter, keys.ctrlU, '901');
		await ui.see('Member must have value less than or equal to 900');
		await ui.see("Value '901' at 'timeout' failed to satisfy constraint");
		await ui.press(keys.backspace, keys.backspace, '0', keys.enter);
		await ui.see('(was 3)');
		assert.doesNotMatch(ui.frame(), /less than or equal to 900/);
		await ui.press('s');
		await ui.see('Save the configuration of hello-node?');
		assert.match(ui.frame(), /Memory \(MB\): 128 → 256/);
		assert.match(ui.frame(), /Timeout \(s\): 3 → 90/);
		await ui.press(keys.right, keys.enter);
		await ui.see('Update configuration of hello-node: done');
		const saved = await client.getFunctionConfiguration({FunctionName: 'hello-node'});
		assert.equal(saved.MemorySize, 256);
		assert.equal(saved.Timeout, 90);
		await ui.press(keys.escape);
		await ui.see(/hello-node\s+nodejs20\.x\s+256\s+90s/);
	});
});

test('configuration tab > asks before discarding unsaved edits', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'config'}}, async ({ui, client}) => {
		await ui.see('Memory (MB)');
		await ui.press(keys.enter, keys.ctrlU, '512', keys.enter);
		await ui.see('(was 128)');
		await ui.press('1');
		await ui.see('Discard unsaved edits?');
		await ui.press(keys.enter);
		await ui.see('(was 128)');
		await ui.press('1', keys.right, keys.enter);
		await ui.see('Code SHA-256');
		assert.equal((await client.getFunctionConfiguration({FunctionName: 'hello-node'})).MemorySize, 128);
	});
});

test('environment tab > adds a variable, shows the 4 KB budget and saves it', async () => {
	await withConsole(async ({ui, client}) => {
		await ui.see('hello-node');
		await ui.press('v');
		await ui.see('0 variables, 2 of 4096 bytes');
		await ui.press('a', 'GREETING', keys.enter, 'hi there', keys.enter);
		await ui.see('1 variable, 23 of 4096 bytes');
		await ui.press('a', 'AWS_REGION', keys.enter, 'x', keys.enter);
		await ui.see('Reserved keys used in this request: AWS_REGION');
		await ui.press('j', 'x');
		await ui.see('1 variable, 23 of 4096 bytes');
		await ui.press('s');
		await ui.see('Save the environment of hello-node?');
		await ui.press(keys.right, keys.enter);
		await ui.see('Update environment of hello-node: done');
		const saved = await client.getFunctionConfiguration({FunctionName: 'hello-node'});
		assert.deepEqual(saved.Environment?.Variables, {GREETING: 'hi there'});
	});
});

test('configuration tab > undo then a tab key in one burst leaves without asking; Ctrl-U in a burst clears', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'config'}}, async ({ui}) => {
		await ui.see('Memory (MB)');
		await ui.press(keys.enter);
		await ui.press(`${keys.ctrlU}4096`);
		await ui.see('Memory (MB) 4096');
		await ui.press(keys.enter);
		await ui.see('4096 (was 128)');
		await ui.press('u5');
		await ui.see('hello-node › env');
		assert.doesNotMatch(ui.frame(), /Discard unsaved edits/);
	});
});

test('configuration tab > a change made elsewhere updates untouched fields and keeps the user\'s edits', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'config'}}, async ({ui, client}) => {
		await ui.see('Memory (MB)');
		await ui.press(keys.enter, keys.ctrlU, '512', keys.enter);
		await ui.see('512 (was 128)');
		await client.updateFunctionConfiguration({FunctionName: 'hello-node', Timeout: 42, Description: 'changed by the CLI'});
		await ui.see('changed by the CLI');
		assert.match(ui.frame(), /Timeout \(s\) 42 /);
		assert.match(ui.frame(), /512 \(was 128\)/);
	});
});

test('configuration tab > a Cannot save error leaves the status line once the value is valid again', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'config'}}, async ({ui}) => {
		await ui.see('Memory (MB)');
		await ui.press('j', keys.enter, keys.ctrlU, '901', keys.enter, 's');
		await ui.see("Cannot save: Value '901' at 'timeout'");
		await ui.press(keys.enter, keys.backspace, keys.enter);
		await ui.see('(was 3)');
		assert.doesNotMatch(ui.frame(), /Cannot save|901/);
	});
});
