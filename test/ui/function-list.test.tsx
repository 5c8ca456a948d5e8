import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {LambdeckClient} from '../../source/client/client.js';
import type {FunctionConfiguration} from '../../source/core/types.js';
import {createExample, listExamples} from '../../source/ui/examples.js';
import {applyFunctionChanges} from '../../source/ui/lib/function-changes.js';
import {keys, waitFor, withConsole} from './helpers.js';

test('function list > shows the functions with their configuration columns', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm']}, async ({ui}) => {
		await ui.see('hello-esm');
		assert.match(ui.frame(), /hello-node\s+nodejs20\.x\s+128\s+3s/);
		assert.match(ui.frame(), /functions 2/);
		assert.match(ui.frame(), /endpoint embedded/);
	});
});

test('function list > moves the selection with j/k, coalesced keys each counted', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python']}, async ({ui}) => {
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
	});
});

test('function list > filters by name with /, typed in one burst', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python']}, async ({ui}) => {
		await ui.see('hello-python');
		await ui.press('/py');
		await ui.see('matching /py');
		assert.doesNotMatch(ui.frame(), /hello-node/);
		assert.match(ui.frame(), /hello-python/);
		await ui.press(keys.enter);
		await ui.press(keys.escape);
		await ui.see('hello-node');
	});
});

test('function list > direct sort keys sort by their column, numbers biggest first, again reverses, and the direction shows', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python']}, async ({ui, client}) => {
		await ui.see('sorted by name↑');
		await client.updateFunctionConfiguration({FunctionName: 'hello-esm', Timeout: 30});
		await ui.see(/hello-esm .* 30s/);
		await ui.press('T');
		await ui.see('sorted by timeout↓');
		assert.match(ui.frame(), /TIMEOUT↓/);
		assert.ok(ui.frame().indexOf('hello-esm') < ui.frame().indexOf('hello-node'), 'the longest timeout comes first');
		await ui.see('1/3');
		await ui.press('T');
		await ui.see('sorted by timeout↑');
		await ui.press('R');
		await ui.see('sorted by runtime↑');
	});
});

test('function list > LAST shows the last status and ERR15M the recent errors; E puts the failing function first with its error under the list', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python']}, async ({ui, client}) => {
		await ui.see('1/3');
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await client.updateFunctionConfiguration({FunctionName: 'hello-python', Handler: 'missing.handler'});
		await client.invoke({FunctionName: 'hello-python', Payload: '{}'});
		await ui.press('E');
		await ui.see('ERR15M↓');
		await ui.see(/hello-python .*import\s+1/);
		assert.match(ui.frame(), /hello-node .* ok\s+0/);
		await ui.see(/✗ hello-python failed \d+s ago: Runtime.ImportModuleError: Unable to import module 'missing'/);
	});
});

test('function list > delete asks first with Cancel focused, and deletes on confirm', async () => {
	await withConsole(async ({ui, client}) => {
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
	});
});

test('function list > draws only the visible rows of 2,000 functions and stays quick', async () => {
	await withConsole({async prepare({client}): Promise<LambdeckClient> {
		const [template] = await client.listAllFunctions();
		const many = Array.from({length: 2000}, (_, index) => ({...template!, FunctionName: `fn-${String(index).padStart(4, '0')}`}));
		return {...client, listAllFunctions: async () => many};
	}}, async ({ui}) => {
		await ui.see('1/2000');
		assert.ok(ui.frame().split('\n').length <= 23, 'the frame fits the 24-row terminal');
		assert.equal(ui.frame().match(/fn-\d{4}/g)?.length, 24 - 1 - 3 - 1 - 2, 'one row per visible line, no more');
		const start = Date.now();
		await ui.press('G');
		await ui.see('2000/2000');
		await ui.see('fn-1999');
		await ui.press('/', '1234', keys.enter);
		await ui.see('1/1 matching /1234');
		assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
	});
});

test('function list > d asks, then redeploys from the source folder', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('hello-node');
		await ui.press('d');
		await ui.see('Redeploy hello-node?');
		await ui.press('n');
		await ui.see('1/1');
		await ui.press('d', 'y');
		await ui.see('Redeploy hello-node: done');
	});
});

