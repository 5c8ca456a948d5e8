import {execFile, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {invalidParameter} from '../core/errors.js';
import {runtimeFamily} from '../core/runtimes.js';

/**
How to start a runtime: the real interpreter binary (never a version manager's shim), or nothing for `provided.*`, which runs the package's own `bootstrap`.
*/
export type Interpreter = {
	family: 'nodejs' | 'python' | 'provided';
	binary?: string;
	version?: string;
};

const cache = new Map<string, Interpreter>();

const probes = new Map<string, string | undefined>();

const probe = (command: string, script: string) => {
	const key = `${command}\0${script}`;
	if (!probes.has(key)) {
		try {
			probes.set(key, execFileSync(command, ['-c', script], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000}).trim());
		} catch {
			probes.set(key, undefined);
		}
	}

	return probes.get(key);
};

/**
Installed pyenv versions of one Python minor version, newest first: pyenv's shims only answer for the active versions, so a `python3.12` installed but not active would otherwise be missed.
*/
const pyenvInstalls = (minor: string) => {
	const root = process.env.PYENV_ROOT ?? (process.env.HOME ? path.join(process.env.HOME, '.pyenv') : undefined);
	if (!root) {
		return [];
	}

	try {
		return fs.readdirSync(path.join(root, 'versions'))
			.filter(version => version.startsWith(`${minor}.`))
			.sort((a, b) => b.localeCompare(a, undefined, {numeric: true}))
			.map(version => path.join(root, 'versions', version, 'bin', `python${minor}`))
			.filter(binary => fs.existsSync(binary));
	} catch {
		return [];
	}
};

const pythonScript = 'import sys; print(sys.executable); print("%d.%d" % sys.version_info[:2])';

const pythonCandidates = (runtime: string, override?: string) => {
	const wanted = runtime.replace(/^python/, '');
	return override ? [override] : [`python${wanted}`, ...pyenvInstalls(wanted), 'python3'];
};

/**
Ask every Python candidate for these runtimes at once, without blocking the event loop, so that resolving them afterwards is instant. A version manager's shim can take ~100 ms to say no.
*/
export const probeInterpreters = async (runtimes: readonly string[], overrides: Record<string, string> = {}) => {
	const commands = new Set(runtimes.filter(runtime => runtimeFamily(runtime) === 'python').flatMap(runtime => pythonCandidates(runtime, overrides[runtime])));
	await Promise.all([...commands].map(async command => {
		const key = `${command}\0${pythonScript}`;
		if (!probes.has(key)) {
			const answer = await new Promise<string | undefined>(resolve => {
				execFile(command, ['-c', pythonScript], {encoding: 'utf8', timeout: 10_000}, (error, stdout) => {
					resolve(error ? undefined : stdout.trim());
				});
			});
			probes.set(key, answer);
		}
	}));
};

const resolvePython = (runtime: string, override?: string): Interpreter | undefined => {
	for (const candidate of pythonCandidates(runtime, override)) {
		const answer = probe(candidate, pythonScript);
		const [binary, version] = answer?.split('\n') ?? [];
		if (binary && fs.existsSync(binary)) {
			return {family: 'python', binary: fs.realpathSync(binary), version};
		}
	}

	return undefined;
};

const resolveNode = (override?: string): Interpreter | undefined => {
	if (!override) {
		return {family: 'nodejs', binary: process.execPath, version: process.versions.node};
	}

	try {
		const version = execFileSync(override, ['-p', 'process.execPath + "\\n" + process.versions.node'], {encoding: 'utf8', timeout: 10_000}).trim().split('\n');
		return {family: 'nodejs', binary: fs.realpathSync(version[0]!), version: version[1]};
	} catch {
		return undefined;
	}
};

/**
Find the interpreter for a runtime once, and remember it: `nodejs*` on the host's node, `python3.x` on `python3.x` (on PATH or installed by pyenv) or else `python3`, or the binary a setting maps the runtime to.

A runtime this machine cannot run is refused with a message that says what to install or map.
*/
export const resolveInterpreter = (runtime: string, overrides: Record<string, string> = {}): Interpreter => {
	const key = `${runtime}\0${overrides[runtime] ?? ''}`;
	const cached = cache.get(key);
	if (cached) {
		return cached;
	}

	const family = runtimeFamily(runtime);
	let interpreter: Interpreter | undefined;
	if (family === 'nodejs') {
		interpreter = resolveNode(overrides[runtime]);
	} else if (family === 'python') {
		interpreter = resolvePython(runtime, overrides[runtime]);
	} else if (family === 'provided') {
		interpreter = {family: 'provided'};
	}

	if (!interpreter) {
		throw invalidParameter(family === 'other'
			? `lambdeck cannot run ${runtime} functions on this machine: it runs nodejs*, python3.* and provided.* (custom runtime) functions.`
			: `lambdeck cannot run ${runtime} functions on this machine: no ${family === 'python' ? `${runtime} or python3` : 'node'} interpreter was found on PATH. Install one, or map the runtime to an interpreter with the runtimeBinaries setting.`);
	}

	cache.set(key, interpreter);
	return interpreter;
};
