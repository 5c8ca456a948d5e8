import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {execa, type ResultPromise} from 'execa';
import {limits} from '../core/limits.js';
import type {EnvironmentSpec} from './environment.js';
import type {Exit} from './outcome.js';
import {killTree, runtimeProcess} from './process-tree.js';
import {RuntimeApiServer} from './runtime-api.js';
import {planLaunch, socketName} from './sandbox.js';
import {etcSnapshot} from './sandbox-etc.js';
import {Supervisor, supervisedRuntimePid} from './supervisor.js';
import {telemetryFd} from './telemetry.js';
import {environmentVariables} from './variables.js';

/**
The process an environment runs in, and its Runtime API. Under bubblewrap it is the sandbox, which outlives resets (its supervisor starts the runtime again); in process mode it is the runtime itself.
*/
export type SandboxProcess = {
	child: ResultPromise;
	api: RuntimeApiServer;
	/** When the sandbox (or, in process mode, the runtime) ended. */
	exited: Promise<Exit>;
	pid: number;
	file: string;
	supervisor?: Supervisor;
	/** The environment's private host folder (bubblewrap only): the Runtime API socket. It is removed as soon as the sandbox is set up (its bind mounts keep what it holds), so that even a kill -9 of lambdeck leaves nothing behind once an environment has started. */
	folder?: string;
};

const removeFolder = async (folder: string) => fs.rm(folder, {recursive: true, force: true}).catch(() => {});

/**
The output of an environment's process: stdout, stderr and the framed log records.
*/
export type OutputStreams = {stdout: Readable; stderr: Readable; telemetry: Readable};

/**
Start an environment's process with its own Runtime API, handing its output streams to `readOutput` (they live as long as the sandbox, across resets). Under bubblewrap the runtime itself is started by `startRuntime`.
*/
export const startSandbox = async (spec: EnvironmentSpec, optFolder: string | undefined, readOutput: (streams: OutputStreams) => void): Promise<SandboxProcess | {error: string}> => {
	const [folder, etcFolder] = spec.sandbox === 'bubblewrap'
		? await Promise.all([fs.mkdtemp(path.join(os.tmpdir(), 'ldk-')), etcSnapshot(path.dirname(spec.tmpFolder))])
		: [];
	const api = new RuntimeApiServer();
	const plan = planLaunch({
		mode: spec.sandbox,
		interpreter: spec.interpreter,
		codeFolder: spec.codeFolder,
		tmpFolder: spec.tmpFolder,
		memorySize: spec.memorySize,
		ephemeralStorageMb: spec.ephemeralStorageMb ?? limits.ephemeralStorageDefault,
		privateFolder: folder,
		etcFolder,
		optFolder,
	});
	const address = await api.listen(plan.socketPath && folder ? path.join(folder, socketName) : undefined);
	const child = execa(plan.file, plan.args, {
		cwd: plan.cwd,
		env: environmentVariables(spec, plan, address),
		extendEnv: false,
		detached: true,
		stdio: plan.supervised ? ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'ignore', 'pipe'],
		buffer: false,
		reject: false,
		// Not execa's cleanup: it kills children on the first SIGTERM, before close() lets invocations end. They die with lambdeck anyway (--die-with-parent, pdeathsig).
		cleanup: false,
	});
	readOutput({stdout: child.stdout!, stderr: child.stderr!, telemetry: child.stdio[telemetryFd] as Readable});
	const exited = new Promise<Exit>(resolve => {
		child.once('exit', (code, signal) => resolve({code, signal}));
		child.once('error', error => resolve({code: null, signal: null, error}));
	});
	if (!child.pid) {
		const exit = await exited;
		await api.close();
		if (folder) {
			await removeFolder(folder);
		}

		return {error: `fork/exec ${plan.file}: ${exit.error?.message ?? 'the process did not start'}`};
	}

	api.serveProcessesOf(child.pid);
	if (folder) {
		api.onFirstConnection(() => {
			void removeFolder(folder);
		});
	}

	const supervisor = plan.supervised ? new Supervisor(child.stdin!, child.stdio[3] as Readable) : undefined;
	void exited.then(exit => {
		supervisor?.gone(exit);
	});
	// The stdio array's shape depends on the mode; what the rest needs of the child is the same either way.
	return {child: child as unknown as ResultPromise, api, exited, pid: child.pid, file: plan.file, supervisor, folder};
};

/**
Start the runtime in its sandbox (in process mode it already runs); the promise tells when it ended.
*/
export const startRuntime = async (sandbox: SandboxProcess): Promise<Exit> => sandbox.supervisor
	? Promise.race([sandbox.exited, sandbox.supervisor.start()])
	: sandbox.exited;

/**
The runtime's own process, once it has asked for its first event.
*/
export const runtimePidOf = (sandbox: SandboxProcess) => sandbox.supervisor ? supervisedRuntimePid(sandbox.pid) : runtimeProcess(sandbox.pid);

/**
Kill the runtime and everything it started, keeping the sandbox and its `/tmp`. False when the sandbox cannot be kept (process mode, or a supervisor that did not answer): stop it instead.
*/
export const resetSandbox = async (sandbox: SandboxProcess) => {
	if (!sandbox.supervisor) {
		return false;
	}

	sandbox.api.abandon();
	return sandbox.supervisor.reset();
};

/**
Stop the sandbox, its Runtime API, and remove its private folder.
*/
export const stopSandbox = async (sandbox: SandboxProcess) => {
	killTree(sandbox.pid);
	await Promise.all([sandbox.api.close(), sandbox.exited]);
	if (sandbox.folder) {
		await removeFolder(sandbox.folder);
	}
};
