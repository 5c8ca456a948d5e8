import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {zipFolder} from '../source/store/artifacts.js';

/**
One runtime the bench measures: its Lambda runtime id, handler, the no-op source written for it, and how to start a bare interpreter for the spawn baseline.
*/
export type BenchRuntime = {
	key: 'node' | 'python';
	label: string;
	runtime: string;
	handler: string;
	fileName: string;
	source: string;
	/** The arguments that make the interpreter start and exit at once: `-e 0` or `-c pass`. */
	bareArgs: string[];
};

/**
The two no-op functions: Node's `exports.handler` returning `{ok: true}` and Python's `handler` returning `{"ok": True}`.
*/
export const benchRuntimes: BenchRuntime[] = [
	{
		key: 'node',
		label: 'Node (nodejs20.x)',
		runtime: 'nodejs20.x',
		handler: 'index.handler',
		fileName: 'index.js',
		source: 'exports.handler = async () => ({ok: true});\n',
		bareArgs: ['-e', '0'],
	},
	{
		key: 'python',
		label: 'Python (python3.12)',
		runtime: 'python3.12',
		handler: 'handler.handler',
		fileName: 'handler.py',
		source: 'def handler(e, c):\n    return {"ok": True}\n',
		bareArgs: ['-c', 'pass'],
	},
];

/**
The temporary folders of one bench run: the service's data dir and the folders the handlers are written to. `remove` deletes them all.
*/
export type Scratch = {
	root: string;
	dataDir: string;
	remove: () => void;
};

/**
Make a fresh scratch folder under the system's temp folder.
*/
export const makeScratch = (): Scratch => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-bench-'));
	const dataDir = path.join(root, 'data');
	fs.mkdirSync(dataDir);
	return {
		root,
		dataDir,
		remove() {
			fs.rmSync(root, {recursive: true, force: true});
		},
	};
};

/**
Write a runtime's handler into its own folder of the scratch folder and return the folder zipped, ready for CreateFunction.
*/
export const handlerZip = (scratch: Scratch, runtime: BenchRuntime): Buffer => {
	const folder = path.join(scratch.root, `code-${runtime.key}`);
	fs.mkdirSync(folder, {recursive: true});
	fs.writeFileSync(path.join(folder, runtime.fileName), runtime.source);
	return zipFolder(folder);
};
