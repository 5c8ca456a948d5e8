import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {hintsFor} from '../../source/ui/key-map.js';
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
