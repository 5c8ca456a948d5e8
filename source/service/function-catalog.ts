import {systemClock, type Clock} from '../core/clock.js';
import {functionArn, isCreatableName, parseFunctionReference, parseNewFunctionName, type Account} from '../core/arn.js';
import {damagedFunction, functionNotFound, invalidParameter, preconditionFailed, resourceConflict} from '../core/errors.js';
import {pageAfter} from '../core/paging.js';
import {runtimeFamily, supportedRuntimes} from '../core/runtimes.js';
import type {
	CreateFunctionRequest, FunctionConfiguration, FunctionExtras, GetFunctionResponse, ListFunctionsRequest, ListFunctionsResponse,
	RuntimeSupport, UpdateFunctionCodeRequest, UpdateFunctionConfigurationRequest,
} from '../core/types.js';
import {mergeLoggingConfig} from '../core/logging-config.js';
import {validateConfiguration, validateFunctionVersion} from '../core/validate.js';
import {probeInterpreters, resolveInterpreter} from '../runtime/interpreters.js';
import type {ArtifactStore} from '../store/artifacts.js';
import type {DamagedRecord, FunctionRecord, Registry} from '../store/registry.js';
import {applyConfigurationUpdate, checkUnzippedTotal, listItem, newConfiguration, settled, updating, withLayers, withRuntimeVersion} from './configuration.js';
import type {EventHub} from './events.js';
import {asQualified, resolveQualifier, type ResolvedQualifier} from './qualifiers.js';
import {checkTagCount} from './tags-and-concurrency.js';
import {pageByPosition, Versions} from './versions.js';

/**
What the control plane works with: where functions live, how runtimes map to interpreters, the stores, the event hub, and how to stop a function's environments.
*/
export type CatalogParts = {
	account: Account;
	runtimeBinaries: Record<string, string>;
	registry: Registry;
	artifacts: ArtifactStore;
	hub: EventHub;
	/** Stop environments: every one of a function given its name, those of one version given `NAME:VERSION`. */
	retire: (functionName: string) => Promise<void>;
	/** Remove what a deleted function leaves beside its record: its logs, invocation records and /tmp folders. */
	onDelete?: (functionName: string) => Promise<void>;
	/** Where GetFunction says a package can be fetched, from the zip's hex SHA-256; a `file://` URL of the stored zip unless a server gives one. */
	codeLocation?: (sha256Hex: string) => string;
	/** Check a function's `Layers` and give them as its configuration lists them, with their unzipped size; none when the service has no layers. */
	resolveLayers?: (arns: string[], runtime: string) => Array<{Arn: string; CodeSize: number; unzippedSize: number}>;
	/** The service's clock: a create or update settles (Pending to Active, InProgress to Successful) on its next tick. */
	clock?: Clock;
};

/**
What DeleteFunction answers: nothing but the 204 status the REST API sends.
*/
export type DeleteFunctionResult = {StatusCode: 204};

const versionNumber = /^\d+$/;

/**
The control plane: CreateFunction, GetFunction, ListFunctions, UpdateFunctionCode, UpdateFunctionConfiguration and DeleteFunction with Lambda's validation, states and messages, plus the console's saved test events.
*/
export class FunctionCatalog {
	readonly account: Account;
	readonly #runtimeBinaries: Record<string, string>;
	readonly #registry: Registry;
	readonly #artifacts: ArtifactStore;
	readonly #hub: EventHub;
	readonly #retire: (functionName: string) => Promise<void>;
	readonly #onDelete: (functionName: string) => Promise<void>;
	readonly #codeLocation: (sha256Hex: string) => string;
	readonly #cleanedUp: Promise<void>;
	readonly #settling = new Map<string, Promise<void>>();
	readonly #clock: Clock;
	readonly #resolveLayers: NonNullable<CatalogParts['resolveLayers']>;
	/** PublishVersion, ListVersionsByFunction and the deletion of versions. */
	readonly versions: Versions;

