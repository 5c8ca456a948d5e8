import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import {systemClock, type Clock} from '../core/clock.js';
import {functionArn, parseFunctionReference} from '../core/arn.js';
import {invalidParameter, resourceNotFound, serviceError} from '../core/errors.js';
import {limits} from '../core/limits.js';
import {validateInvokeEnums} from '../core/validate.js';
import type {EnvironmentInfo, GetFunctionResponse, InvocationRecord, InvocationRequest, InvocationResponse} from '../core/types.js';
import {machineConcurrency} from '../runtime/capacity.js';
import {EnvironmentPool} from '../runtime/pool.js';
import {chooseSandbox, type SandboxMode} from '../runtime/sandbox.js';
import {ArtifactStore} from '../store/artifacts.js';
import {dataPaths, removeFunctionTmp, type DataPaths} from '../store/data-dir.js';
import {acquireLock, type DataDirLock} from '../store/lock.js';
import {LayerStore} from '../store/layer-store.js';
import {LogStore, type LogQuery} from '../store/log-store.js';
import {Registry} from '../store/registry.js';
import {loadSettings, type Settings} from '../store/settings.js';
import {Aliases} from './aliases.js';
import {ConcurrencyGate} from './concurrency-gate.js';
import {EventHub, type ServiceListener} from './events.js';
import {EventSystem} from './event-system.js';
import {Buckets} from './buckets/buckets.js';
import {FunctionCatalog} from './function-catalog.js';
import {HotReload} from './hot-reload.js';
import {validatePayload} from './invoke-input.js';
import {Invoker} from './invoker.js';
import {Layers} from './layers.js';
import {FunctionUrls} from './function-urls.js';
import {ProvisionedConcurrency} from './provisioned-concurrency.js';
import {routedVersion, versionConfiguration} from './qualifiers.js';
import {ResourcePolicies} from './resource-policies.js';
import {TagsAndConcurrency} from './tags-and-concurrency.js';

/**
How to open a service on a data dir. `settings` override what the data dir's settings file says.
*/
export type ServiceOptions = {
	dataDir: string;
	settings?: Partial<Settings>;
	/** Where time comes from; tests pass a ManualClock. */
	clock?: Clock;
	/** Where GetFunction says a package can be fetched, from the zip's hex SHA-256; the server passes its own URL. */
	codeLocation?: (sha256Hex: string) => string;
};

const recentLimit = 10_000;
const recordsKeptMs = 3_600_000;

/**
Invocation records kept on disk, one JSON line each, through the same segmented store as logs; the last hour is loaded again on open so metrics survive a restart.
*/
const loadRecentRecords = (records: LogStore, folder: string): InvocationRecord[] => {
	const since = Date.now() - recordsKeptMs;
	const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
	return names
		.flatMap(name => records.read(name, {startTime: since}).map(event => JSON.parse(event.message) as InvocationRecord))
		.sort((a, b) => a.timestamp - b.timestamp)
		.slice(-recentLimit);
};

const accountConcurrencyOf = (settings: Settings) =>
	settings.accountConcurrency === 'auto' || !Number.isInteger(settings.accountConcurrency) || settings.accountConcurrency < 1 ? machineConcurrency() : settings.accountConcurrency;

type Parts = {
	layers: Layers;
	paths: DataPaths;
	lock: DataDirLock;
	settings: Settings;
	registry: Registry;
	artifacts: ArtifactStore;
	logs: LogStore;
	records: LogStore;
	pool: EnvironmentPool;
	hub: EventHub;
	codeLocation?: (sha256Hex: string) => string;
	clock: Clock;
};

