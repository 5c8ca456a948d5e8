import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
The module `name` beside the module at `callerUrl`, with the caller's extension: `.js` when compiled, `.ts` from source.
*/
export const moduleBeside = (callerUrl: string, name: string) => new URL(`./${name}${path.extname(fileURLToPath(callerUrl))}`, callerUrl);

/**
Start a worker thread on a module of ours: a compiled `.js` as it is, a `.ts` source after registering tsx in the worker (Node 20 does not pass `--import` hooks on to workers). The worker leaves out `--input-type`, which a host started with `node --input-type=module -e` has and which would stop the worker loading its file.
*/
export const startModuleWorker = (workerUrl: URL, options: WorkerOptions = {}) => {
	const execArgv = process.execArgv.filter(argument => !argument.startsWith('--input-type'));
	return path.extname(workerUrl.pathname) === '.ts'
		? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({register}) => {register(); return import(${JSON.stringify(workerUrl.href)});});`, {...options, eval: true, execArgv})
		: new Worker(workerUrl, {...options, execArgv});
};
