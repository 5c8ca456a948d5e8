import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import {systemClock, type Clock} from '../core/clock.js';
import {functionArn, parseFunctionReference} from '../core/arn.js';
import {resourceNotFound, serviceError} from '../core/errors.js';
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
import type {EventSystem} from './event-system.js';
import {openEventParts} from './event-parts.js';
import type {Buckets} from './buckets/buckets.js';
import {FunctionCatalog} from './function-catalog.js';
import {HotReload} from './hot-reload.js';
import {InvocationHistory} from './invocation-history.js';
import {toBytes, validatePayload} from './invoke-input.js';
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
	history: InvocationHistory;
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
	readonly #history: InvocationHistory;
	readonly #pool: EnvironmentPool;
	readonly #hub: EventHub;
	readonly #invoker: Invoker;
	readonly #accountConcurrency: number;
	readonly #artifacts: ArtifactStore;
	readonly #gate: ConcurrencyGate;
	readonly #hotReload: HotReload;
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
				parts.history.remove(name);
				await removeFunctionTmp(parts.paths.tmp, name);
			},
		});
		this.paths = parts.paths;
		this.#settings = settings;
		this.#lock = parts.lock;
		this.#logs = parts.logs;
		this.#history = parts.history;
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
		}, hub);
		this.tagsAndConcurrency = new TagsAndConcurrency({account: this.account, registry: parts.registry, gate: this.#gate, hub, find: name => this.find(name)});
		this.layers = parts.layers;
		this.aliases = new Aliases({
			account: this.account, registry: parts.registry, hub, find: name => this.find(name),
			onDelete: async (name, alias) => {
				this.functionUrls.forget(name, alias);
				await this.provisioned.forget(this.find(name), alias);
			},
			onRetarget: (name, alias, previousVersion) => {
				this.provisioned.retarget(name, alias, previousVersion);
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
				this.#history.add(event.record);
			} else if (event.type === 'function' && event.change === 'deleted') {
				this.tagsAndConcurrency.forget(event.functionName);
				this.#events?.forgetFunction(event.functionName).catch((error: unknown) => {
					this.#report(`Forgetting the events of ${event.functionName} failed: ${(error as Error).message}`);
				});
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
				history: new InvocationHistory(new LogStore(paths.records, {segmentBytes: 1024 * 1024, maxSegments: 4}), paths.records),
				pool: new EnvironmentPool({keepAliveMs: settings.keepAliveSeconds * 1000, maxEnvironments: accountConcurrencyOf(settings), clock}),
				hub: new EventHub(),
				clock,
				codeLocation: options.codeLocation,
			});
			try {
				({events: service.#events, buckets: service.#buckets} = await openEventParts({
					account,
					clock,
					dataDir: paths.root,
					settings,
					accountConcurrency: service.#accountConcurrency,
					gate: service.#gate,
					invokedConfiguration: (name, qualifier) => service.#invokedConfiguration(name, qualifier),
					run: async (configuration, request, invokedArn) => service.#invoker.invoke(configuration, request, invokedArn),
					invoke: async request => service.invoke(request),
					async queueEvent(request) {
						await service.#dispatch(request);
					},
					functionName(reference) {
						const {name, qualifier} = parseFunctionReference(account, reference);
						return service.find(name, qualifier).configuration.FunctionName;
					},
					statements: (name, qualifier) => service.resourcePolicies.statements(name, qualifier),
					endpointUrl: () => service.#served?.endpointUrl,
					report: message => service.#report(message),
				}));
			} catch (error) {
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

	/**
	Buckets as local folders and their notifications to functions.
	*/
	get buckets() {
		return this.#buckets;
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

		return this.#dispatch(request);
	}

	async #dispatch(request: InvocationRequest): Promise<InvocationResponse> {
		validateInvokeEnums(request);
		const {name, qualifier} = parseFunctionReference(this.account, request.FunctionName, request.Qualifier);
		await this.settledFor(name);
		// Invoke names what it looked for with its qualifier, $LATEST when none was given.
		const configuration = this.#invokedConfiguration(name, qualifier);
		if (request.InvocationType === 'Event') {
			const payload = Buffer.from(toBytes(request.Payload));
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
		return this.#history.list(functionName);
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
		return this.#hotReload.toggle(this.find(functionName).configuration.FunctionName, on);
	}

	/**
	Watch every function deployed from a folder, now and as they are created (`serve --watch`).
	*/
	watchAllFunctions() {
		this.#hotReload.watchAll(this.configurations().map(configuration => configuration.FunctionName));
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
		// Invokes are refused from here on; events the folders' watchers have already seen are still queued as the buckets close.
		this.#closed = true;
		await this.#buckets.close();
		try {
			await this.#hotReload.close();
			await this.settleAll();
			await this.provisioned.settled();
			await this.#events.close();
			await this.#invoker.drain();
			await this.#pool.close();
			this.#logs.close();
			this.#history.close();
			await this.#artifacts.close();
			await this.layers.close();
		} finally {
			this.#lock.release();
		}
	}
}
