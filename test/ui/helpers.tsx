import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {render} from 'ink-testing-library';
import type {LambdeckClient, ServiceEvent, ServiceListener} from '../../source/client/client.js';
import {openLocalClient} from '../../source/client/local-client.js';
import {App} from '../../source/ui/app.js';
import type {Route} from '../../source/ui/console-context.js';
import {createExample, listExamples} from '../../source/ui/examples.js';

/** Keys as a terminal sends them. */
export const keys = {
	up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C', enter: '\r', escape: '\u001B', backspace: '\u007F', tab: '\t', ctrlU: '\u0015',
};

/**
Wait until a check passes, polling; fail with the last frame when it does not within the time.
*/
export const waitFor = async (check: () => boolean, describe: () => string = () => '', timeoutMs = 5000) => {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) {
			throw new Error(`waitFor timed out. Last frame:\n${describe()}`);
		}

		await delay(10);
	}
};

/**
A real embedded client on a fresh temp data dir, with the named examples created from the package's examples folder.
*/
export const openClient = async (exampleNames: string[] = ['hello-node']) => {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-ui-'));
	const client = await openLocalClient({dataDir});
	for (const example of listExamples().filter(candidate => exampleNames.includes(candidate.name))) {
		await createExample(client, example);
	}

	return {
		client, dataDir, async close() {
			await client.close();
			fs.rmSync(dataDir, {recursive: true, force: true});
		},
	};
};

/**
Render the console on a client and give helpers to type into it and wait for what it shows.
*/
export const renderConsole = async (client: LambdeckClient, {readonly = false, initialRoute}: {readonly?: boolean; initialRoute?: Route} = {}) => {
	const instance = render(<App client={client} readonly={readonly} initialRoute={initialRoute}/>);
	await delay(20);
	const frame = () => instance.lastFrame() ?? '';
	const see = async (text: string | RegExp, timeoutMs?: number) => {
		// Wrapped lines lose the space they were broken at (joining with one gives it back); hard-wrapped ones join with none.
		const check = () => [frame(), frame().replaceAll('\n', ' '), frame().replaceAll('\n', '')].some(shown => typeof text === 'string' ? shown.includes(text) : text.test(shown));
		await waitFor(check, frame, timeoutMs);
	};

	const press = async (...sequence: string[]) => {
		for (const item of sequence) {
			instance.stdin.write(item);
			await delay(item === keys.escape ? 40 : 15);
		}
	};

	/** Make the test terminal `columns` by `rows` and tell the console it was resized. */
	const resize = (columns: number, rows: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
		instance.stdout.emit('resize');
	};

	return {...instance, frame, see, press, resize};
};

/** What `renderConsole` gives a test: the rendered console and helpers to type into it and wait for what it shows. */
export type ConsoleUi = Awaited<ReturnType<typeof renderConsole>>;

/** A real client and its data dir, as `openClient` made them. */
export type ClientContext = {client: Awaited<ReturnType<typeof openClient>>['client']; dataDir: string};

/**
How `withConsole` sets up: the examples to create, how to render, and what to do before rendering (it may return another client to render, such as a wrapper that counts calls or feeds events).
*/
export type ConsoleSetup = {
	examples?: string[];
	readonly?: boolean;
	initialRoute?: Route;
	prepare?: (context: ClientContext) => Promise<LambdeckClient | void> | LambdeckClient | void;
};

type ConsoleBody = (context: ClientContext & {ui: ConsoleUi}) => Promise<void>;

/**
Run a test on the console: open a client with the examples (hello-node unless told), prepare it, render the console and run the body, then always unmount the console, close the client and remove its data dir.
*/
export async function withConsole(body: ConsoleBody): Promise<void>;
export async function withConsole(setup: ConsoleSetup, body: ConsoleBody): Promise<void>;
export async function withConsole(setupOrBody: ConsoleSetup | ConsoleBody, maybeBody?: ConsoleBody): Promise<void> {
	const [setup, body] = typeof setupOrBody === 'function' ? [{}, setupOrBody] : [setupOrBody, maybeBody!];
	const {client, dataDir, close} = await openClient(setup.examples);
	let ui: ConsoleUi | undefined;
	try {
		const rendered = (await setup.prepare?.({client, dataDir})) ?? client;
		ui = await renderConsole(rendered, {readonly: setup.readonly, initialRoute: setup.initialRoute});
		await body({client, dataDir, ui});
	} finally {
		ui?.unmount();
		await close();
	}
}

/**
A way to send the console service events of a test's making: `wrap` gives a client whose subscribers `emit` reaches, besides the real client's events.
*/
export const eventFeed = () => {
	const listeners: ServiceListener[] = [];
	return {
		wrap: (client: LambdeckClient): LambdeckClient => ({
			...client, subscribe(listener) {
				listeners.push(listener);
				return client.subscribe(listener);
			},
		}),
		emit(event: ServiceEvent) {
			for (const listener of listeners) {
				listener(event);
			}
		},
	};
};
