import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {execFileSync} from 'node:child_process';
import type {LambdeckClient} from '../../source/client/client.js';
import {examplesFolder} from '../../source/ui/examples.js';
import {loaderArgs, ownModule} from '../helpers/own-modules.js';
import {compactLine, levelColor, parseLogLine} from '../../source/ui/views/log-line.js';
import {keys, withConsole} from './helpers.js';

/** Change a function's handler once its creation has settled (an update under way refuses another). */
const breakHandler = async (client: LambdeckClient) => {
	for (let attempt = 0; ; attempt++) {
		try {
			await client.updateFunctionConfiguration({FunctionName: 'hello-node', Handler: 'index.missing'});
			return;
		} catch (error) {
			if (attempt > 50 || !/update is in progress/.test(String(error))) {
				throw error;
			}

			await new Promise(resolve => setTimeout(resolve, 20));
		}
	}
};

test('triage > ? shows help over the view and no key reaches the view beneath until it closes', async () => {
	await withConsole(async ({ui, client}) => {
		await ui.see('1/1');
		await ui.press('?');
		await ui.see('Keys (esc or ? to close)');
		await ui.press('x', 'c', 'd', keys.enter, 'i');
		assert.doesNotMatch(ui.frame(), /Delete function|Create a function|Redeploy|Status 200/);
		await ui.press(keys.escape);
		await ui.see('1/1');
		assert.equal((await client.invocationRecords('hello-node')).length, 0, 'nothing was invoked');
	});
});

test('triage > below 60x20 the console says the terminal is too small, and draws again when it grows', async () => {
	await withConsole(async ({ui}) => {
		await ui.see('1/1');
		ui.resize(59, 30);
		await ui.see('The terminal is too small (59x30): lambdeck needs at least 60x20.');
		ui.resize(60, 20);
		await ui.see('1/1');
		await ui.press(keys.enter);
		await ui.see(/^lambdeck hello-node › overview/m);
		assert.ok(ui.frame().split('\n').every(line => line.length <= 60), 'nothing is wider than the terminal');
		assert.match(ui.frame(), / 1 Over {3}2 {3}3 /, 'the tab bar shortens instead of wrapping');
	});
});

test('triage > a failed invoke is an error in the @ log; an Event invoke reads Queued and then says how its run went', async () => {
	await withConsole({examples: ['hello-node'], initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'test'}, async prepare({client}) {
		await breakHandler(client);
	}}, async ({ui}) => {
		await ui.see('valid JSON');
		await ui.press('i');
		await ui.see('Failed  FunctionError: Unhandled');
		await ui.press('t');
		await ui.see('type Event');
		await ui.press('i');
		await ui.see('Status 202  Queued (Event)');
		await ui.see(/Ran: failed \(Runtime\.HandlerNotFound\)/);
		await ui.press('@');
		await ui.see(/error\s+Invoke hello-node \(RequestResponse\) — Runtime\.HandlerNotFound: index\.missing is undefined or not exported/);
		assert.match(ui.frame(), /ok\s+Invoke hello-node \(Event\)/);
	});
});

test('triage > / matches name, runtime and description, an exact name comes first, and / again replaces the filter', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm', 'hello-python'], async prepare({client}) {
		await client.updateFunctionConfiguration({FunctionName: 'hello-esm', Description: 'talks to hello-node'});
	}}, async ({ui}) => {
		await ui.see('1/3');
		await ui.press('/python', keys.enter);
		await ui.see('1/1 matching /python');
		await ui.press('/');
		await ui.see('type to replace');
		await ui.press('hello-node', keys.enter);
		await ui.see('1/2 matching /hello-node');
		const rows = ui.frame().split('\n').filter(line => /^hello-/.test(line));
		assert.match(rows[0]!, /^hello-node/, 'the exact name wins over a description that mentions it');
		assert.match(rows[1]!, /^hello-esm/);
	});
});

test('triage > the create form follows the runtime with its handler, says when a name is taken, and Tab completes the code path', async () => {
	await withConsole({initialRoute: {view: 'create'}}, async ({ui}) => {
		await ui.see('Create a function');
		await ui.press(keys.enter, 'hello-node', keys.enter);
		await ui.see('Function already exist: hello-node');
		await ui.press('j');
		for (let step = 0; step < 10 && !ui.frame().includes('python3.'); step++) {
			await ui.press(keys.right);
		}

		await ui.see(/Handler\s+lambda_function\.lambda_handler/);
		await ui.press('j', 'j', keys.enter, path.join(examplesFolder, 'hello-p'), keys.tab);
		await ui.see(`${path.join(examplesFolder, 'hello-python')}/`);
	});
});

test('triage > Invocations lists the recent requests; Enter shows one from START to REPORT with its error', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'invocations'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"first"}'});
		await breakHandler(client);
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	}}, async ({ui}) => {
		await ui.see('1/2');
		assert.match(ui.frame(), /failed\s+Runtime\.HandlerNotFound/);
		assert.match(ui.frame(), /ok\s+❄/);
		await ui.press('j', keys.enter);
		await ui.see('Logs, START to REPORT');
		await ui.see(/INFO\s+event \{"name":"first"\}/);
		await ui.see(/REPORT RequestId/);
		await ui.press(keys.escape, keys.enter);
		await ui.see('Failed: Runtime.HandlerNotFound');
		await ui.see('index.missing is undefined or not exported');
	});
});