	constructor(parts: CatalogParts) {
		this.account = parts.account;
		this.#runtimeBinaries = parts.runtimeBinaries;
		this.#registry = parts.registry;
		this.#artifacts = parts.artifacts;
		this.#hub = parts.hub;
		this.#retire = parts.retire;
		this.#clock = parts.clock ?? systemClock;
		this.#resolveLayers = parts.resolveLayers ?? (arns => {
			if (arns.length > 0) {
				throw invalidParameter(`Layer version ${arns[0]} does not exist.`);
			}

			return [];
		});
		this.#onDelete = parts.onDelete ?? (async () => undefined);
		this.#codeLocation = parts.codeLocation ?? (hex => `file://${this.#artifacts.zipPath(hex)}`);
		this.versions = new Versions({
			account: this.account,
			registry: this.#registry,
			hub: this.#hub,
			find: name => this.find(name),
			settledFor: async name => this.settledFor(name),
			retire: this.#retire,
			pruneCode: async () => this.#artifacts.prune(this.#codeInUse()),
		});
		// Packages left by DryRun updates and interrupted creates go when the data dir opens.
		this.#cleanedUp = this.#artifacts.prune(this.#codeInUse(), {leftovers: true});
		for (const record of this.#registry.list()) {
			if (record.configuration.State !== 'Active' || record.configuration.LastUpdateStatus !== 'Successful') {
				this.#settle(record.configuration.FunctionName);
			}
		}
	}

	/**
	Wait until a create or update of the function has settled (Active, Successful); at once when none is under way.
	*/
	async settledFor(functionName: string) {
		await this.#settling.get(functionName);
	}

	/**
	Wait until every create and update under way has settled.
	*/
	async settleAll() {
		await Promise.all([this.#cleanedUp, ...this.#settling.values()]);
	}

	/**
	The functions whose records could not be read: ListFunctions leaves them out, and every call naming one says what is wrong.
	*/
	damagedFunctions(): DamagedRecord[] {
		return this.#registry.damaged();
	}

	/**
	The runtimes this machine can run, in Lambda's order, each with what runs it. Interpreters are looked up once and remembered.
	*/
	async listRuntimes(): Promise<RuntimeSupport[]> {
		await probeInterpreters(supportedRuntimes, this.#runtimeBinaries);
		return supportedRuntimes.filter(runtime => runtimeFamily(runtime) !== 'other').flatMap(runtime => {
			try {
				const interpreter = resolveInterpreter(runtime, this.#runtimeBinaries);
				return [{Runtime: runtime, Interpreter: interpreter.binary ? `${interpreter.binary} (${interpreter.version ?? 'unknown version'})` : 'the package\'s own bootstrap'}];
			} catch {
				return [];
			}
		});
	}

	/**
	The folder a function's code is unpacked in.
	*/
	codeFolder(configuration: FunctionConfiguration) {
		return this.#artifacts.folder(Buffer.from(configuration.CodeSha256, 'base64').toString('hex'));
	}

	async createFunction(request: CreateFunctionRequest, extras: FunctionExtras = {}): Promise<FunctionConfiguration> {
		const name = parseNewFunctionName(this.account, request.FunctionName);
		if (request.PackageType !== undefined && request.PackageType !== 'Zip') {
			throw invalidParameter('lambdeck runs Zip functions only; container images are not supported.');
		}

		validateConfiguration(request, {creating: true});
		mergeLoggingConfig(name, undefined, request.LoggingConfig);
		checkTagCount(request.Tags ?? {});
		resolveInterpreter(request.Runtime!, this.#runtimeBinaries);
		if (this.#registry.get(name)) {
			throw resourceConflict(`Function already exist: ${name}`);
		}

		this.#refuseDamaged(name);

		if (!request.Code?.ZipFile) {
			throw invalidParameter('Please provide a source for function code.');
		}

		const layers = this.#resolveLayers(request.Layers ?? [], request.Runtime!);
		const artifact = await this.#artifacts.put(request.Code.ZipFile);
		let configuration: FunctionConfiguration;
		try {
			if (this.#registry.get(name)) {
				throw resourceConflict(`Function already exist: ${name}`);
			}

			checkUnzippedTotal(artifact.unzippedSize, layers);
			configuration = withLayers(newConfiguration(this.account, name, request, artifact), layers);
			this.#registry.put({configuration, extras, ...(request.Tags && Object.keys(request.Tags).length > 0 ? {tags: {...request.Tags}} : {})});
		} finally {
			this.#artifacts.release(artifact.sha256Hex);
		}

		this.#hub.emit({type: 'function', functionName: name, change: 'created', configuration});
		this.#settle(name);
		// With Publish, CreateFunction answers $LATEST's configuration numbered as the version it published.
		return request.Publish ? {...configuration, Version: this.versions.publish(this.#registry.get(name)!).Version} : configuration;
	}

	getFunction(reference: {FunctionName: string; Qualifier?: string}): GetFunctionResponse {
		const configuration = this.#qualifiedConfiguration(reference);
		const hex = Buffer.from(configuration.CodeSha256, 'base64').toString('hex');
		return {
			Configuration: withRuntimeVersion(configuration),
			Code: {RepositoryType: 'S3', Location: this.#codeLocation(hex)},
		};
	}

	getFunctionConfiguration(reference: {FunctionName: string; Qualifier?: string}): FunctionConfiguration {
		return withRuntimeVersion(this.#qualifiedConfiguration(reference));
	}

	/**
	The configuration a qualifier names, its ARN carrying the qualifier as given.
	*/
	#qualifiedConfiguration(reference: {FunctionName: string; Qualifier?: string}) {
		const resolved = this.resolve(reference.FunctionName, reference.Qualifier);
		return asQualified(resolved.configuration, resolved.qualifier);
	}

	/**
	lambdeck's own facts about a function, such as the folder it was deployed from.
	*/
	getFunctionExtras(functionName: string): FunctionExtras {
		return this.find(functionName).extras;
	}

	/**
	Set lambdeck's own facts about a function, for clients that create or update it over the Lambda API and say the rest apart.
	*/
	setFunctionExtras(functionName: string, extras: FunctionExtras) {
		const record = this.find(functionName);
		this.#registry.put({...record, extras: {...record.extras, ...extras}});
	}

	/**
	Each function's log group (`LoggingConfig.LogGroup` of `$LATEST`), by function name.
	*/
	logGroups(): Map<string, string> {
		return new Map(this.#registry.list().map(record => [record.configuration.FunctionName, record.configuration.LoggingConfig.LogGroup]));
	}

	listFunctions(request: ListFunctionsRequest = {}): ListFunctionsResponse {
		validateFunctionVersion(request.FunctionVersion);
		if (request.FunctionVersion === 'ALL') {
			// Every version of every function, each by its qualified ARN, $LATEST first.
			const all = this.#registry.list().flatMap(record => [asQualified(record.configuration, '$LATEST'), ...record.versions ?? []]);
			const {page, nextMarker} = pageByPosition(all, configuration => configuration.FunctionArn, request.Marker, request.MaxItems);
			return {Functions: page.map(configuration => listItem(configuration)), ...(nextMarker ? {NextMarker: nextMarker} : {})};
		}

		const {page, nextMarker} = pageAfter(this.#registry.list(), record => record.configuration.FunctionName, request.Marker, request.MaxItems);
		return {Functions: page.map(record => listItem(record.configuration)), ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	async updateFunctionCode(request: UpdateFunctionCodeRequest, extras?: FunctionExtras): Promise<FunctionConfiguration> {
		const record = this.#updatable(request.FunctionName, request.RevisionId);
		if (!request.ZipFile) {
			throw invalidParameter('Please provide a source for function code.');
		}

		const artifact = await this.#artifacts.put(request.ZipFile);
		try {
			if (request.DryRun) {
				return {...record.configuration, CodeSha256: artifact.sha256, CodeSize: artifact.codeSize};
			}

			const current = this.#updatable(request.FunctionName, request.RevisionId);
			const configuration: FunctionConfiguration = {...current.configuration, CodeSha256: artifact.sha256, CodeSize: artifact.codeSize, ...updating()};
			this.#registry.put({...current, configuration, extras: {...current.extras, ...extras}});
			const committed = await this.#committed(configuration);
			// With Publish, the answer is the version published from the new code.
			return request.Publish ? this.versions.publish(this.#registry.get(configuration.FunctionName)!) : committed;
		} finally {
			this.#artifacts.release(artifact.sha256Hex);
			await this.#artifacts.prune(this.#codeInUse());
		}
	}

	async updateFunctionConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration> {
		const record = this.#updatable(request.FunctionName, request.RevisionId);
		validateConfiguration(request, {creating: false});
		if (request.Runtime) {
			resolveInterpreter(request.Runtime, this.#runtimeBinaries);
		}

		const configuration = applyConfigurationUpdate(record.configuration, request);
		if (request.Layers === undefined) {
			return this.#commit(record, configuration);
		}

		const layers = this.#resolveLayers(request.Layers, configuration.Runtime);
		checkUnzippedTotal(await this.#artifacts.storedSize(Buffer.from(configuration.CodeSha256, 'base64').toString('hex')) ?? 0, layers);
		return this.#commit(this.#updatable(request.FunctionName, request.RevisionId), withLayers(configuration, layers));
	}

	/**
	Delete a function, or one of its versions when a qualifier names one. `$LATEST` and aliases are refused before the function is looked up; deleting a version that does not exist succeeds, as on AWS.
	*/
	async deleteFunction(reference: {FunctionName: string; Qualifier?: string}): Promise<DeleteFunctionResult> {
		const {name, qualifier} = parseFunctionReference(this.account, reference.FunctionName, reference.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
		}

		if (qualifier !== undefined && !qualifier.startsWith('$') && !versionNumber.test(qualifier)) {
			throw invalidParameter('Deletion of aliases is not currently supported.');
		}

		if (!this.#registry.damage(name)) {
			this.find(name);
		}

		if (qualifier !== undefined) {
			await this.versions.deleteVersion(this.find(name), qualifier);
			return {StatusCode: 204};
		}

		this.#registry.delete(name);
		await this.#retire(name);
		await this.#onDelete(name);
		await this.#artifacts.prune(this.#codeInUse());
		this.#hub.emit({type: 'function', functionName: name, change: 'deleted'});
		return {StatusCode: 204};
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

	/**
	The record of a function named as the API allows, after checking that its qualifier (in the name or given apart) names a version or alias of it.
	*/
	find(functionName: string, qualifier?: string): FunctionRecord {
		return this.resolve(functionName, qualifier).record;
	}

	/**
	What a function name and qualifier name: the record, the version's configuration and the alias, if any (see resolveQualifier). A missing function is `Function not found` with the ARN as qualified.
	*/
	resolve(functionName: string, qualifier?: string): ResolvedQualifier {
		const reference = parseFunctionReference(this.account, functionName, qualifier);
		const record = isCreatableName(reference.name) ? this.#registry.get(reference.name) : undefined;
		if (!record) {
			this.#refuseDamaged(reference.name);
			throw functionNotFound(functionArn(this.account, reference.name, reference.qualifier));
		}

		return resolveQualifier(this.account, record, reference.qualifier);
	}

	#testEvents(functionName: string) {
		return this.#registry.sideStore<Record<string, string>>(this.find(functionName).configuration.FunctionName, 'test-events');
	}

	#updatable(functionName: string, revisionId?: string) {
		const {name, qualifier} = parseFunctionReference(this.account, functionName, undefined, 'create');
		if (qualifier) {
			throw invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
		}

		const record = this.find(name);
		if (record.configuration.LastUpdateStatus === 'InProgress' || record.configuration.State === 'Pending') {
			throw resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${record.configuration.FunctionArn}`);
		}

		if (revisionId && revisionId !== record.configuration.RevisionId) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
		}

		return record;
	}

	#refuseDamaged(name: string) {
		const damage = this.#registry.damage(name);
		if (damage) {
			throw damagedFunction(name, damage.file, damage.problem);
		}
	}

	async #commit(record: FunctionRecord, configuration: FunctionConfiguration) {
		this.#registry.put({...record, configuration});
		const committed = await this.#committed(configuration);
		await this.#artifacts.prune(this.#codeInUse());
		return committed;
	}

	/**
	After a record is written: stop the environments of the old configuration, tell watchers, and settle.
	*/
	async #committed(configuration: FunctionConfiguration) {
		const name = configuration.FunctionName;
		// Published versions keep their environments: only $LATEST changed.
		await this.#retire(`${name}:$LATEST`);
		this.#hub.emit({type: 'function', functionName: name, change: 'updated', configuration});
		this.#settle(name);
		return configuration;
	}

	/**
	Every function's configuration, for figures across them (GetAccountSettings' usage).
	*/
	configurations(): FunctionConfiguration[] {
		return this.#registry.list().map(record => record.configuration);
	}

	/**
	The stored zip of a package some function uses, by its hex SHA-256, for the code download GetFunction's `Code.Location` names.
	*/
	codeArchive(sha256Hex: string): string | undefined {
		return this.#codeInUse().has(sha256Hex) ? this.#artifacts.zipPath(sha256Hex) : undefined;
	}

	#codeInUse() {
		return new Set(this.#registry.list()
			.flatMap(record => [record.configuration, ...record.versions ?? []])
			.map(configuration => Buffer.from(configuration.CodeSha256, 'base64').toString('hex')));
	}

	/**
	Finish a create or update after the response has gone out: Pending becomes Active and InProgress becomes Successful, as waiters expect.
	*/
	#settle(name: string) {
		const settling = new Promise<void>(resolve => {
			this.#clock.setTimer(() => {
				const record = this.#registry.get(name);
				if (record) {
					const configuration = settled(record.configuration);
					this.#registry.put({...record, configuration});
					this.#hub.emit({type: 'function', functionName: name, change: 'updated', configuration});
				}

				this.#settling.delete(name);
				resolve();
			}, 0);
		});
		this.#settling.set(name, settling);
	}
}
