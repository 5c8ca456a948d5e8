import assert from 'node:assert/strict';
import {test} from 'node:test';
import {openClient, renderConsole} from './helpers.js';

test('monitor tab > draws this minute\'s invocations and cold starts', async () => {
	const {client, close} = await openClient(['hello-node']);
	await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	const ui = await renderConsole(client, {initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'monitor'}});
	try {
		await ui.see(/Invocations\s+█ total 1/);
		await ui.see(/Cold starts\s+█ total 1/);
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await ui.see(/Invocations\s+█ total 2/);
		assert.match(ui.frame(), /Errors\s+total 0/);
	} finally {
		ui.unmount();
		await close();
	}
});
