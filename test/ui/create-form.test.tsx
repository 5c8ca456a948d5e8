import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {examplesFolder} from '../../source/ui/examples.js';
import {keys, withConsole} from './helpers.js';

test('first run > offers to create the examples when there are no functions', async () => {
	await withConsole({examples: []}, async ({ui, client}) => {
		await ui.see('No functions yet.');
		await ui.see('hello-node, hello-esm');
		await ui.press('E');
		await ui.see('Create the examples: done', 10_000);
		const names = (await client.listAllFunctions()).map(fn => fn.FunctionName).sort();
		assert.deepEqual(names, ['custom-runtime', 'hello-esm', 'hello-node', 'hello-python']);
		await ui.see('1/4');
	});
});

test('create form > validates as you type and creates a function from a folder', async () => {
	await withConsole({examples: [], initialRoute: {view: 'create'}}, async ({ui, client}) => {
		await ui.see('Create a function');
		await ui.see('Name: a function needs a name.');
		await ui.press(keys.enter, 'my fn', keys.enter);
		await ui.see("Value 'my fn' at 'functionName' failed to satisfy constraint");
		await ui.press(keys.enter, keys.backspace, keys.backspace, keys.backspace, '-fn', keys.enter);
		await ui.see('my-fn');
		await ui.press('j', keys.right);
		await ui.see('nodejs18.x');
		await ui.press(keys.left, 'j', 'j', keys.enter, path.join(examplesFolder, 'hello-node'), keys.enter);
		await ui.press('j', keys.enter, keys.ctrlU, '64', keys.enter);
		await ui.see("Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
		await ui.press(keys.enter, keys.ctrlU, '256', keys.enter);
		await ui.see('Ready: press s to create.');
		await ui.press('s');
		await ui.see('Create my-fn: done');
		await ui.see('my-fn › overview');
		const created = await client.getFunctionConfiguration({FunctionName: 'my-fn'});
		assert.equal(created.Runtime, 'nodejs20.x');
		assert.equal(created.MemorySize, 256);
		assert.equal((await client.getFunctionExtras('my-fn')).SourceDir, path.join(examplesFolder, 'hello-node'));
	});
});

test('create form > the runtime picker offers only runtimes this machine can run', async () => {
	await withConsole({examples: [], initialRoute: {view: 'create'}}, async ({ui, client}) => {
		const runnable = (await client.listRuntimes()).map(support => support.Runtime);
		assert.ok(runnable.includes('nodejs20.x') && runnable.includes('provided.al2023'));
		assert.ok(!runnable.includes('java21'));
		await ui.see('Create a function');
		await ui.press('j');
		const shown = new Set<string>();
		for (let press = 0; press < runnable.length + 2; press++) {
			await ui.press(keys.right);
			const runtime = /Runtime\s+([\w.]+)/.exec(ui.frame())?.[1];
			if (runtime) {
				shown.add(runtime);
			}
		}

		assert.deepEqual([...shown].sort(), [...runnable].sort());
	});
});
