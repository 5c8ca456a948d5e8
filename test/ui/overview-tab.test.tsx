import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fitTableRows} from '../../source/ui/components/fit-table.js';
import {waitFor, withConsole} from './helpers.js';

const overview = {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'overview'} as const};

for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
	test(`overview tab > its tables fit a ${columns}x${rows} terminal, one line per table row`, async () => {
		await withConsole(overview, async ({ui, client}) => {
			await ui.see('Source folder');
			ui.resize(columns, rows);
			const [configuration] = await client.listAllFunctions();
			const tooWide = () => ui.frame().split('\n').filter(line => line.length > columns);
			await waitFor(() => tooWide().length === 0, () => `lines wider than ${columns}:\n${tooWide().join('\n')}`);
			assert.match(ui.frame(), /Code size.*Code SHA-256.*Last modified/);
			assert.match(ui.frame(), /Runtime.*Handler.*Memory.*Timeout.*State.*Env vars/);
			await ui.see(/│ Active +│/);
			const sha = configuration!.CodeSha256;
			const row = ui.frame().split('\n').find(line => line.includes(sha.slice(0, 8)));
			assert.match(row ?? '', /^│ \d+ B +│ [^│]+ │ \d{4}-\d\d-\d\dT[^│]+ │$/, 'the Code row is one line with its three cells');
			if (columns >= 120) {
				assert.ok(row!.includes(sha), 'the whole SHA shows when there is room');
			} else {
				assert.ok(row!.includes('…'), 'the SHA is cut with …');
			}
		});
	});
}

test('overview tab > fitting a table cuts the widest values first and gives up when titles alone do not fit', () => {
	const rows = [{Short: 'a', Long: 'x'.repeat(40)}];
	const fitted = fitTableRows(rows, 30)!;
	assert.equal(fitted[0]!.Short, 'a');
	assert.equal(fitted[0]!.Long, `${'x'.repeat(17)}…`);
	assert.deepEqual(fitTableRows(rows, 100), rows);
	assert.equal(fitTableRows(rows, 10), undefined);
});

test('overview tab > shows the reserved concurrency, and a reservation as it is made', async () => {
	await withConsole(overview, async ({ui, client}) => {
		await ui.see('Reserved concurrency none');
		client.service.tagsAndConcurrency.putFunctionConcurrency({FunctionName: 'hello-node', ReservedConcurrentExecutions: 2});
		await ui.see('Reserved concurrency 2');
	});
});
