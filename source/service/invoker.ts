import {randomUUID} from 'node:crypto';
import path from 'node:path';
import {tooManyRequests} from '../core/errors.js';
import {billedDuration, endLine, logStreamName, reportLine, startLine, traceId} from '../core/format.js';
import {initStartEvent, keepsApplicationLine, reportEvent, runtimeDoneEvent, startEvent, writesPlatformEvent} from '../core/platform-records.js';
import {initStartLine} from '../core/runtime-version.js';
import type {FunctionConfiguration, InvocationRecord, InvocationRequest, InvocationResponse, LogEvent} from '../core/types.js';
import {ExecutionEnvironment, type EnvironmentSpec} from '../runtime/environment.js';
import type {InvokeOutcome} from '../runtime/outcome.js';
import {resolveInterpreter} from '../runtime/interpreters.js';
import type {EnvironmentPool} from '../runtime/pool.js';
import type {SandboxMode} from '../runtime/sandbox.js';
import type {LogStore} from '../store/log-store.js';
import type {ConcurrencyGate} from './concurrency-gate.js';
import type {EventHub} from './events.js';
import {decodeClientContext, errorMessageOf, platformStatus, toBytes, validatePayload} from './invoke-input.js';
import {LogTail} from './log-tail.js';

/**
What the invoker needs from the rest of the service.
*/
export type InvokerContext = {
	pool: EnvironmentPool;
	logs: LogStore;
	hub: EventHub;
	tmpFolder: string;
	sandbox: SandboxMode;
	region: string;
	accountId: string;
	accountConcurrency: number;
	/** Reserved concurrency and what runs now; the account limit is checked here too. */
	concurrency: ConcurrencyGate;
	runtimeBinaries: Record<string, string>;
	codeFolder: (configuration: FunctionConfiguration) => string;
	/** The unpacked folders of a configuration's layers, in order. */
	layerFolders?: (configuration: FunctionConfiguration) => string[];
	/** Where the service answers the AWS APIs, once it serves them, and with which credentials. */
	served: () => EnvironmentSpec['service'];
};

/**
Runs invocations: picks or starts an environment, writes START/END/REPORT around the function's own output, and returns what the Invoke API returns.
*/
export class Invoker {
	readonly #context: InvokerContext;
	readonly #active = new Map<ExecutionEnvironment, LogTail>();
	readonly #inFlight = new Set<Promise<unknown>>();

	constructor(context: InvokerContext) {
		this.#context = context;
	}

