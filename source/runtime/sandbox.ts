import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {serviceError} from '../core/errors.js';
import type {Interpreter} from './interpreters.js';
import {liveEtcFiles, sandboxUser} from './sandbox-etc.js';

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
What to tell a user who asked for bubblewrap on a machine without it.
*/
export const bubblewrapMissing = 'The bubblewrap sandbox was asked for, but bwrap is not installed. Install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap; Arch: pacman -S bubblewrap), or set "sandbox": "process", which isolates nothing.';

/**
Pick the sandbox for a setting: `auto` uses bubblewrap where it is installed. Asking for bubblewrap where it is missing is an error that says how to install it.
*/
export const chooseSandbox = (setting: 'auto' | SandboxMode): SandboxMode => {
	if (setting === 'bubblewrap' && !hasBubblewrap()) {
		throw serviceError(bubblewrapMissing);
	}

	return setting === 'process' || (setting === 'auto' && !hasBubblewrap()) ? 'process' : 'bubblewrap';
};

/**
Where the Runtime API's Unix socket appears inside the sandbox.
*/
export const sandboxSocketFolder = '/var/rapid';

/**
The socket's file name, inside the environment's own folder on the host and at `/var/rapid` in the sandbox.
*/
export const socketName = 'runtime-api.sock';

/**
What to start for one environment, and the paths its variables should name. A supervised plan starts a small supervisor that starts the runtime on request (see `supervisor.ts`).
*/
export type LaunchPlan = {
	file: string;
	args: string[];
	cwd: string;
	taskRoot: string;
	runtimeDir: string;
	tmp: string;
	/** The Runtime API's Unix socket as the runtime sees it, when it has one. */
	socketPath?: string;
	supervised: boolean;
	/** Where the function's layers are, as it sees them: `/opt` under bubblewrap, their merged folder in process mode (never the host's `/opt`), none without layers. */
	optRoot?: string;
};

export type LaunchInput = {
	mode: SandboxMode;
	interpreter: Interpreter;
	codeFolder: string;
	tmpFolder: string;
	memorySize: number;
	/** `EphemeralStorage.Size`, in MB: the size of the sandbox's `/tmp`. */
	ephemeralStorageMb: number;
	/** The environment's private host folder that holds the Runtime API socket (bubblewrap only). */
	privateFolder?: string;
	/** The snapshot of `/etc` to bind (bubblewrap only; see `sandbox-etc.ts`). */
	etcFolder?: string;
	/** The function's layers merged in order (see `layer-merge.ts`), bound at `/opt`. */
	optFolder?: string;
};

const runtimeArgs = (interpreter: Interpreter, taskRoot: string, runtimeDir: string, memorySize: number, bootstrapRoot = taskRoot) => {
	switch (interpreter.family) {
		case 'nodejs': {
			return [interpreter.binary!, `--max-old-space-size=${Math.floor(memorySize * 0.9)}`, path.join(runtimeDir, 'node', 'index.mjs')];
		}

		case 'python': {
			return [interpreter.binary!, '-u', path.join(runtimeDir, 'python', 'bootstrap.py')];
		}

		case 'provided': {
			return [path.join(bootstrapRoot, 'bootstrap')];
		}
	}
};

/**
The system's read-only trees, as the host has them: a merged-`/usr` system's `/bin` is a symbolic link and stays one.
*/
const systemMounts = () => {
	const args: string[] = ['--ro-bind', '/usr', '/usr'];
	for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
		let stat: fs.Stats;
		try {
			stat = fs.lstatSync(top);
		} catch {
			continue;
		}

		args.push(...(stat.isSymbolicLink() ? ['--symlink', fs.readlinkSync(top), top] : ['--ro-bind', top, top]));
	}

	return args;
};

const systemPrefixes = ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'];

/**
The installation an interpreter outside the system trees lives in (a pyenv or nvm version: `PREFIX/bin/python3.12`), bound read-only at the same path, after the sandbox's own `/opt`, `/tmp` and `/var` so that none hides it.
*/
const interpreterMounts = (interpreter: Interpreter) => {
	if (!interpreter.binary || systemPrefixes.some(prefix => interpreter.binary!.startsWith(prefix))) {
		return [];
	}

	const prefix = path.dirname(path.dirname(interpreter.binary));
	return prefix === '/' ? [] : ['--ro-bind', prefix, prefix];
};

