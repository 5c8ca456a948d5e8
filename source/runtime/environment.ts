import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {ResultPromise} from 'execa';
import {limits} from '../core/limits.js';
import {timeoutMessage} from '../core/format.js';
import type {EnvironmentInfo} from '../core/types.js';
import type {Interpreter} from './interpreters.js';
import {mergeLayers} from './layer-merge.js';
import {LogChannel} from './log-channel.js';
import {environmentMemory, peakRss} from './process-tree.js';
import type {RuntimeApiServer, RuntimeEvent, RuntimeReply} from './runtime-api.js';
import type {SandboxMode} from './sandbox.js';
import {resetSandbox, runtimePidOf, startRuntime, startSandbox, stopSandbox, type SandboxProcess} from './sandbox-process.js';
import {exitReason, megabytes, platformError, type Exit, type InvokeOutcome} from './outcome.js';

/**
Everything an execution environment needs to know of the function version it runs.
*/
export type EnvironmentSpec = {
	functionName: string;
	version: string;
	runtime: string;
	handler: string;
	memorySize: number;
	variables: Record<string, string>;
	region: string;
	accountId: string;
	codeFolder: string;
	logGroupName: string;
	logStreamName: string;
	/** `LoggingConfig`: the runtime gets its format as `AWS_LAMBDA_LOG_FORMAT` and, with JSON, the application level as `AWS_LAMBDA_LOG_LEVEL`. */
	logFormat?: 'JSON' | 'Text';
	logLevel?: string;
	tmpFolder: string;
	interpreter: Interpreter;
	sandbox: SandboxMode;
	/** `EphemeralStorage.Size` in MB (512 when not given): the size of `/tmp` under bubblewrap. */
	ephemeralStorageMb?: number;
	/** The unpacked folders of the function's layers, in order: merged into its `/opt`. */
	layerFolders?: string[];
	/** `AWS_LAMBDA_INITIALIZATION_TYPE`: `provisioned-concurrency` for environments started ahead of invokes. */
	initializationType?: 'on-demand' | 'provisioned-concurrency';
	/** Where the service answers the AWS APIs and the credentials it takes, when it serves them, for the function's own SDK calls. */
	service?: {endpointUrl?: string; credentials?: {accessKeyId: string; secretAccessKey: string}};
};

/**
One event to run, with the timeout that bounds it.
*/
export type InvokeInput = Omit<RuntimeEvent, 'deadlineMs'> & {timeoutMs: number};

// `exit` is how the runtime ended, once it has, and `onExit` who waits for that now: one slot, not a reaction per invoke on `exited`, which lives as long as the runtime.
type Running = {child: ResultPromise; api: RuntimeApiServer; exited: Promise<Exit>; exit?: Exit; onExit?: (exit: Exit) => void; pid: number; runtimePid: number; logs: LogChannel};

/**
One execution environment: a child process with its own Runtime API, running one invocation at a time.

It starts on its first invoke (the cold start, whose init time it reports), stays warm between invokes, and is reset after a timeout, a crash or running out of memory: every process of the function is killed and the next invoke starts the runtime anew, with the same `/tmp` and log stream (under bubblewrap the sandbox itself stays; see `sandbox-process.ts`).
*/
export class ExecutionEnvironment {
	readonly id = randomUUID();
	readonly spec: EnvironmentSpec;
	/** Whether an invocation holds this environment. The pool alone sets and clears it. */
	busy = false;
	lastUsed = Date.now();
	#running: Running | undefined;
	#sandbox: SandboxProcess | undefined;
	#logs: LogChannel | undefined;
	#peakBytes = 0;
	#measuredAt = 0;
	#startedAt = 0;
	#invocations = 0;
	readonly #onOutput: (line: string, timestamp: number) => void;

	constructor(spec: EnvironmentSpec, onOutput: (line: string, timestamp: number) => void) {
		this.spec = spec;
		this.#onOutput = onOutput;
		fs.mkdirSync(spec.tmpFolder, {recursive: true});
	}

	get isWarm() {
		return this.#running !== undefined;
	}

	get pid() {
		return this.#running?.pid;
	}

	/**
	What the console shows of this environment: pid, when its runtime started, invocations served, peak memory so far and state.
	*/
	info(): EnvironmentInfo {
		return {
			id: this.id, version: this.spec.version, pid: this.#running?.pid, startedAt: this.#running ? this.#startedAt : undefined,
			invocations: this.#invocations, memoryMb: megabytes(this.#peakBytes), state: this.busy ? 'busy' : this.#running ? 'warm' : 'cold',
		};
	}

	/**
	Run one event. Starts the process first when the environment is cold.
	*/
	async invoke(input: InvokeInput, onStart: () => void = () => {}): Promise<InvokeOutcome> {
		try {
			let initDurationMs: number | undefined;
			if (!this.#running) {
				const init = await this.#start(input.requestId);
				if ('failure' in init) {
					return init.failure;
				}

				initDurationMs = init.initDurationMs;
				this.#startedAt = Date.now();
			}

			this.#invocations++;
			onStart();

			const outcome = await this.#run(this.#running!, input);
			return {...outcome, initDurationMs};
		} finally {
			this.lastUsed = Date.now();
		}
	}