	async invoke(configuration: FunctionConfiguration, request: InvocationRequest, invokedArn: string): Promise<InvocationResponse> {
		const payload = toBytes(request.Payload);
		const invocationType = request.InvocationType ?? 'RequestResponse';
		validatePayload(payload, invocationType);
		const clientContext = decodeClientContext(request.ClientContext);
		const version = configuration.Version;
		if (invocationType === 'DryRun') {
			return {StatusCode: 204, Payload: new Uint8Array()};
		}

		const name = configuration.FunctionName;
		const throttled = this.#context.concurrency.enter(name);
		if (throttled) {
			this.#context.hub.emit({type: 'invocation', record: {functionName: name, requestId: randomUUID(), timestamp: Date.now(), durationMs: 0, billedDurationMs: 0, maxMemoryUsedMb: 0, throttled: true, coldStart: false}});
			// With no concurrency reserved Lambda still accepts an event, and drops it without running it (there is no retry queue here).
			if (invocationType === 'Event' && this.#context.concurrency.reservationOf(name) === 0) {
				return {StatusCode: 202, Payload: new Uint8Array()};
			}

			throw tooManyRequests(throttled);
		}

		const run = this.#run(configuration, payload, invokedArn, clientContext, request.RequestId).finally(() => this.#context.concurrency.leave(name));
		const tracked = run.catch(() => {}).finally(() => this.#inFlight.delete(tracked));
		this.#inFlight.add(tracked);
		if (invocationType === 'Event') {
			return {StatusCode: 202, Payload: new Uint8Array()};
		}

		const {outcome, tail} = await run;
		const response: InvocationResponse = {StatusCode: 200, ExecutedVersion: version, Payload: outcome.payload};
		if (outcome.status !== 'success') {
			response.FunctionError = 'Unhandled';
		}

		if (request.LogType === 'Tail') {
			response.LogResult = tail.toBase64();
		}

		return response;
	}

	/**
	Wait until every invocation under way has ended: finished, failed or timed out.
	*/
	async drain() {
		while (this.#inFlight.size > 0) {
			await Promise.all(this.#inFlight);
		}
	}

	/**
	The key of a function version's environments. A change of code or configuration makes a new one; a change of its resource policy, which gives it a new RevisionId but leaves LastModified alone (as on AWS), does not.
	*/
	static poolKey(configuration: FunctionConfiguration) {
		return `${configuration.FunctionName}:${configuration.Version}:${configuration.LastModified}:${configuration.CodeSha256}`;
	}

	async #run(configuration: FunctionConfiguration, payload: Uint8Array, invokedArn: string, clientContext?: string, givenRequestId?: string) {
		const {pool} = this.#context;
		const requestId = givenRequestId ?? randomUUID();
		const environment = pool.acquire(Invoker.poolKey(configuration), () => this.#create(configuration));
		const stream = environment.spec.logStreamName;
		const tail = new LogTail();
		// The platform's lines are written in batches (START alone, as it happens; END, REPORT and the rest together): one append and one event each.
		const batch: LogEvent[] = [];
		const log = (message: string) => {
			tail.push(message);
			batch.push({timestamp: Date.now(), message, logStreamName: stream});
		};

		const flush = () => {
			this.#write(configuration.FunctionName, batch.splice(0));
		};

		// What a cold environment prints while it starts goes to the log as it comes; should the start fail, it is the reason, so the tail shows it after START.
		const initOutput = new LogTail();
		this.#active.set(environment, initOutput);
		let started = false;
		const logging = configuration.LoggingConfig;
		const json = logging.LogFormat === 'JSON';
		const platform = (type: string, text: () => string, record: () => string) => {
			if (writesPlatformEvent(logging, type)) {
				log(json ? record() : text());
			}
		};

		const logStart = () => {
			platform('platform.start', () => startLine(requestId, configuration.Version), () => startEvent(requestId, configuration.Version));
		};

		const start = () => {
			started = true;
			logStart();
			flush();
			this.#active.set(environment, tail);
		};

		let outcome: InvokeOutcome;
		try {
			outcome = await environment.invoke({
				requestId,
				payload,
				invokedFunctionArn: invokedArn,
				traceId: traceId(),
				clientContext,
				timeoutMs: configuration.Timeout * 1000,
			}, start);
		} finally {
			this.#active.delete(environment);
			await pool.release(environment);
		}

		if (!started) {
			logStart();
			tail.append(initOutput);
		}

		const billedDurationMs = billedDuration(outcome.durationMs);
		const figures = {durationMs: outcome.durationMs, billedDurationMs, memorySizeMb: configuration.MemorySize, maxMemoryUsedMb: outcome.maxMemoryUsedMb, initDurationMs: outcome.initDurationMs};
		if (json) {
			// The JSON format says how an invoke ended in its records' status and errorType instead of the Text format's extra lines.
			const status = platformStatus(outcome);
			platform('platform.runtimeDone', () => '', () => runtimeDoneEvent(requestId, status, {durationMs: outcome.durationMs, producedBytes: outcome.payload.byteLength}, outcome.errorType));
			platform('platform.report', () => '', () => reportEvent(requestId, status, figures, outcome.errorType));
		} else {
			if (outcome.errorType === 'Sandbox.Timedout' && outcome.platformLog) {
				log(outcome.platformLog);
			}

			log(endLine(requestId));
			log(reportLine(requestId, figures));
			if (outcome.errorType !== 'Sandbox.Timedout' && outcome.platformLog) {
				log(outcome.platformLog);
			}
		}

		flush();

		const record: InvocationRecord = {
			functionName: configuration.FunctionName,
			requestId,
			timestamp: Date.now(),
			durationMs: outcome.durationMs,
			billedDurationMs,
			maxMemoryUsedMb: outcome.maxMemoryUsedMb,
			initDurationMs: outcome.initDurationMs,
			error: outcome.status === 'success' ? undefined : (outcome.errorType ?? 'Unhandled'),
			errorMessage: outcome.status === 'success' ? undefined : errorMessageOf(outcome.payload),
			coldStart: outcome.initDurationMs !== undefined,
		};
		this.#context.hub.emit({type: 'invocation', record});
		return {outcome, tail};
	}

	/**
	Start `count` environments of a version ahead of its invokes (provisioned concurrency), with `AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency`; the pool keeps them. Resolves to why one could not start, if one could not.
	*/
	async provision(configuration: FunctionConfiguration, count: number): Promise<string | undefined> {
		const key = Invoker.poolKey(configuration);
		const environments = Array.from({length: count}, () => {
			const environment = this.#create(configuration, 'provisioned-concurrency');
			this.#context.pool.adopt(key, environment);
			return environment;
		});
		const failures = await Promise.all(environments.map(async environment => environment.warm()));
		return failures.find(failure => failure !== undefined);
	}

	#create(configuration: FunctionConfiguration, initializationType?: 'provisioned-concurrency') {
		const {region, accountId, sandbox, tmpFolder, runtimeBinaries} = this.#context;
		const stream = logStreamName(configuration.Version);
		const name = configuration.FunctionName;
		const logging = configuration.LoggingConfig;
		const environment: ExecutionEnvironment = new ExecutionEnvironment({
			functionName: name,
			version: configuration.Version,
			runtime: configuration.Runtime,
			handler: configuration.Handler,
			memorySize: configuration.MemorySize,
			variables: configuration.Environment?.Variables ?? {},
			region,
			accountId,
			codeFolder: this.#context.codeFolder(configuration),
			layerFolders: this.#context.layerFolders?.(configuration),
			initializationType,
			logGroupName: configuration.LoggingConfig.LogGroup,
			logFormat: configuration.LoggingConfig.LogFormat,
			logLevel: configuration.LoggingConfig.ApplicationLogLevel,
			logStreamName: stream,
			tmpFolder: path.join(tmpFolder, `${name}-${stream.slice(-32)}`),
			interpreter: resolveInterpreter(configuration.Runtime, runtimeBinaries),
			sandbox,
			ephemeralStorageMb: configuration.EphemeralStorage?.Size,
			service: this.#context.served(),
		}, (message, timestamp) => {
			if (!keepsApplicationLine(logging, message)) {
				return;
			}

			this.#active.get(environment)?.push(message);
			this.#write(name, [{timestamp, message, logStreamName: stream}]);
		});
		// A cold start: Lambda logs the runtime version before the environment's first START.
		if (writesPlatformEvent(logging, 'platform.initStart')) {
			const message = logging.LogFormat === 'JSON'
				? initStartEvent({runtime: configuration.Runtime, region, functionName: name, version: configuration.Version, initializationType})
				: initStartLine(configuration.Runtime, region);
			this.#write(name, [{timestamp: Date.now(), message, logStreamName: stream}]);
		}

		return environment;
	}

	#write(functionName: string, events: LogEvent[]) {
		this.#context.logs.append(functionName, events);
		this.#context.hub.emit({type: 'log', functionName, events});
	}
}
