import assert from 'node:assert/strict';
import {test} from 'node:test';
import {withConsole} from './helpers.js';

test('monitor tab > draws this minute\'s invocations and cold starts', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'monitor'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	}}, async ({ui, client}) => {
		await ui.see(/Invocations\s+█ total 1/);
		await ui.see(/Cold starts\s+█ total 1/);
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await ui.see(/Invocations\s+█ total 2/);
		assert.match(ui.frame(), /Errors\s+total 0/);
	});
});
