import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {functionNotFound, invalidParameter, LambdaError, resourceConflict, resourceNotFound} from '../core/errors.js';
import {formatLastModified} from '../core/format.js';
import type {FunctionConfiguration} from '../core/types.js';
import type {FunctionRecord, ProvisionedRecord, Registry} from '../store/registry.js';
import type {ConcurrencyGate} from './concurrency-gate.js';
import {aliasOf, isVersionQualifier, publishedVersion} from './qualifiers.js';


/**
What provisioned concurrency works with: the account, the registry, the concurrency pool, and how environments are started ahead and let go.
*/
export type ProvisionedParts = {
	account: Account;
	registry: Registry;
	gate: ConcurrencyGate;
	/** Start `count` environments of a version; resolves to why one could not start. */
	provision: (configuration: FunctionConfiguration, count: number) => Promise<string | undefined>;
	/** Stop the environments of `NAME:VERSION`. */
	release: (functionVersion: string) => Promise<void>;
};

type Status = {status: 'IN_PROGRESS' | 'READY' | 'FAILED'; reason?: string; available: number};

const notFoundConfig = () => new LambdaError('ProvisionedConcurrencyConfigNotFoundException', 404, 'No Provisioned Concurrency Config found for this function');
const notPublished = 'The function resource provided must be an alias or a published version.';

const provisionedOf = (record: FunctionRecord) => record.provisioned ?? {};

/**
Put, Get, Delete and ListProvisionedConcurrencyConfigs: environments of a version (or of the version an alias points at) started ahead and kept, IN_PROGRESS until they have all initialized, then READY (or FAILED with the reason), counted against the function's reservation or the account's unreserved concurrency as AWS counts them. Configurations are kept in the function's record; their environments are started again when the service opens.
*/
export class ProvisionedConcurrency {
	readonly #parts: ProvisionedParts;
	readonly #status = new Map<string, Status>();
	readonly #starting = new Set<Promise<void>>();

	constructor(parts: ProvisionedParts) {
		this.#parts = parts;
		for (const record of parts.registry.list()) {
			this.#count(record);
			for (const [qualifier, config] of Object.entries(provisionedOf(record))) {
				this.#start(record, qualifier, config.requested);
			}
		}
	}

	putProvisionedConcurrencyConfig(input: {FunctionName: string; Qualifier: string; ProvisionedConcurrentExecutions: number}) {
		const {name, qualifier} = this.#reference(input.FunctionName, input.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter('Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
		}

		const {record, version} = this.#target(name, qualifier);
		const configs = provisionedOf(record);
		const alias = aliasOf(record, qualifier);
		if (Object.keys(alias?.RoutingConfig?.AdditionalVersionWeights ?? {}).length > 0) {
			throw invalidParameter('Alias with weights can not be used with Provisioned Concurrency');
		}

		if (alias && configs[alias.FunctionVersion]) {
			throw resourceConflict('Alias can\'t be used for Provisioned Concurrency configuration on an already Provisioned version');
		}

		if (!alias && (record.aliases ?? []).some(item => item.FunctionVersion === qualifier && configs[item.Name])) {
			throw resourceConflict('Version is pointed by a Provisioned Concurrency alias');
		}

		const requested = input.ProvisionedConcurrentExecutions;
		const others = Object.entries(configs).filter(([key]) => key !== qualifier).reduce((sum, [, config]) => sum + config.requested, 0);
		const {gate} = this.#parts;
		const reserved = gate.reservationOf(name);
		if (reserved === undefined) {
			const unreserved = gate.unreserved + gate.provisionedOf(name);
			if (others + requested > unreserved) {
				throw invalidParameter(`Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${unreserved}].`);
			}

			if (unreserved - others - requested < gate.minimumUnreserved) {
				throw invalidParameter(`Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${gate.minimumUnreserved}].`);
			}
		} else if (others + requested > reserved) {
			throw invalidParameter('Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function');
		}