/** The client with its function listings counted; without the configuration, function events look as an older service sent them. */
const countingListings = (client: LambdeckClient, listings: {count: number}, {withoutConfiguration = false} = {}): LambdeckClient => ({
	...client,
	async listAllFunctions() {
		listings.count++;
		return client.listAllFunctions();
	},
	subscribe: listener => client.subscribe(event => {
		listener(withoutConfiguration && event.type === 'function' ? {...event, configuration: undefined} : event);
	}),
});

test('function list > applies function events in place and lists the functions only once', async () => {
	const listings = {count: 0};
	await withConsole({prepare: ({client}) => countingListings(client, listings)}, async ({ui, client}) => {
		await ui.see('1/1');
		await createExample(client, listExamples().find(example => example.name === 'hello-esm')!);
		await ui.see('1/2');
		assert.ok(ui.frame().indexOf('hello-esm') < ui.frame().indexOf('hello-node'), 'a new function takes its place by name');
		await client.updateFunctionConfiguration({FunctionName: 'hello-node', MemorySize: 256});
		await ui.see(/hello-node\s+nodejs20\.x\s+256/);
		await client.deleteFunction({FunctionName: 'hello-esm'});
		await ui.see('1/1');
		assert.doesNotMatch(ui.frame(), /hello-esm/);
		assert.equal(listings.count, 1);
	});
});

test('function list > lists the functions again when an event comes without the configuration', async () => {
	const listings = {count: 0};
	await withConsole({prepare: ({client}) => countingListings(client, listings, {withoutConfiguration: true})}, async ({ui, client}) => {
		await ui.see('1/1');
		await createExample(client, listExamples().find(example => example.name === 'hello-esm')!);
		await ui.see('1/2');
		await waitFor(() => listings.count >= 2);
	});
});

test('function changes > keep the list sorted by name: replace, insert, delete', () => {
	const fn = (name: string, memory = 128) => ({FunctionName: name, MemorySize: memory}) as FunctionConfiguration;
	const list = [fn('alpha'), fn('charlie'), fn('echo')];
	assert.equal(applyFunctionChanges(list, new Map()), list, 'no changes give the same list back');
	const next = applyFunctionChanges(list, new Map([['delta', fn('delta')], ['charlie', fn('charlie', 256)], ['alpha', undefined], ['bravo', fn('bravo')], ['zulu', undefined]]));
	assert.deepEqual(next.map(item => `${item.FunctionName}:${item.MemorySize}`), ['bravo:128', 'charlie:256', 'delta:128', 'echo:128']);
	assert.deepEqual(list.map(item => item.FunctionName), ['alpha', 'charlie', 'echo'], 'the old list is left as it was');
});

test('function list > coming back from a function keeps that function selected, so x offers to delete it', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm']}, async ({ui}) => {
		await ui.see('1/2');
		await ui.press('j');
		await ui.see('2/2');
		await ui.press(keys.enter);
		await ui.see('hello-node › overview');
		await ui.press(keys.escape);
		await ui.see('2/2');
		await ui.press('x');
		await ui.see('Delete function hello-node?');
		await ui.press(keys.escape);
		await ui.press('c');
		await ui.see('Create a function');
		await ui.press(keys.escape);
		await ui.see('2/2');
		await ui.press('x');
		await ui.see('Delete function hello-node?');
	});
});

test('function list > a sort key selects the top row; after that the selection follows its function when the order changes', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python']}, async ({ui, client}) => {
		await ui.see('1/3');
		await client.updateFunctionConfiguration({FunctionName: 'hello-esm', MemorySize: 1024});
		await ui.see(/hello-esm\s+nodejs22\.x\s+1024/);
		await ui.press('G');
		await ui.see('3/3');
		await ui.press('M');
		await ui.see('1/3  sorted by mem↓');
		await ui.press('j');
		await ui.see('2/3');
		// Ties fall in reverse name order when descending: hello-esm (1024), hello-python, hello-node.
		await client.updateFunctionConfiguration({FunctionName: 'hello-python', MemorySize: 2048});
		await ui.see(/hello-python\s+python3\.12\s+2048/);
		await ui.see('1/3');
		await ui.press('x');
		await ui.see('Delete function hello-python?');
	});
});
