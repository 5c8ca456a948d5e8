import fs from 'node:fs';
import {functionArn, parseFunctionReference, validateFunctionName, type Account} from '../core/arn.js';
import {functionNotFound, invalidParameter, preconditionFailed, resourceConflict, serviceError} from '../core/errors.js';
import {pageAfter} from '../core/paging.js';
import type {
	CreateFunctionRequest, FunctionConfiguration, FunctionExtras, GetFunctionResponse, InvocationRecord, InvocationRequest,
	InvocationResponse, ListFunctionsRequest, ListFunctionsResponse, UpdateFunctionCodeRequest, UpdateFunctionConfigurationRequest,
} from '../core/types.js';
import {validateConfiguration} from '../core/validate.js';
import {resolveInterpreter} from '../runtime/interpreters.js';
import {EnvironmentPool} from '../runtime/pool.js';
import {chooseSandbox, type SandboxMode} from '../runtime/sandbox.js';
import {ArtifactStore} from '../store/artifacts.js';
import {dataPaths, type DataPaths} from '../store/data-dir.js';
import {acquireLock, type DataDirLock} from '../store/lock.js';
import {LogStore, type LogQuery} from '../store/log-store.js';
import {Registry, type FunctionRecord} from '../store/registry.js';
import {loadSettings, type Settings} from '../store/settings.js';
import {applyConfigurationUpdate, newConfiguration, settled, updating} from './configuration.js';
import {EventHub, type ServiceListener} from './events.js';
import {Invoker} from './invoker.js';

/**
How to open a service on a data dir. `settings` override what the data dir's settings file says.
*/
export type ServiceOptions = {
	dataDir: string;
	settings?: Partial<Settings>;
};

const recentLimit = 10_000;

/**
The Lambda service of one data dir: the control plane (create, get, list, update, delete) and invoke, with events for watchers.

Opening it takes the data dir's lock; `close` stops every environment, flushes the logs and gives the lock back.
*/
export class LambdaService {
	readonly paths: DataPaths;
	readonly account: Account;
	readonly sandbox: SandboxMode;
	readonly #settings: Settings;
	readonly #lock: DataDirLock;
	readonly #registry: Registry;
	readonly #artifacts: ArtifactStore;
	readonly #logs: LogStore;
	readonly #pool: EnvironmentPool;
	readonly #hub = new EventHub();
	readonly #invoker: Invoker;
	readonly #settling = new Map<string, Promise<void>>();
	readonly #recent: InvocationRecord[] = [];
	#closed = false;

