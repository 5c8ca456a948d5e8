import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openLocalClient} from '../source/client/local-client.js';
import {zipFolder} from '../source/store/artifacts.js';
import {dataPaths} from '../source/store/data-dir.js';
import {LogStore} from '../source/store/log-store.js';
import type {LogEvent} from '../source/core/types.js';

const teams = ['orders', 'billing', 'search', 'auth', 'media', 'inventory', 'shipping', 'pricing', 'reviews', 'alerts'];
const kinds = ['api', 'worker', 'cron', 'stream', 'webhook'];

/**
A data dir prepared for the console bench: its functions (sorted by name, as the list shows them), the function whose log was preloaded, and how to delete it all.
*/
export type ConsoleFixture = {
	dataDir: string;
	functionNames: string[];
	logFunction: string;
	logLines: number;
	remove: () => void;
};

/**
The name of the `index`th bench function, such as `orders-api-0007`: ten teams and five kinds, so that typing a filter narrows the list step by step.
*/
export const benchFunctionName = (index: number) =>
	`${teams[index % teams.length]}-${kinds[Math.floor(index / teams.length) % kinds.length]}-${String(index).padStart(4, '0')}`;

const logLine = (index: number, start: number): LogEvent => {
	const request = `req-${String(Math.floor(index / 4)).padStart(6, '0')}`;
	const timestamp = start + index * 20;
	const logStreamName = '2026/01/01/[$LATEST]bench';
	switch (index % 4) {
		case 0: { return {timestamp, logStreamName, message: `START RequestId: ${request} Version: $LATEST`}; }
		case 1: { return {timestamp, logStreamName, message: `${new Date(timestamp).toISOString()}\t${request}\tINFO\tprocessed order ${index} for customer c-${index % 977} in region eu-west-1`}; }
		case 2: { return {timestamp, logStreamName, message: `END RequestId: ${request}`}; }
		default: { return {timestamp, logStreamName, message: `REPORT RequestId: ${request}\tDuration: ${(index % 97) / 10 + 1} ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 42 MB`}; }
	}
};

/**
Make a temp data dir with `functionCount` Node functions (created through a client that is closed again) and `logLines` log lines for one of them, written through the service's LogStore in batches so that its segments rotate as they would in use.
*/
export const makeConsoleFixture = async ({functionCount, logLines}: {functionCount: number; logLines: number}): Promise<ConsoleFixture> => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-console-bench-'));
	const remove = () => {
		fs.rmSync(root, {recursive: true, force: true});
	};

	try {
		const dataDir = path.join(root, 'data');
		const codeDir = path.join(root, 'code');
		fs.mkdirSync(codeDir, {recursive: true});
		fs.writeFileSync(path.join(codeDir, 'index.js'), 'exports.handler = async () => ({ok: true});\n');
		const zip = zipFolder(codeDir);
		const names = Array.from({length: functionCount}, (_, index) => benchFunctionName(index));
		const client = await openLocalClient({dataDir});
		try {
			for (const name of names) {
				await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zip}});
			}
		} finally {
			await client.close();
		}

		const logFunction = names[0]!;
		const store = new LogStore(dataPaths(dataDir).logs);
		const start = Date.now() - (logLines * 20) - 60_000;
		const batch = 1000;
		for (let first = 0; first < logLines; first += batch) {
			store.append(logFunction, Array.from({length: Math.min(batch, logLines - first)}, (_, offset) => logLine(first + offset, start)));
			store.flush();
		}

		store.close();
		return {dataDir, functionNames: names.sort((a, b) => a.localeCompare(b)), logFunction, logLines, remove};
	} catch (error) {
		remove();
		throw error;
	}
};