test('triage > Environments lists the warm environment with its pid and invocations, and x stops it after asking', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'environments'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
		await client.invoke({FunctionName: 'hello-node', Payload: '{}'});
	}}, async ({ui, client}) => {
		await ui.see(/[0-9a-f]{8} \d+\s+\d+s\s+2\s+\d+MB\s+warm\s+\$LATEST/);
		await ui.press('x');
		await ui.see('Stop execution environment');
		await ui.press('y');
		await ui.see('No execution environments');
		assert.deepEqual(await client.listEnvironments!('hello-node'), []);
	});
});

test('triage > Environments says unavailable when the client cannot list them; y describes the function as get-function prints it', async () => {
	await withConsole({initialRoute: {view: 'detail', functionName: 'hello-node', tab: 'environments'}, prepare: ({client}) => ({...client, listEnvironments: undefined})}, async ({ui}) => {
		await ui.see('Execution environments: unavailable');
		await ui.press('y');
		await ui.see('hello-node › describe');
		await ui.see('"Configuration": {');
		assert.match(ui.frame(), / {8}"FunctionName": "hello-node",/);
	});
});

test('triage > : completes commands and function names with Tab, and :fn NAME opens the function', async () => {
	await withConsole({examples: ['hello-node', 'hello-esm']}, async ({ui}) => {
		await ui.see('1/2');
		await ui.press(':', 'f', keys.tab);
		await ui.see('functions  fn');
		await ui.press('n hello-e', keys.tab);
		await ui.see(':fn hello-esm');
		await ui.press(keys.enter);
		await ui.see('hello-esm › overview');
		await ui.press(':', 'monitor', keys.enter);
		await ui.see('hello-esm › monitor');
	});
});

test('triage > the logs pane shows compact lines below 120 columns, coloured by level, and c shows the full line', async () => {
	await withConsole({initialRoute: {view: 'logs', functionName: 'hello-node'}, async prepare({client}) {
		await client.invoke({FunctionName: 'hello-node', Payload: '{"name":"compact"}'});
	}}, async ({ui}) => {
		ui.resize(80, 24);
		await ui.see(/\d\d:\d\d:\d\d\.\d{3} [0-9a-f]{8} INFO event \{"name":"compact"\}/);
		await ui.press('c');
		await ui.see('full lines (c)');
		await ui.see(/\d{4}-\d\d-\d\dT[\d:.]+Z {2}[0-9a-f-]{36} {2}IN/);
	});
});

test('log lines > Node, Python, JSON and platform lines are read into request id, level and message', () => {
	const id = '0b5b1d1e-1c1c-4f4e-9a8e-3f3d3a3b3c3d';
	assert.deepEqual(parseLogLine(`2026-01-01T00:00:00.000Z\t${id}\tERROR\tboom`), {requestId: id, level: 'ERROR', message: 'boom'});
	assert.deepEqual(parseLogLine(`[WARNING]\t2026-01-01T00:00:00.000Z\t${id}\tcareful`), {requestId: id, level: 'WARNING', message: 'careful'});
	assert.deepEqual(parseLogLine(JSON.stringify({timestamp: '2026-01-01T00:00:00.000Z', level: 'INFO', requestId: id, message: {order: 1}})), {requestId: id, level: 'INFO', message: '{"order":1}'});
	assert.deepEqual(parseLogLine(`REPORT RequestId: ${id}\tDuration: 1.00 ms`), {requestId: id, message: 'REPORT\tDuration: 1.00 ms'});
	assert.equal(levelColor(`2026-01-01T00:00:00.000Z\t${id}\tERROR\tboom`), 'red');
	assert.equal(levelColor(`[WARNING]\t2026-01-01T00:00:00.000Z\t${id}\tcareful`), 'yellow');
	assert.equal(levelColor(`2026-01-01T00:00:01.000Z ${id} Task timed out after 1.00 seconds`), 'red');
	assert.deepEqual(compactLine(`2026-01-01T00:00:00.000Z\t${id}\tINFO\thello`), {head: '0b5b1d1e ', level: 'INFO', message: 'hello'});
});

test('NO_COLOR > leaves colours out but keeps inverse and bold', () => {
	const draw = (env: Record<string, string>) => JSON.parse(execFileSync(process.execPath, [...loaderArgs, ownModule(import.meta.dirname, 'fixtures/no-color-frame.tsx')], {encoding: 'utf8', env: {...process.env, ...env}})) as string;
	const plain = draw({NO_COLOR: '1'});
	assert.doesNotMatch(plain, /\u001B\[(?:3\d|4\d|9\d)m/, 'no colour codes');
	assert.match(plain, /\u001B\[7m/, 'inverse stays');
	assert.match(draw({NO_COLOR: ''}), /\u001B\[31m/, 'an empty NO_COLOR changes nothing');
});
