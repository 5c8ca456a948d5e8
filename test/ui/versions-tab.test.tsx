import assert from 'node:assert/strict';
import {test} from 'node:test';
import {aliasRouting, nextShift} from '../../source/ui/views/versions-tab.js';
import {withConsole} from './helpers.js';

test('versions tab > lists versions and aliases with the versions each runs, and p publishes $LATEST', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'versions'}}, async ({ui, client}) => {
		await ui.see('Versions (0 published)');
		await ui.see('No aliases.');
		await ui.press('p');
		await ui.see('Versions (1 published)');
		await client.service.versions.publishVersion({FunctionName: 'hello-node'});
		client.service.aliases.createAlias({FunctionName: 'hello-node', Name: 'LIVE', FunctionVersion: '1'});
		await client.updateFunctionConfiguration({FunctionName: 'hello-node', Description: 'changed'});
		await ui.see('LIVE → 1');
		await client.updateFunctionConfiguration({FunctionName: 'hello-node', Description: 'changed again'});
		await client.service.settleAll();
		await ui.press('p');
		await ui.see('Versions (2 published)');
		await ui.press('l');
		await ui.see('live → 2');
		await ui.press('j');
		await ui.press('w');
		await ui.see('LIVE → 1 (90%) + 2 (10%)');
		await ui.press('w');
		await ui.see('LIVE → 1 (50%) + 2 (50%)');
	});
});

test('versions tab > an alias with a routing config shows both versions and their shares', () => {
	assert.equal(aliasRouting({Name: 'LIVE', FunctionVersion: '1', RoutingConfig: {AdditionalVersionWeights: {2: 0.25}}}), '1 (75%) + 2 (25%)');
	assert.equal(aliasRouting({Name: 'LIVE', FunctionVersion: '3'}), '3');
	assert.deepEqual(nextShift({Name: 'LIVE', FunctionVersion: '1', RoutingConfig: {AdditionalVersionWeights: {2: 0.9}}}, '2'), {FunctionVersion: '2', RoutingConfig: {AdditionalVersionWeights: {}}}, 'after 90% the alias moves whole');
});