/**
The Lambda service of one data dir: the control plane (create, get, list, update, delete, from FunctionCatalog) and invoke, with events for watchers.

Opening it takes the data dir's lock; `close` stops every environment, flushes the logs and gives the lock back.
*/
export class LambdaService extends FunctionCatalog {
	readonly paths: DataPaths;
	readonly sandbox: SandboxMode;
	readonly #settings: Settings;
	readonly #lock: DataDirLock;
	readonly #logs: LogStore;
	readonly #records: LogStore;
	readonly #pool: EnvironmentPool;
	readonly #hub: EventHub;
	readonly #invoker: Invoker;
	readonly #recent: InvocationRecord[] = [];
	readonly #accountConcurrency: number;
	readonly #artifacts: ArtifactStore;
	readonly #gate: ConcurrencyGate;
	readonly #hotReload: HotReload;
	#watchAll = false;
	/** ListTags, TagResource, UntagResource and the function concurrency operations. */
	readonly tagsAndConcurrency: TagsAndConcurrency;
	/** PublishLayerVersion and the other layer operations. */
	readonly layers: Layers;
	/** Create, Get, Update, Delete and ListFunctionUrlConfigs, and what a URL id leads to. */
	readonly functionUrls: FunctionUrls;
	/** Put, Get, Delete and ListProvisionedConcurrencyConfigs. */
	readonly provisioned: ProvisionedConcurrency;
	/** CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases. */
	readonly aliases: Aliases;
	/** AddPermission, RemovePermission and GetPolicy. */
	readonly resourcePolicies: ResourcePolicies;
	#events!: EventSystem;
	#buckets!: Buckets;
	#closed = false;
	#served: {endpointUrl?: string; credentials?: {accessKeyId: string; secretAccessKey: string}} | undefined;
	#closing: Promise<void> | undefined;