	/**
	Start the environment ahead of any invoke (provisioned concurrency): its runtime initializes now, so the invokes it serves report no Init Duration. Resolves to the reason when it cannot start.
	*/
	async warm(): Promise<string | undefined> {
		if (this.#running) {
			return undefined;
		}

		const init = await this.#start(randomUUID());
		this.lastUsed = Date.now();
		if ('failure' in init) {
			const payload = Buffer.from(init.failure.payload).toString();
			return `${init.failure.errorType ?? 'Runtime.Unknown'}: ${payload}`;
		}

		return undefined;
	}

	/**
	Stop the environment's process tree and its Runtime API.
	*/
	async stop() {
		this.#running = undefined;
		const sandbox = this.#sandbox;
		this.#sandbox = undefined;
		const logs = this.#logs;
		this.#logs = undefined;
		if (sandbox) {
			await stopSandbox(sandbox);
			// What the processes wrote before they died is still in the pipes: read it to the end.
			await logs?.closed();
		}
	}

	/**
	Reset after a timeout, a crash or an init error: the runtime and everything it started die; the sandbox stays when it can.
	*/
	async #reset() {
		this.#running = undefined;
		if (!this.#sandbox || !await resetSandbox(this.#sandbox)) {
			await this.stop();
			return;
		}

