import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, withConsole} from './helpers.js';

const envTab = {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'env'} as const};

test('environment tab > the 4 KB error is shortened with the measured size, and the budget and unsaved lines stay on screen', async () => {
	await withConsole(envTab, async ({ui}) => {
		await ui.see('0 variables, 2 of 4096 bytes');
		await ui.press('a', 'BIG', keys.enter, 'x'.repeat(5000), keys.enter);
		await ui.see('exceeded the 4KB limit. String measured: {"BIG":"xxx');
		await ui.see('(5010 bytes)');
		await ui.press('s');
		await ui.see('Cannot save:');
		const frame = ui.frame();
		assert.match(frame, /Environment: 1 variable, 5010 of 4096 bytes \(914 over\)/);
		assert.match(frame, /1 unsaved change: fix the problem above to save, u to undo\./);
		assert.doesNotMatch(frame, /x{100}/, 'the measured string is not shown whole');
	});
});

test('environment tab > deleting the last row selects the new last row', async () => {
	await withConsole(envTab, async ({ui}) => {
		await ui.see('0 variables');
		await ui.press('a', 'ALPHA', keys.enter, '1', keys.enter);
		await ui.press('a', 'BRAVO', keys.enter, '2', keys.enter);
		await ui.press('a', 'CHARLIE', keys.enter, '3', keys.enter);
		await ui.see('3 variables');
		await ui.press('j', 'j', 'j');
		await ui.see('› CHARLIE');
		await ui.press('x');
		await ui.see('2 variables');
		await ui.see('› BRAVO');
	});
});