	private constructor(options: ServiceOptions) {
		this.paths = dataPaths(options.dataDir);
		this.#lock = acquireLock(this.paths.lock, this.paths.root);
		try {
			this.#settings = loadSettings(this.paths.root, options.settings);
			this.account = {region: this.#settings.region, accountId: this.#settings.accountId};
			this.sandbox = chooseSandbox(this.#settings.sandbox);
			this.#registry = new Registry(this.paths.functions);
			this.#artifacts = new ArtifactStore(this.paths.code);
			this.#logs = new LogStore(this.paths.logs);
			this.#pool = new EnvironmentPool(this.#settings.keepAliveSeconds * 1000);
			fs.rmSync(this.paths.tmp, {recursive: true, force: true});
			this.#invoker = new Invoker({
				pool: this.#pool,
				logs: this.#logs,
				hub: this.#hub,
				tmpFolder: this.paths.tmp,
				sandbox: this.sandbox,
				region: this.account.region,
				accountId: this.account.accountId,
				accountConcurrency: this.#settings.accountConcurrency,
				runtimeBinaries: this.#settings.runtimeBinaries,
				codeFolder: configuration => this.#artifacts.folder(Buffer.from(configuration.CodeSha256, 'base64').toString('hex')),
			});
		} catch (error) {
			this.#lock.release();
			throw error;
		}

		this.#hub.subscribe(event => {
			if (event.type === 'invocation') {
				this.#recent.push(event.record);
				if (this.#recent.length > recentLimit * 2) {
					this.#recent.splice(0, this.#recent.length - recentLimit);
				}
			}
		});
		for (const record of this.#registry.list()) {
			if (record.configuration.State !== 'Active' || record.configuration.LastUpdateStatus !== 'Successful') {
				this.#settle(record.configuration.FunctionName);
			}
		}
	}

	/**
	Open the service on a data dir, taking its lock. Fails with a clear error when another process owns the dir.
	*/
	static async open(options: ServiceOptions) {
		return new LambdaService(options);
	}

	get settings(): Readonly<Settings> {
		return this.#settings;
	}

	/**
	Record that the API server listens on `port`, so other processes can find it in the lock file.
	*/
	announcePort(port: number) {
		this.#lock.update(port);
	}

	subscribe(listener: ServiceListener) {
		return this.#hub.subscribe(listener);
	}

	async createFunction(request: CreateFunctionRequest, extras: FunctionExtras = {}): Promise<FunctionConfiguration> {
		validateFunctionName(request.FunctionName);
		if (request.PackageType !== undefined && request.PackageType !== 'Zip') {
			throw invalidParameter('lambdeck runs Zip functions only; container images are not supported.');
		}

		validateConfiguration(request, {creating: true});
		resolveInterpreter(request.Runtime!, this.#settings.runtimeBinaries);
		if (this.#registry.get(request.FunctionName)) {
			throw resourceConflict(`Function already exist: ${request.FunctionName}`);
		}

		if (!request.Code?.ZipFile) {
			throw invalidParameter('Please provide a source for function code.');
		}

		const artifact = this.#artifacts.put(request.Code.ZipFile);
		const configuration = newConfiguration(this.account, request, artifact);
		this.#registry.put({configuration, extras});
		this.#hub.emit({type: 'function', functionName: request.FunctionName, change: 'created', configuration});
		this.#settle(request.FunctionName);
		return configuration;
	}

	getFunction(reference: {FunctionName: string; Qualifier?: string}): GetFunctionResponse {
		const {configuration} = this.#find(reference.FunctionName, reference.Qualifier);
		const hex = Buffer.from(configuration.CodeSha256, 'base64').toString('hex');
		return {
			Configuration: configuration,
			Code: {RepositoryType: 'S3', Location: `file://${this.#artifacts.zipPath(hex)}`},
		};
	}

	getFunctionConfiguration(reference: {FunctionName: string; Qualifier?: string}): FunctionConfiguration {
		return this.#find(reference.FunctionName, reference.Qualifier).configuration;
	}

	/**
	lambdeck's own facts about a function, such as the folder it was deployed from.
	*/
	getFunctionExtras(functionName: string): FunctionExtras {
		return this.#find(functionName).extras;
	}

	listFunctions(request: ListFunctionsRequest = {}): ListFunctionsResponse {
		const {page, nextMarker} = pageAfter(this.#registry.list(), record => record.configuration.FunctionName, request.Marker, request.MaxItems);
		return {Functions: page.map(record => record.configuration), ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	async updateFunctionCode(request: UpdateFunctionCodeRequest, extras?: FunctionExtras): Promise<FunctionConfiguration> {
		const record = this.#updatable(request.FunctionName, request.RevisionId);
		if (!request.ZipFile) {
			throw invalidParameter('Please provide a source for function code.');
		}

		const artifact = this.#artifacts.put(request.ZipFile);
		if (request.DryRun) {
			return {...record.configuration, CodeSha256: artifact.sha256, CodeSize: artifact.codeSize};
		}

		const configuration: FunctionConfiguration = {...record.configuration, CodeSha256: artifact.sha256, CodeSize: artifact.codeSize, ...updating()};
		return this.#commit(record, configuration, extras);
	}

	async updateFunctionConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration> {
		const record = this.#updatable(request.FunctionName, request.RevisionId);
		validateConfiguration(request, {creating: false});
		if (request.Runtime) {
			resolveInterpreter(request.Runtime, this.#settings.runtimeBinaries);
		}

		return this.#commit(record, applyConfigurationUpdate(record.configuration, request));
	}

	async deleteFunction(reference: {FunctionName: string; Qualifier?: string}) {
		const {name, qualifier} = parseFunctionReference(this.account, reference.FunctionName, reference.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
		}

		this.#find(name, qualifier);
		this.#registry.delete(name);
		await this.#pool.retire(`${name}:`);
		this.#artifacts.prune(this.#codeInUse());
		this.#hub.emit({type: 'function', functionName: name, change: 'deleted'});
	}

	async invoke(request: InvocationRequest): Promise<InvocationResponse> {
		if (this.#closed) {
			throw serviceError('The Lambda service is shutting down.');
		}

		const {name, qualifier} = parseFunctionReference(this.account, request.FunctionName, request.Qualifier);
		await this.#settling.get(name);
		const {configuration} = this.#find(name, qualifier);
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
	The log folder of a function, for readers in other processes.
	*/
	logFolder(functionName: string) {
		return this.#logs.folderOf(functionName);
	}

	/**
	Invocations this process has run recently, oldest first, for metrics.
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
	The saved test events of a function, by name, as the console's Test tab keeps them.
	*/
	listTestEvents(functionName: string): Record<string, string> {
		return {...this.#testEvents(functionName).store};
	}

	saveTestEvent(functionName: string, eventName: string, payload: string) {
		this.#testEvents(functionName).set(eventName, payload);
	}

	deleteTestEvent(functionName: string, eventName: string) {
		this.#testEvents(functionName).delete(eventName);
	}

	async close() {
		this.#closed = true;
		await Promise.all(this.#settling.values());
		await this.#pool.close();
		this.#logs.close();
		this.#lock.release();
	}

	#find(functionName: string, qualifier?: string): FunctionRecord {
		const reference = parseFunctionReference(this.account, functionName, qualifier);
		const record = this.#registry.get(reference.name);
		if (!record || (reference.qualifier && reference.qualifier !== '$LATEST')) {
			throw functionNotFound(functionArn(this.account, reference.name, reference.qualifier));
		}

		return record;
	}

	#testEvents(functionName: string) {
		return this.#registry.sideStore<Record<string, string>>(this.#find(functionName).configuration.FunctionName, 'test-events');
	}

	#updatable(functionName: string, revisionId?: string) {
		const {name, qualifier} = parseFunctionReference(this.account, functionName);
		if (qualifier) {
			throw invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
		}

		const record = this.#find(name);
		if (record.configuration.LastUpdateStatus === 'InProgress' || record.configuration.State === 'Pending') {
			throw resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${record.configuration.FunctionArn}`);
		}

		if (revisionId && revisionId !== record.configuration.RevisionId) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
		}

		return record;
	}

	async #commit(record: FunctionRecord, configuration: FunctionConfiguration, extras?: FunctionExtras) {
		const name = configuration.FunctionName;
		this.#registry.put({configuration, extras: {...record.extras, ...extras}});
		await this.#pool.retire(`${name}:`);
		this.#artifacts.prune(this.#codeInUse());
		this.#hub.emit({type: 'function', functionName: name, change: 'updated', configuration});
		this.#settle(name);
		return configuration;
	}

	#codeInUse() {
		return new Set(this.#registry.list().map(record => Buffer.from(record.configuration.CodeSha256, 'base64').toString('hex')));
	}

	/**
	Finish a create or update after the response has gone out: Pending becomes Active and InProgress becomes Successful, as waiters expect.
	*/
	#settle(name: string) {
		const settling = new Promise<void>(resolve => {
			setImmediate(() => {
				const record = this.#registry.get(name);
				if (record) {
					const configuration = settled(record.configuration);
					this.#registry.put({...record, configuration});
					this.#hub.emit({type: 'function', functionName: name, change: 'updated', configuration});
				}

				this.#settling.delete(name);
				resolve();
			});
		});
		this.#settling.set(name, settling);
	}
}