/**
Build the command line of an environment.

Under bubblewrap the function sees only what Lambda gives it: its code at `/var/task` (read-only), an empty `/opt`, its own `/tmp` (a tmpfs of `EphemeralStorage.Size`), our runtime clients at `/var/runtime`, the Runtime API socket in an otherwise read-only `/var/rapid` (the socket must exist before the sandbox starts), its interpreter's installation, the system's read-only trees and a chosen list of `/etc` files (`sandbox-etc.ts`). It runs as Lambda's uid 993 in its own user, pid, ipc, uts and cgroup namespaces, with no capabilities and no way to make new user namespaces; the network is the host's. `/proc/sys` is read-only: when lambdeck runs as root the sandbox's user is root outside, which the kernel lets write global sysctls even without capabilities. The sandbox lives as long as the environment; its supervisor restarts the runtime after a reset, so `/tmp` outlives the reset.

Plain processes run where the code is unpacked, wrapped so that they die with lambdeck (`setpriv --pdeathsig`); they isolate nothing.
*/
export const planLaunch = ({mode, interpreter, codeFolder, tmpFolder, memorySize, ephemeralStorageMb, privateFolder, etcFolder, optFolder}: LaunchInput): LaunchPlan => {
	// A custom runtime's bootstrap comes from the code, else from a layer, as Lambda looks in /var/task, then /opt.
	const bootstrapInOpt = interpreter.family === 'provided' && optFolder !== undefined && !fs.existsSync(path.join(codeFolder, 'bootstrap'));
	if (mode === 'bubblewrap' && bubblewrapBinary && privateFolder && etcFolder) {
		const runtime = runtimeArgs(interpreter, '/var/task', '/var/runtime', memorySize, bootstrapInOpt ? '/opt' : '/var/task');
		return {
			file: bubblewrapBinary,
			args: [
				'--unshare-user', '--uid', String(sandboxUser.uid), '--gid', String(sandboxUser.gid), '--disable-userns', '--cap-drop', 'ALL',
				'--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', 'localhost',
				'--die-with-parent', '--new-session',
				...systemMounts(),
				'--ro-bind', etcFolder, '/etc', ...liveEtcFiles.flatMap(name => ['--ro-bind-try', path.join('/etc', name), path.join('/etc', name)]),
				'--dev', '/dev', '--proc', '/proc', '--ro-bind', '/proc/sys', '/proc/sys', '--ro-bind-try', '/proc/sysrq-trigger', '/proc/sysrq-trigger',
				'--perms', '1777', '--size', String(ephemeralStorageMb * 1024 * 1024), '--tmpfs', '/tmp',
				...(optFolder ? ['--ro-bind', optFolder, '/opt'] : ['--tmpfs', '/opt']), '--dir', '/var',
				'--ro-bind', codeFolder, '/var/task', '--ro-bind', bootstrapsFolder, '/var/runtime',
				'--dir', sandboxSocketFolder, '--bind', path.join(privateFolder, socketName), path.join(sandboxSocketFolder, socketName),
				...interpreterMounts(interpreter),
				'--remount-ro', '/',
				'--chdir', '/var/task', '--',
				...supervisorCommand(runtime),
			],
			cwd: '/',
			taskRoot: '/var/task',
			runtimeDir: '/var/runtime',
			tmp: '/tmp',
			socketPath: path.join(sandboxSocketFolder, socketName),
			supervised: true,
			optRoot: '/opt',
		};
	}

	const [file, ...args] = runtimeArgs(interpreter, codeFolder, bootstrapsFolder, memorySize, bootstrapInOpt ? optFolder : codeFolder);
	const wrapped = setprivBinary ? [setprivBinary, '--pdeathsig', 'KILL', '--', file!, ...args] : [file!, ...args];
	return {file: wrapped[0]!, args: wrapped.slice(1), cwd: codeFolder, taskRoot: codeFolder, runtimeDir: bootstrapsFolder, tmp: tmpFolder, supervised: false, optRoot: optFolder};
};

/**
The supervisor: a shell that reads commands on its stdin and answers on descriptor 3. `start` runs the runtime in the background and reports `exit CODE` when it ends; `reset` kills every other process of the sandbox at once (`kill -9 -1` in a pid namespace spares only its init and the caller) and answers `reset`.
*/
const supervisorCommand = (runtime: string[]) => [
	'/bin/sh', '-c', [
		'while read -r command; do',
		'case "$command" in',
		'start) ( "$@" </dev/null 3>&-; echo "exit $?" >&3 ) & ;;',
		'reset) kill -9 -1 2>/dev/null; echo reset >&3 ;;',
		'esac',
		'done',
	].join('\n'),
	'lambdeck-supervisor', ...runtime,
];
