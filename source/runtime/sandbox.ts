import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Interpreter} from './interpreters.js';

/**
How environments are isolated: plain processes, or bubblewrap with Lambda's own paths.
*/
export type SandboxMode = 'process' | 'bubblewrap';

/**
The folder our runtime clients ship in, the same whether lambdeck runs from `source/` or `dist/`.
*/
export const bootstrapsFolder = fileURLToPath(new URL('../../source/bootstraps', import.meta.url));

const which = (command: string) => {
	for (const folder of (process.env.PATH ?? '').split(':')) {
		const candidate = path.join(folder, command);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {}
	}

	return undefined;
};

const bubblewrapBinary = which('bwrap');
const setprivBinary = which('setpriv');

/**
Whether bubblewrap is installed here.
*/
export const hasBubblewrap = () => bubblewrapBinary !== undefined;

/**
Pick the sandbox for a setting: `auto` uses bubblewrap where it is installed.
*/
export const chooseSandbox = (setting: 'auto' | SandboxMode): SandboxMode =>
	setting === 'process' || (setting === 'auto' && !hasBubblewrap()) ? 'process' : 'bubblewrap';

/**
What to start for one environment, and the paths its variables should name.
*/
export type LaunchPlan = {
	file: string;
	args: string[];
	cwd: string;
	taskRoot: string;
	runtimeDir: string;
	tmp: string;
};

export type LaunchInput = {
	mode: SandboxMode;
	interpreter: Interpreter;
	codeFolder: string;
	tmpFolder: string;
	memorySize: number;
};

const runtimeArgs = (interpreter: Interpreter, taskRoot: string, runtimeDir: string, memorySize: number) => {
	switch (interpreter.family) {
		case 'nodejs': {
			return [interpreter.binary!, `--max-old-space-size=${Math.floor(memorySize * 0.9)}`, path.join(runtimeDir, 'node', 'index.mjs')];
		}

		case 'python': {
			return [interpreter.binary!, '-u', path.join(runtimeDir, 'python', 'bootstrap.py')];
		}

		case 'provided': {
			return [path.join(taskRoot, 'bootstrap')];
		}
	}
};

/**
Build the command line of an environment. Plain processes run where the code is unpacked; under bubblewrap the code is `/var/task` (read-only), our clients `/var/runtime`, `/opt` is empty and `/tmp` is the environment's own folder, which outlives a reset.

Either way the process is wrapped so that it dies with lambdeck (bubblewrap's `--die-with-parent`, or `setpriv --pdeathsig`).
*/
export const planLaunch = ({mode, interpreter, codeFolder, tmpFolder, memorySize}: LaunchInput): LaunchPlan => {
	if (mode === 'bubblewrap' && bubblewrapBinary) {
		const [file, ...args] = runtimeArgs(interpreter, '/var/task', '/var/runtime', memorySize);
		return {
			file: bubblewrapBinary,
			args: [
				'--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
				'--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/var',
				'--ro-bind', codeFolder, '/var/task', '--ro-bind', bootstrapsFolder, '/var/runtime',
				'--tmpfs', '/opt', '--bind', tmpFolder, '/tmp', '--chdir', '/var/task', '--',
				file!, ...args,
			],
			cwd: codeFolder,
			taskRoot: '/var/task',
			runtimeDir: '/var/runtime',
			tmp: '/tmp',
		};
	}

	const [file, ...args] = runtimeArgs(interpreter, codeFolder, bootstrapsFolder, memorySize);
	const wrapped = setprivBinary ? [setprivBinary, '--pdeathsig', 'KILL', '--', file!, ...args] : [file!, ...args];
	return {file: wrapped[0]!, args: wrapped.slice(1), cwd: codeFolder, taskRoot: codeFolder, runtimeDir: bootstrapsFolder, tmp: tmpFolder};
};