		// The sandbox and its pipes stay: what the killed processes wrote is already in them, and one turn of the loop reads it.
		await this.#logs?.settle(undefined);
	}

	async #start(requestId: string): Promise<{initDurationMs: number} | {failure: InvokeOutcome}> {
		const {spec} = this;
		const started = performance.now();
		// Max Memory Used is each runtime process's own: what a process killed for memory used does not carry over.
		this.#peakBytes = 0;
		const fail = async (errorType: string, message: string, payload?: Buffer, running?: Running): Promise<{failure: InvokeOutcome}> => {
			const maxMemoryUsedMb = running ? this.#measure(running.runtimePid, true) : megabytes(this.#peakBytes);
			if (running) {
				await this.#reset();
			}

			return {failure: {
				status: 'failure',
				payload: payload ?? platformError(requestId, errorType, message),
				errorType,
				platformLog: payload ? undefined : `RequestId: ${requestId} Error: ${message}\n${errorType}`,
				durationMs: performance.now() - started,
				maxMemoryUsedMb,
				reset: true,
			}};
		};

		const optFolder = spec.layerFolders?.length ? await mergeLayers(spec.layerFolders) : undefined;
		if (spec.interpreter.family === 'provided' && !fs.existsSync(path.join(spec.codeFolder, 'bootstrap')) && !(optFolder && fs.existsSync(path.join(optFolder, 'bootstrap')))) {
			return fail('Runtime.InvalidEntrypoint', 'Couldn\'t find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]');
		}

		const sandbox = this.#sandbox ?? await startSandbox(spec, optFolder, streams => {
			this.#logs = new LogChannel(streams, this.#onOutput);
		});
		if ('error' in sandbox) {
			return fail('Runtime.InvalidEntrypoint', sandbox.error);
		}

		if (this.#sandbox !== sandbox) {
			this.#sandbox = sandbox;
			// A sandbox that ends by itself is stopped; should stopping fail, the processes are gone all the same.
			sandbox.exited.then(async () => this.#sandbox === sandbox && this.stop()).catch(() => {});
		}

		const {api, child} = sandbox;
		const logs = this.#logs!;
		// A runtime that ended by itself may have left output in the pipes; the new one counts its log bytes from zero.
		await logs.settle(undefined);
		logs.restart();
		const exited = startRuntime(sandbox);
		const running: Running = {child, api, exited, pid: sandbox.pid, runtimePid: sandbox.pid, logs};
		exited.then(async exit => {
			running.exit = exit;
			running.onExit?.(exit);
			return this.#running === running && this.#reset();
		}).catch(async () => this.stop().catch(() => {}));
		const init = await new Promise<{kind: 'ready'; logBytes?: number} | {kind: 'init-error'; body: Buffer; type?: string; logBytes?: number} | {kind: 'exit'; exit: Exit} | {kind: 'timeout'}>(resolve => {
			const timer = setTimeout(() => resolve({kind: 'timeout'}), limits.initTimeoutMs);
			api.onInit(logBytes => {
				clearTimeout(timer);
				resolve({kind: 'ready', logBytes});
			}, (body, type, logBytes) => {
				clearTimeout(timer);
				resolve({kind: 'init-error', body, type, logBytes});
			});
			void exited.then(exit => {
				clearTimeout(timer);
				resolve({kind: 'exit', exit});
			});
		});
		switch (init.kind) {
			case 'ready': {
				running.runtimePid = runtimePidOf(sandbox);
				this.#running = running;
				const initDurationMs = performance.now() - started;
				await logs.settle(init.logBytes);
				return {initDurationMs};
			}

			case 'init-error': {
				let errorType = init.type ?? 'Runtime.Unknown';
				try {
					errorType = (JSON.parse(init.body.toString('utf8')) as {errorType?: string}).errorType ?? errorType;
				} catch {}

				await logs.settle(init.logBytes);
				return fail(errorType, '', init.body, running);
			}

			case 'timeout': {
				return fail('Sandbox.Timedout', `Init phase timed out after ${(limits.initTimeoutMs / 1000).toFixed(2)} seconds`, undefined, running);
			}

			case 'exit': {
				if (init.exit.error) {
					return fail('Runtime.InvalidEntrypoint', `fork/exec ${sandbox.file}: ${init.exit.error.message}`, undefined, running);
				}

				return fail('Runtime.ExitError', exitReason(init.exit), undefined, running);
			}
		}
	}

	async #run(running: Running, input: InvokeInput): Promise<InvokeOutcome> {
		const started = performance.now();
		const limitBytes = this.spec.memorySize * 1024 * 1024;
		type Verdict = {kind: 'reply'; reply: RuntimeReply} | {kind: 'exit'; exit: Exit} | {kind: 'timeout'} | {kind: 'memory'};
		let timer: NodeJS.Timeout | undefined;
		let watchdog: NodeJS.Timeout | undefined;
		let verdict: Verdict;
		try {
			verdict = await new Promise<Verdict>((resolve, reject) => {
				running.api.deliver({...input, deadlineMs: Date.now() + input.timeoutMs}).then(reply => resolve({kind: 'reply', reply}), reject);
				if (running.exit) {
					resolve({kind: 'exit', exit: running.exit});
				}

				running.onExit = exit => resolve({kind: 'exit', exit});
				timer = setTimeout(() => resolve({kind: 'timeout'}), input.timeoutMs);
				watchdog = setInterval(() => {
					const rss = environmentMemory(running.pid, running.runtimePid);
					this.#peakBytes = Math.max(this.#peakBytes, rss);
					if (rss > limitBytes) {
						resolve({kind: 'memory'});
					}
				}, 50);
			});
		} finally {
			running.onExit = undefined;
			clearTimeout(timer);
			clearInterval(watchdog);
		}

		const durationMs = verdict.kind === 'timeout' ? input.timeoutMs : performance.now() - started;
		const maxMemoryUsedMb = verdict.kind === 'memory' ? this.spec.memorySize : this.#measure(running.runtimePid, verdict.kind !== 'reply');
		const failure = async (errorType: string, message: string): Promise<InvokeOutcome> => {
			running.api.abandon();
			await this.#reset();
			return {
				status: 'failure',
				payload: platformError(input.requestId, errorType, message),
				errorType,
				platformLog: errorType === 'Sandbox.Timedout' ? `${new Date().toISOString()} ${input.requestId} ${message}` : `RequestId: ${input.requestId} Error: ${message}\n${errorType}`,
				durationMs,
				maxMemoryUsedMb,
				reset: true,
			};
		};

		switch (verdict.kind) {
			case 'reply': {
				const {reply} = verdict;
				await running.logs.settle(reply.logBytes);
				if (reply.kind === 'too-large') {
					return {
						status: 'failure',
						payload: Buffer.from(JSON.stringify({errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${limits.syncResponseBytes} bytes).`})),
						errorType: 'Function.ResponseSizeTooLarge',
						durationMs,
						maxMemoryUsedMb,
						reset: false,
					};
				}

				return reply.kind === 'response'
					? {status: 'success', payload: reply.body, durationMs, maxMemoryUsedMb, reset: false}
					: {status: 'function-error', payload: reply.body, errorType: reply.errorType, durationMs, maxMemoryUsedMb, reset: false};
			}

			case 'timeout': {
				return failure('Sandbox.Timedout', timeoutMessage(input.timeoutMs / 1000));
			}

			case 'memory': {
				return failure('Runtime.OutOfMemory', 'Runtime exited with error: signal: killed');
			}

			case 'exit': {
				return failure('Runtime.ExitError', exitReason(verdict.exit));
			}
		}
	}

	/**
	Max Memory Used: the runtime process's own high-water mark, or more when the watchdog saw the whole tree use more.

	The high-water mark is read from `/proc` at most every 100 ms per environment (a read costs ~30 µs, a tenth of a warm invoke): at thousands of invokes a second reading it each time would cost more than the invoke, and a peak only grows.
	*/
	#measure(pid: number, force = false) {
		const now = performance.now();
		if (force || now - this.#measuredAt > 100) {
			this.#measuredAt = now;
			this.#peakBytes = Math.max(this.#peakBytes, peakRss(pid));
		}

		return megabytes(this.#peakBytes);
	}
}