		const config: ProvisionedRecord = {requested, lastModified: formatLastModified(new Date())};
		const updated = {...record, provisioned: {...configs, [qualifier]: config}};
		this.#parts.registry.put(updated);
		this.#count(updated);
		void this.#parts.release(`${name}:${version}`).then(() => this.#start(updated, qualifier, requested), (error: unknown) => {
			this.#status.set(`${name}:${qualifier}`, {status: 'FAILED', reason: String(error), available: 0});
		});
		this.#status.set(`${name}:${qualifier}`, {status: 'IN_PROGRESS', available: 0});
		return this.#shown(name, qualifier, config);
	}

	getProvisionedConcurrencyConfig(input: {FunctionName: string; Qualifier: string}) {
		const {name, qualifier} = this.#reference(input.FunctionName, input.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter(notPublished);
		}

		const {record} = this.#target(name, qualifier);
		const config = provisionedOf(record)[qualifier];
		if (!config) {
			throw notFoundConfig();
		}

		return this.#shown(name, qualifier, config);
	}

	async deleteProvisionedConcurrencyConfig(input: {FunctionName: string; Qualifier: string}) {
		const {name, qualifier} = this.#reference(input.FunctionName, input.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter(notPublished);
		}

		const {record, version} = this.#target(name, qualifier);
		await this.forget(record, qualifier, version);
	}

	listProvisionedConcurrencyConfigs(input: {FunctionName: string}) {
		const {name} = parseFunctionReference(this.#parts.account, input.FunctionName);
		let record: FunctionRecord;
		try {
			record = this.#find(name);
		} catch {
			throw functionNotFound(functionArn(this.#parts.account, name));
		}

		return {
			ProvisionedConcurrencyConfigs: Object.entries(provisionedOf(record)).map(([qualifier, config]) => ({
				FunctionArn: functionArn(this.#parts.account, name, qualifier),
				...this.#shown(name, qualifier, config),
			})),
		};
	}

	/**
	Drop a configuration (its alias or version went, or DeleteProvisionedConcurrencyConfig) and stop its environments.
	*/
	async forget(record: FunctionRecord, qualifier: string, version?: string) {
		const configs = provisionedOf(record);
		if (!configs[qualifier]) {
			return;
		}

		const {[qualifier]: _gone, ...rest} = configs;
		const updated = {...record, provisioned: rest};
		this.#parts.registry.put(updated);
		this.#count(updated);
		this.#status.delete(`${record.configuration.FunctionName}:${qualifier}`);
		await this.#parts.release(`${record.configuration.FunctionName}:${version ?? aliasOf(record, qualifier)?.FunctionVersion ?? qualifier}`);
	}

	/**
	Move an alias's provisioned concurrency to the version it points at now, as Lambda reallocates it: the old version's environments stop, the new version's start, and the configuration reads IN_PROGRESS until they are ready.
	*/
	retarget(functionName: string, alias: string, previousVersion: string) {
		const record = this.#parts.registry.get(functionName);
		const config = record && provisionedOf(record)[alias];
		if (!record || !config) {
			return;
		}

		const key = `${functionName}:${alias}`;
		this.#status.set(key, {status: 'IN_PROGRESS', available: 0});
		void this.#parts.release(`${functionName}:${previousVersion}`).then(() => {
			this.#start(this.#parts.registry.get(functionName) ?? record, alias, config.requested);
		}, (error: unknown) => {
			this.#status.set(key, {status: 'FAILED', reason: String(error), available: 0});
		});
	}

	/**
	Wait until every provisioning under way has ended, READY or FAILED.
	*/
	async settled() {
		while (this.#starting.size > 0) {
			await Promise.all(this.#starting);
		}
	}

	#start(record: FunctionRecord, qualifier: string, requested: number) {
		const name = record.configuration.FunctionName;
		const key = `${name}:${qualifier}`;
		const version = isVersionQualifier(qualifier) ? qualifier : aliasOf(record, qualifier)?.FunctionVersion;
		const configuration = version && publishedVersion(record, version);
		this.#status.set(key, {status: 'IN_PROGRESS', available: 0});
		if (!configuration) {
			this.#status.set(key, {status: 'FAILED', reason: `The version ${version ?? qualifier} of the function does not exist.`, available: 0});
			return;
		}

		const starting = this.#parts.provision(configuration, requested).then(failure => {
			if (this.#status.has(key)) {
				this.#status.set(key, failure ? {status: 'FAILED', reason: `FUNCTION_ERROR_INIT_FAILURE: ${failure}`, available: 0} : {status: 'READY', available: requested});
			}
		}, (error: unknown) => {
			this.#status.set(key, {status: 'FAILED', reason: String(error), available: 0});
		}).finally(() => this.#starting.delete(starting));
		this.#starting.add(starting);
	}

	#count(record: FunctionRecord) {
		this.#parts.gate.provision(record.configuration.FunctionName, Object.values(provisionedOf(record)).reduce((sum, config) => sum + config.requested, 0));
	}

	#reference(functionName: string, qualifier: string) {
		const reference = parseFunctionReference(this.#parts.account, functionName, qualifier);
		return {name: reference.name, qualifier: reference.qualifier!};
	}

	#find(name: string) {
		const record = this.#parts.registry.get(name);
		if (!record) {
			throw functionNotFound(functionArn(this.#parts.account, name));
		}

		return record;
	}

	/**
	The function and version a qualifier names, with AWS's messages: a version that is not there is `Function not found`, an alias that is not there (or a function that is not there, named with an alias) is `Cannot find alias arn`.
	*/
	#target(name: string, qualifier: string) {
		const arn = functionArn(this.#parts.account, name, qualifier);
		const record = this.#parts.registry.get(name);
		if (isVersionQualifier(qualifier)) {
			if (!record || !publishedVersion(record, qualifier)) {
				throw functionNotFound(arn);
			}

			return {record, version: qualifier};
		}

		const alias = record && aliasOf(record, qualifier);
		if (!record || !alias) {
			throw resourceNotFound(`Cannot find alias arn: ${arn}`);
		}

		return {record, version: alias.FunctionVersion};
	}

	#shown(name: string, qualifier: string, config: ProvisionedRecord) {
		const status = this.#status.get(`${name}:${qualifier}`) ?? {status: 'IN_PROGRESS', available: 0};
		return {
			RequestedProvisionedConcurrentExecutions: config.requested,
			AvailableProvisionedConcurrentExecutions: status.available,
			AllocatedProvisionedConcurrentExecutions: status.available,
			Status: status.status,
			...(status.reason ? {StatusReason: status.reason} : {}),
			LastModified: config.lastModified,
		};
	}
}
