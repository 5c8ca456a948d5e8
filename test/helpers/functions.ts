import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import type {CreateFunctionRequest} from '../../source/core/types.js';
import type {Settings} from '../../source/store/settings.js';
import {zipFolder} from '../../source/store/artifacts.js';

/**
A fresh, empty folder under the system temp dir.
*/
export const temporaryFolder = (prefix = 'lambdeck-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
Write files into a new folder and zip it: a small real function.
*/
export const zipOf = (files: Record<string, string>, modes: Record<string, number> = {}) => {
	const folder = temporaryFolder('lambdeck-code-');
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(folder, name)), {recursive: true});
		fs.writeFileSync(path.join(folder, name), content, {mode: modes[name] ?? 0o644});
	}

	const zip = zipFolder(folder);
	fs.rmSync(folder, {recursive: true, force: true});
	return zip;
};

export const examplesFolder = path.resolve(import.meta.dirname, '../../examples');

/**
An embedded client on a new data dir, and a way to create functions on it from inline files. `dispose` closes the client and removes the dir.
*/
export const openTestService = async (settings: Partial<Settings> = {}) => {
	const dataDir = temporaryFolder();
	const client = await openLocalClient({dataDir, settings: {sandbox: (process.env.LAMBDECK_TEST_SANDBOX as Settings['sandbox'] | undefined) ?? 'process', ...settings}});
	return {
		client,
		dataDir,
		async create(name: string, files: Record<string, string>, options: Partial<CreateFunctionRequest> = {}, modes?: Record<string, number>) {
			return client.createFunction({
				FunctionName: name,
				Role: defaultRoleArn,
				Runtime: 'nodejs20.x',
				Handler: 'index.handler',
				Code: {ZipFile: zipOf(files, modes)},
				...options,
			});
		},
		async invokeJson(name: string, payload: unknown = {}) {
			const result = await client.invoke({FunctionName: name, Payload: JSON.stringify(payload), LogType: 'Tail'});
			return {
				...result,
				json: JSON.parse(Buffer.from(result.Payload).toString('utf8') || 'null') as any,
				log: Buffer.from(result.LogResult ?? '', 'base64').toString('utf8'),
			};
		},
		async dispose() {
			await client.close();
			fs.rmSync(dataDir, {recursive: true, force: true});
		},
	};
};

export const hasCommand = (command: string) => (process.env.PATH ?? '').split(':').some(folder => {
	try {
		fs.accessSync(path.join(folder, command), fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
});

/**
Whether a process is still running. A zombie waiting for init to reap it counts as gone: it runs nothing.
*/
export const isRunning = (pid: number) => {
	try {
		return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
};

/**
Poll until `check` holds or about two seconds pass.
*/
export const eventually = async (check: () => boolean, attempts = 40, intervalMs = 50) => {
	for (let attempt = 0; attempt < attempts && !check(); attempt++) {
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}

	return check();
};

/**
The host's processes running a function's runtime and whatever it started, whatever the sandbox: those whose environment names the function, except bubblewrap's and its supervisor's, which outlive a reset.
*/
export const functionProcesses = (functionName: string) => fs.readdirSync('/proc').filter(name => /^\d+$/.test(name)).filter(pid => {
	try {
		return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`AWS_LAMBDA_FUNCTION_NAME=${functionName}`)
			&& !/^(bwrap|setpriv)$/.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim())
			&& !fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('lambdeck-supervisor')
			&& isRunning(Number(pid));
	} catch {
		return false;
	}
}).map(Number);
