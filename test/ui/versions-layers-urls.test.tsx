import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {hintsFor} from '../../source/ui/key-map.js';
import {linePromptKey} from '../../source/ui/lib/line-prompt.js';
import {nextQualifier, parseProvisioned, parseReserved} from '../../source/ui/views/concurrency-section.js';
import {openTestService} from '../helpers/functions.js';
import {renderConsole} from './helpers.js';

/*
The console's versions, layers, concurrency and URL pieces on one in-process service, with real keypresses.
*/

let service: Awaited<ReturnType<typeof openTestService>>;

before(async () => {
	service = await openTestService();
});

after(async () => {
	await service.dispose();
});

test('test tab > v picks an alias to invoke and the result says which version ran', async () => {
	await service.create('picked', {'index.js': 'exports.handler = async () => process.env.AWS_LAMBDA_FUNCTION_VERSION;'});
	await service.client.callOperation!('PublishVersion', {FunctionName: 'picked'});
	await service.client.callOperation!('CreateAlias', {FunctionName: 'picked', Name: 'LIVE', FunctionVersion: '1'});
	const ui = await renderConsole(service.client, {initialRoute: {view: 'detail', functionName: 'picked', tab: 'test'}});
	try {
		await ui.see('qualifier $LATEST');
		await ui.press('v');
		await ui.see('qualifier 1');
		await ui.press('v');
		await ui.see('qualifier LIVE');
		await ui.press('i');
		await ui.see('ExecutedVersion 1');
		await ui.see('"1"');
	} finally {
		ui.unmount();
	}
});

test('key map > the Test tab offers v for the version or alias', () => {
	assert.ok(hintsFor(['test'], false).some(hint => hint.keys === 'v' && hint.hint === 'version/alias'));
});

test('configuration tab > p provisions environments of a version, shown IN_PROGRESS then READY with what is allocated', async () => {
	await service.create('warm', {'index.js': 'exports.handler = async () => 1;'});
	await service.client.callOperation!('PublishVersion', {FunctionName: 'warm'});
	const ui = await renderConsole(service.client, {initialRoute: {view: 'detail', functionName: 'warm', tab: 'config'}});
	try {
		await ui.see('No provisioned concurrency.');
		await ui.press('p');
		await ui.see('Provisioned: VERSION/ALIAS COUNT');
		await ui.press('1 2', '\r');
		await ui.see(/1 +READY +2\/2 allocated/);
		await ui.press('c', '7', '\r');
		await ui.see('reserved 7');
	} finally {
		ui.unmount();
	}
});

const key = (name: string) => ({name, ...(name.length === 1 ? {char: name} : {})});

test('concurrency keys > QUALIFIER COUNT and reserved counts are read, tab steps through qualifiers, a prefilled prompt is replaced by typing', () => {
	assert.deepEqual(parseProvisioned('LIVE 5'), {qualifier: 'LIVE', count: 5});
	assert.deepEqual(parseProvisioned('2=0'), {qualifier: '2', count: 0});
	assert.ok('problem' in parseProvisioned('LIVE'));
	assert.deepEqual(parseReserved(''), {});
	assert.deepEqual(parseReserved('10'), {count: 10});
	assert.ok('problem' in parseReserved('ten'));
	assert.equal(nextQualifier('', ['$LATEST', '1', 'LIVE']), '1 ');
	assert.equal(nextQualifier('1 3', ['$LATEST', '1', 'LIVE']), 'LIVE 3');
	const prompt = {purpose: 'reserved', label: 'Reserved', text: '10', selected: true};
	assert.deepEqual(linePromptKey(prompt, key('4')), {kind: 'edit', prompt: {...prompt, text: '4', selected: false}});
	assert.deepEqual(linePromptKey(prompt, key('backspace')), {kind: 'edit', prompt: {...prompt, text: '', selected: false}});
	assert.deepEqual(linePromptKey(prompt, key('return')), {kind: 'submit'});
	assert.deepEqual(linePromptKey(prompt, key('escape')), {kind: 'cancel'});
	assert.deepEqual(linePromptKey(prompt, key('tab')), {kind: 'complete'});
	assert.ok(hintsFor(['concurrency'], true).length === 0, 'read-only mode offers no concurrency changes');
});
