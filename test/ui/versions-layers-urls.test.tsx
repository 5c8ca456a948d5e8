import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {hintsFor} from '../../source/ui/key-map.js';
import {parseCommand} from '../../source/ui/lib/commands.js';
import {linePromptKey} from '../../source/ui/lib/line-prompt.js';
import {parseCreateUrl, parseHeaders, requestUrl} from '../../source/ui/lib/url-test.js';
import {nextQualifier, parseProvisioned, parseReserved} from '../../source/ui/views/concurrency-section.js';
import {attachLayer, detachLayer, layerChanges, moveLayer} from '../../source/ui/lib/layers.js';
import {eventually, openTestService, temporaryFolder} from '../helpers/functions.js';
import {keys, renderConsole} from './helpers.js';

/*
The console's versions, layers, concurrency and URL pieces on one in-process service, with real keypresses.
*/

let service: Awaited<ReturnType<typeof openTestService>>;
let work: string;

before(async () => {
	service = await openTestService();
	work = temporaryFolder('lambdeck-layers-ui-');
});

after(async () => {
	await service.dispose();
	fs.rmSync(work, {recursive: true, force: true});
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
	const {selected: _, ...typed} = prompt;
	assert.deepEqual(linePromptKey(prompt, key('4')), {kind: 'edit', prompt: {...typed, text: '4'}});
	assert.deepEqual(linePromptKey(prompt, key('backspace')), {kind: 'edit', prompt: {...typed, text: ''}});
	assert.deepEqual(linePromptKey(prompt, key('return')), {kind: 'submit'});
	assert.deepEqual(linePromptKey(prompt, key('escape')), {kind: 'cancel'});
	assert.deepEqual(linePromptKey(prompt, key('tab')), {kind: 'complete'});
	assert.ok(hintsFor(['concurrency'], true).length === 0, 'read-only mode offers no concurrency changes');
});

test('layers view > n publishes a version from a folder (tab completes the path), a attaches it and s saves the function\'s layers', async () => {
	fs.mkdirSync(path.join(work, 'greet-layer/nodejs/node_modules/greet'), {recursive: true});
	fs.writeFileSync(path.join(work, 'greet-layer/nodejs/node_modules/greet/index.js'), 'exports.greet = () => "hello from the layer";');
	await service.create('layered', {'index.js': 'exports.handler = async () => require("greet").greet();'});
	const ui = await renderConsole(service.client, {initialRoute: {view: 'layers', functionName: 'layered'}});
	try {
		await ui.see('No layers yet');
		await ui.press('n');
		await ui.see('Publish a layer version');
		await ui.press(keys.enter, 'greet', keys.enter, 'j', keys.enter, `${work}/greet-l`, keys.tab);
		await ui.see(`${work}/greet-layer/`);
		await ui.press(keys.enter, 's');
		await ui.see(/greet:1 +nodejs20\.x +x86_64 +\d+ B/);
		await ui.press('a');
		await ui.see('1. greet:1');
		await ui.press('s');
		await ui.see('Save the layers of layered?');
		await ui.press('y');
		assert.ok(await eventually(() => ui.frame().includes('Update the layers of layered: done')), ui.frame());
		const configuration = await service.client.getFunctionConfiguration({FunctionName: 'layered'});
		assert.deepEqual(configuration.Layers?.map(layer => layer.Arn), ['arn:aws:lambda:us-east-1:000000000000:layer:greet:1']);
		assert.equal((await service.invokeJson('layered')).json, 'hello from the layer');
	} finally {
		ui.unmount();
	}
});

test('layer keys > attaching replaces a version of the same layer or goes last; moves stay in the list; changes say before and after', () => {
	const arn = (name: string, version: number) => `arn:aws:lambda:us-east-1:000000000000:layer:${name}:${version}`;
	assert.deepEqual(attachLayer([arn('a', 1), arn('b', 1)], arn('a', 2)), [arn('a', 2), arn('b', 1)]);
	assert.deepEqual(attachLayer([arn('a', 1)], arn('c', 1)), [arn('a', 1), arn('c', 1)]);
	assert.deepEqual(moveLayer([arn('a', 1), arn('b', 1)], 0, 1), {arns: [arn('b', 1), arn('a', 1)], index: 1});
	assert.deepEqual(moveLayer([arn('a', 1), arn('b', 1)], 0, -1), {arns: [arn('a', 1), arn('b', 1)], index: 0});
	assert.deepEqual(detachLayer([arn('a', 1), arn('b', 1)], 0), [arn('b', 1)]);
	assert.deepEqual(layerChanges([arn('a', 1)], [arn('a', 1)]), []);
	assert.deepEqual(layerChanges([], [arn('a', 1)]), ['Before: no layers', 'After:  a:1']);
	assert.deepEqual(parseCommand('layers', false, {functionNames: ['f']}), {kind: 'navigate', route: {view: 'layers', functionName: undefined}});
	assert.deepEqual(parseCommand('layers', false, {functionNames: ['f'], current: 'f'}), {kind: 'navigate', route: {view: 'layers', functionName: 'f'}});
	assert.equal(parseCommand('layers nope', false, {functionNames: ['f']}).kind, 'error');
	assert.deepEqual(hintsFor(['function-layers'], false).map(hint => hint.keys), ['J', 'K', 'x', 's/ctrl+s', 'u', 'tab']);
});

test('url view > U opens the function URL, c creates one, and s sends a POST with headers and a body and shows the status, headers and body', async () => {
	await service.create('web', {'index.js': 'exports.handler = async event => ({statusCode: 201, headers: {"x-seen": event.headers["x-custom"] ?? ""}, body: JSON.stringify({method: event.requestContext.http.method, path: event.rawPath, query: event.rawQueryString, body: event.body})});'});
	const ui = await renderConsole(service.client, {initialRoute: {view: 'detail', functionName: 'web', tab: 'overview'}});
	try {
		await ui.see('none (U to create one)');
		await ui.press('U');
		await ui.see('No URL: press c to create one.');
		await ui.press('c', keys.enter);
		await ui.see(/\$LATEST +NONE +http/);
		await ui.press(keys.right, 'j', keys.enter, 'orders?id=7', keys.enter, 'j', keys.enter, 'x-custom: hello', keys.enter, 'j', keys.enter, '{"order":7}', keys.enter, 's');
		await ui.see('HTTP 201');
		await ui.see('x-seen: hello');
		await ui.see('"method": "POST"');
		await ui.see('"path": "/orders"');
		await ui.see('"query": "id=7"');
	} finally {
		ui.unmount();
	}
});

test('url keys > headers, the request address and the create line are read as typed', () => {
	assert.deepEqual(parseHeaders('Content-Type: application/json; x-a:1; broken'), {'content-type': 'application/json', 'x-a': '1'});
	assert.equal(requestUrl('http://h/lambda-url/abc/', '/orders?id=1'), 'http://h/lambda-url/abc/orders?id=1');
	assert.equal(requestUrl('http://h/lambda-url/abc/', 'x'), 'http://h/lambda-url/abc/x');
	assert.deepEqual(parseCreateUrl('NONE'), {qualifier: undefined, authType: 'NONE'});
	assert.deepEqual(parseCreateUrl('LIVE aws_iam'), {qualifier: 'LIVE', authType: 'AWS_IAM'});
	assert.ok('problem' in parseCreateUrl('LIVE open'));
	assert.deepEqual(parseCommand('url', false, {functionNames: ['web'], current: 'web'}), {kind: 'navigate', route: {view: 'url', functionName: 'web'}});
	assert.equal(parseCommand('url', false, {functionNames: ['web']}).kind, 'error');
});