	private constructor(parts: Parts) {
		const {settings, pool, hub} = parts;
		super({
			account: {region: settings.region, accountId: settings.accountId},
			runtimeBinaries: settings.runtimeBinaries,
			registry: parts.registry,
			artifacts: parts.artifacts,
			hub,
			retire: async name => pool.retire(`${name}:`),
			codeLocation: parts.codeLocation,
			clock: parts.clock,
			resolveLayers: arns => parts.layers.resolveFunctionLayers(arns),
			async onDelete(name) {
				parts.logs.remove(name);
				parts.records.remove(name);
				await removeFunctionTmp(parts.paths.tmp, name);
			},
		});
		this.paths = parts.paths;
		this.#settings = settings;
		this.#lock = parts.lock;
		this.#logs = parts.logs;
		this.#records = parts.records;
		this.#recent.push(...loadRecentRecords(parts.records, parts.paths.records));
		this.#pool = pool;
		this.#hub = hub;
		this.sandbox = chooseSandbox(settings.sandbox);
		this.#accountConcurrency = accountConcurrencyOf(settings);
		this.#artifacts = parts.artifacts;
		this.#gate = new ConcurrencyGate(this.#accountConcurrency);
		this.#hotReload = new HotReload({
			sourceDir: name => this.getFunctionExtras(name).SourceDir,
			publish: async (name, zip) => {
				await this.updateFunctionCode({FunctionName: name, ZipFile: zip});
			},
		});
		// With `serve --watch`, functions deployed from a folder later are watched too, and deleted ones are let go.
		hub.subscribe(event => {
			if (event.type !== 'function') {
				return;
			}

			if (event.change === 'deleted') {
				this.#hotReload.unwatch(event.functionName);
			} else if (this.#watchAll && event.change === 'created' && this.getFunctionExtras(event.functionName).SourceDir) {
				this.#hotReload.watch(event.functionName);
			}
		});
		this.tagsAndConcurrency = new TagsAndConcurrency({account: this.account, registry: parts.registry, gate: this.#gate, hub, find: name => this.find(name)});
		this.layers = parts.layers;
		this.aliases = new Aliases({
			account: this.account, registry: parts.registry, hub, find: name => this.find(name),
			onDelete: async (name, alias) => {
				this.functionUrls.forget(name, alias);
				await this.provisioned.forget(this.find(name), alias);
			},
		});
		this.resourcePolicies = new ResourcePolicies({account: this.account, registry: parts.registry, hub, find: name => this.find(name)});
		this.#invoker = new Invoker({
			served: () => this.#served,
			pool,
			logs: parts.logs,
			hub,
			tmpFolder: parts.paths.tmp,
			sandbox: this.sandbox,
			region: settings.region,
			accountId: settings.accountId,
			accountConcurrency: this.#accountConcurrency,
			concurrency: this.#gate,
			runtimeBinaries: settings.runtimeBinaries,
			codeFolder: configuration => this.codeFolder(configuration),
			layerFolders: configuration => parts.layers.folders(configuration.Layers),
		});
		this.functionUrls = new FunctionUrls({account: this.account, registry: parts.registry, endpoint: () => this.#served?.endpointUrl});
		this.provisioned = new ProvisionedConcurrency({
			account: this.account,
			registry: parts.registry,
			gate: this.#gate,
			provision: async (configuration, count) => this.#invoker.provision(configuration, count),
			release: async functionVersion => pool.retire(`${functionVersion}:`),
		});
		hub.subscribe(event => {
			if (event.type === 'invocation') {
				this.#recent.push(event.record);
				this.#records.append(event.record.functionName, [{timestamp: event.record.timestamp, logStreamName: '', message: JSON.stringify(event.record)}]);
				if (this.#recent.length > recentLimit * 2) {
					this.#recent.splice(0, this.#recent.length - recentLimit);
				}
			} else if (event.type === 'function' && event.change === 'deleted') {
				this.tagsAndConcurrency.forget(event.functionName);
				this.#events?.forgetFunction(event.functionName).catch((error: unknown) => {
					this.#report(`Forgetting the events of ${event.functionName} failed: ${(error as Error).message}`);
				});
				this.#recent.splice(0, this.#recent.length, ...this.#recent.filter(record => record.functionName !== event.functionName));
			}
		});
	}

	/**
	Open the service on a data dir, taking its lock. Fails with a clear error when another process owns the dir.
	*/
	static async open(options: ServiceOptions) {
		const paths = dataPaths(options.dataDir);
		const lock = acquireLock(paths.lock, paths.root);
		try {
			const settings = loadSettings(paths.root, options.settings);
			fs.rmSync(paths.tmp, {recursive: true, force: true});
			const clock = options.clock ?? systemClock;
			const account = {region: settings.region, accountId: settings.accountId};
			const service = new LambdaService({
				layers: new Layers({account, store: new LayerStore(paths.layers), artifacts: new ArtifactStore(paths.layerCode)}),
				paths,
				lock,
				settings,
				registry: new Registry(paths.functions),
				artifacts: new ArtifactStore(paths.code),
				logs: new LogStore(paths.logs),
				records: new LogStore(paths.records, {segmentBytes: 1024 * 1024, maxSegments: 4}),
				pool: new EnvironmentPool({keepAliveMs: settings.keepAliveSeconds * 1000, maxEnvironments: accountConcurrencyOf(settings), clock}),
				hub: new EventHub(),
				clock,
				codeLocation: options.codeLocation,
			});
			try {
				service.#events = await service.#openEvents(clock);
				service.#buckets = await service.#openBuckets(clock);
			} catch (error) {
				await service.#events?.close();
				await service.#pool.close();
				throw error;
			}

			return service;
		} catch (error) {
			lock.release();
			throw error;
		}
	}

	/**
	The event-driven parts: asynchronous invocation with its configs and destinations, and the queues.
	*/
	get events() {
		return this.#events;
	}

	async #openEvents(clock: Clock) {
		const {region} = this.account;
		return EventSystem.open({
			account: this.account,
			clock,
			dataDir: this.paths.root,
			retryScale: this.#settings.asyncRetryScale,
			// Events run beside synchronous invokes and the acceptance of more events: the queue keeps to an environment per core (a backlog waits on disk, as Lambda's own queue lets it), mappings to a few pollers per core.
			capacity: () => Math.min(this.#accountConcurrency, Math.max(1, os.availableParallelism())),
			pollerCapacity: () => Math.min(this.#accountConcurrency, Math.max(2, os.availableParallelism() * 2)),
			reservedOf: name => this.#gate.reservationOf(name),
			find: (name, qualifier) => this.#invokedConfiguration(name, qualifier),
			invoke: async (configuration, request, invokedArn) => this.#invoker.invoke(configuration, request, invokedArn),
			invokeFunction: async (arn, payload) => this.invoke({FunctionName: arn, Payload: payload}),
			functionName: reference => {
				const {name, qualifier} = parseFunctionReference(this.account, reference);
				return this.find(name, qualifier).configuration.FunctionName;
			},
			sqsEndpoint: this.#settings.sqsEndpoint,
			queueUrl: (account, name) => `${this.#served?.endpointUrl ?? `https://sqs.${region}.amazonaws.com`}/${account}/${name}`,
			report: message => this.#report(message),
		});
	}

	/**
	Buckets as local folders and their notifications to functions.
	*/
	get buckets() {
		return this.#buckets;
	}

	async #openBuckets(clock: Clock) {
		const settle = this.#settings.bucketWriteSettleMs;
		return Buckets.open({
			account: this.account,
			clock,
			dataDir: this.paths.root,
			writeFinish: {stabilityMs: settle, pollMs: Math.max(10, Math.min(100, Math.round(settle / 4)))},
			exists: (name, qualifier) => {
				try {
					this.#invokedConfiguration(name, qualifier);
					return true;
				} catch {
					return false;
				}
			},
			statements: (name, qualifier) => this.resourcePolicies.statements(name, qualifier),
			invokeAsync: async (arn, payload) => {
				await this.invoke({FunctionName: arn, InvocationType: 'Event', Payload: payload});
			},
			report: message => this.#report(message),
		});
	}

	/**
	The configuration an invoke of a name and qualifier runs: the version itself, or the version an alias routes this invoke to.
	*/
	#invokedConfiguration(name: string, qualifier?: string) {
		const resolved = this.resolve(name, qualifier ?? '$LATEST');
		return resolved.alias ? versionConfiguration(resolved.record, routedVersion(resolved.alias)) ?? resolved.configuration : resolved.configuration;
	}

	#report(message: string) {
		fs.promises.appendFile(this.paths.diagnostics, `${new Date().toISOString()} ${message}\n`).catch(() => undefined);
	}

	get settings(): Readonly<Settings> {
		return this.#settings;
	}

	/**
	GetAccountSettings: Lambda's code-size quotas, this service's concurrency and what the functions use.
	*/
	getAccountSettings() {
		const functions = this.configurations();
		return {
			AccountLimit: {
				TotalCodeSize: 80_530_636_800,
				CodeSizeUnzipped: limits.unzippedBytes,
				CodeSizeZipped: limits.zippedBytes,
				ConcurrentExecutions: this.#accountConcurrency,
				UnreservedConcurrentExecutions: this.#gate.unreserved,
			},
			AccountUsage: {
				TotalCodeSize: functions.reduce((sum, configuration) => sum + configuration.CodeSize, 0),
				FunctionCount: functions.length,
			},
		};
	}

	/**
	GetFunction, with the function's tags and reserved concurrency beside its configuration and code.
	*/
	override getFunction(reference: {FunctionName: string; Qualifier?: string}): GetFunctionResponse {
		const response = super.getFunction(reference);
		return {...response, ...this.tagsAndConcurrency.getFunctionExtras(this.find(reference.FunctionName, reference.Qualifier))};
	}

	/**
	How many invocations may run at once across all functions: the setting, or what this machine can run when it is `auto`.
	*/
	get accountConcurrency() {
		return this.#accountConcurrency;
	}

	/**
	Record that the API server listens on `port`, so other processes can find it in the lock file.
	*/
	announcePort(port: number, url?: string, credentials?: {accessKeyId: string; secretAccessKey: string}) {
		this.#lock.update(port, url);
		this.#served = {endpointUrl: url, credentials};
	}

	subscribe(listener: ServiceListener) {
		return this.#hub.subscribe(listener);
	}

	/**
	Delete a function or one of its versions; a version's provisioned concurrency configuration goes with it, as on AWS, and its concurrency returns to the pool.
	*/
	override async deleteFunction(reference: {FunctionName: string; Qualifier?: string}) {
		const result = await super.deleteFunction(reference);
		const {name, qualifier} = parseFunctionReference(this.account, reference.FunctionName, reference.Qualifier);
		const record = qualifier === undefined ? undefined : this.find(name);
		if (record?.provisioned?.[qualifier!]) {
			await this.provisioned.forget(record, qualifier!, qualifier);
		}

		return result;
	}

	async invoke(request: InvocationRequest): Promise<InvocationResponse> {
		if (this.#closed) {
			throw serviceError('The Lambda service is shutting down.');
		}

		validateInvokeEnums(request);
		const {name, qualifier} = parseFunctionReference(this.account, request.FunctionName, request.Qualifier);
		await this.settledFor(name);
		// Invoke names what it looked for with its qualifier, $LATEST when none was given.
		const configuration = this.#invokedConfiguration(name, qualifier);
		if (request.InvocationType === 'Event') {
			const payload = request.Payload === undefined ? Buffer.alloc(0) : Buffer.from(request.Payload);
			validatePayload(payload, 'Event');
			// Answered only once the event is on disk; the queue runs it with Lambda's retries.
			await this.#events.queue.enqueue({requestId: request.RequestId ?? randomUUID(), functionName: configuration.FunctionName, qualifier, invokedArn: functionArn(this.account, name, qualifier), payload});
			return {StatusCode: 202, Payload: new Uint8Array()};
		}

		return this.#invoker.invoke(configuration, request, functionArn(this.account, name, qualifier));
	}

	/**
	A function's stored log lines, oldest first.
	*/
	filterLogEvents(functionName: string, query?: LogQuery) {
		const {name} = parseFunctionReference(this.account, functionName);
		return this.#logs.read(name, query);
	}

	/**
	Write every buffered log line now, so readers of the log folders see all of it.
	*/
	flushLogs() {
		this.#logs.flush();
	}

	/**
	The log folder of a function, for readers in other processes.
	*/
	logFolder(functionName: string) {
		return this.#logs.folderOf(functionName);
	}

	/**
	Recent invocations, oldest first, for metrics: those of the last hour before this service opened, and every one since.
	*/
	invocationRecords(functionName?: string): InvocationRecord[] {
		return functionName ? this.#recent.filter(record => record.functionName === functionName) : [...this.#recent];
	}

	/**
	How many environments of a function are running, and how many of those are busy.
	*/
	environmentCount(functionName: string) {
		const environments = this.#pool.environments(`${functionName}:`).filter(environment => environment.isWarm || environment.busy);
		return {total: environments.length, busy: environments.filter(environment => environment.busy).length};
	}

	/**
	Turn hot reload of a function on or off (`on` undefined toggles it): a saved change in the folder it was deployed from republishes `$LATEST`. Returns whether it is watched now.
	*/
	watchFunction(functionName: string, on?: boolean): boolean {
		const name = this.find(functionName).configuration.FunctionName;
		if (on ?? !this.#hotReload.watching(name)) {
			try {
				this.#hotReload.watch(name);
			} catch (error) {
				throw invalidParameter((error as Error).message);
			}
		} else {
			this.#hotReload.unwatch(name);
		}

		return this.#hotReload.watching(name);
	}

	/**
	Watch every function deployed from a folder, now and as they are created (`serve --watch`).
	*/
	watchAllFunctions() {
		this.#watchAll = true;
		let marker: string | undefined;
		do {
			const page = this.listFunctions({Marker: marker});
			for (const {FunctionName} of page.Functions) {
				if (this.getFunctionExtras(FunctionName).SourceDir) {
					this.#hotReload.watch(FunctionName);
				}
			}

			marker = page.NextMarker;
		} while (marker);
	}

	/**
	A function's execution environments, for the console: id, version, pid, age, invocations served, peak memory and state.
	*/
	environments(functionName: string): EnvironmentInfo[] {
		this.find(functionName);
		return this.#pool.environments(`${functionName}:`).map(environment => environment.info());
	}

	/**
	Stop one execution environment of a function (when it is busy, as its invocation ends): its next invoke starts cold.
	*/
	async stopEnvironment(functionName: string, environmentId: string) {
		this.find(functionName);
		const found = this.#pool.environments(`${functionName}:`).find(environment => environment.id === environmentId);
		if (!found) {
			throw resourceNotFound(`Execution environment not found: ${environmentId}`);
		}

		await this.#pool.stop(found);
	}

	/**
	Stop taking work, let every invocation under way finish or time out (Event ones too), stop the environments, flush the logs and only then give the data dir back. Calling it again returns the same promise.
	*/
	async close() {
		this.#closing ??= this.#close();
		return this.#closing;
	}

	async #close() {
		// Events the folders' watchers have seen are queued before invokes are refused.
		await this.#buckets.close();
		this.#closed = true;
		try {
			await this.#hotReload.close();
			await this.settleAll();
			await this.provisioned.settled();
			await this.#events.close();
			await this.#invoker.drain();
			await this.#pool.close();
			this.#logs.close();
			this.#records.close();
			await this.#artifacts.close();
			await this.layers.close();
		} finally {
			this.#lock.release();
		}
	}
}
