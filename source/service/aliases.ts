import {randomUUID} from 'node:crypto';
import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {functionNotFound, invalidParameter, isLambdaError, preconditionFailed, resourceConflict, resourceNotFound, validationError} from '../core/errors.js';
import type {AliasConfiguration} from '../core/types.js';
import type {FunctionRecord, Registry} from '../store/registry.js';
import type {EventHub} from './events.js';
import {aliasOf, versionConfiguration} from './qualifiers.js';
import {pageByPosition} from './versions.js';

/**
What aliases work with: the account, the registry, how the catalog finds a function, and what else goes when an alias goes.
*/
export type AliasesParts = {
	account: Account;
	registry: Registry;
	hub: EventHub;
	find: (functionName: string) => FunctionRecord;
	/** Called after an alias is deleted, so what hangs on it (provisioned concurrency, a function URL) goes too. */
	onDelete?: (functionName: string, alias: string) => Promise<void> | void;
	/** Called after an alias is pointed at another version, so provisioned concurrency on it moves there. */
	onRetarget?: (functionName: string, alias: string, previousVersion: string) => void;
};

/**
CreateAlias's and UpdateAlias's input.
*/
export type AliasRequest = {
	FunctionName: string;
	Name: string;
	FunctionVersion?: string;
	Description?: string;
	RoutingConfig?: {AdditionalVersionWeights?: Record<string, number>};
	RevisionId?: string;
};

const javaFloat = (value: number) => Number.isInteger(value) ? value.toFixed(1) : String(value);

/**
CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases, with AWS's checks of the routing configuration (one additional version, a weight from 0 to 1, a published version other than the alias's own, none for an alias of `$LATEST`).
*/
export class Aliases {
	readonly #parts: AliasesParts;

	constructor(parts: AliasesParts) {
		this.#parts = parts;
	}

	createAlias(request: AliasRequest): AliasConfiguration {
		const version = request.FunctionVersion!;
		// CreateAlias looks up the target version first, so a missing function is named with it.
		const record = this.#function(request.FunctionName, version);
		const name = record.configuration.FunctionName;
		if (!versionConfiguration(record, version)) {
			throw functionNotFound(functionArn(this.#parts.account, name, version));
		}

		const arn = functionArn(this.#parts.account, name, request.Name);
		if (aliasOf(record, request.Name)) {
			throw resourceConflict(`Alias already exists: ${arn}`);
		}

		const alias: AliasConfiguration = {
			AliasArn: arn,
			Name: request.Name,
			FunctionVersion: version,
			Description: request.Description ?? '',
			...this.#routing(record, version, request.RoutingConfig),
			RevisionId: randomUUID(),
		};
		this.#write(record, [...record.aliases ?? [], alias]);
		return alias;
	}

	getAlias(request: {FunctionName: string; Name: string}): AliasConfiguration {
		const record = this.#function(request.FunctionName);
		const alias = aliasOf(record, request.Name);
		if (!alias) {
			throw resourceNotFound(`Cannot find alias arn: ${functionArn(this.#parts.account, record.configuration.FunctionName, request.Name)}`);
		}

		return alias;
	}

	updateAlias(request: AliasRequest): AliasConfiguration {
		const record = this.#function(request.FunctionName);
		const name = record.configuration.FunctionName;
		const current = aliasOf(record, request.Name);
		if (!current) {
			throw resourceNotFound(`Alias not found: ${functionArn(this.#parts.account, name, request.Name)}`);
		}

		if (request.RevisionId && request.RevisionId !== current.RevisionId) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
		}

		const version = request.FunctionVersion ?? current.FunctionVersion;
		if (!versionConfiguration(record, version)) {
			throw functionNotFound(functionArn(this.#parts.account, name, version));
		}

		const {RoutingConfig: oldRouting, ...rest} = current;
		const routing = request.RoutingConfig === undefined ? (oldRouting ? this.#routing(record, version, oldRouting) : {}) : this.#routing(record, version, request.RoutingConfig);
		const alias: AliasConfiguration = {
			...rest,
			FunctionVersion: version,
			Description: request.Description ?? current.Description,
			...routing,
			RevisionId: randomUUID(),
		};
		this.#write(record, record.aliases!.map(existing => existing.Name === alias.Name ? alias : existing));
		if (version !== current.FunctionVersion) {
			this.#parts.onRetarget?.(name, alias.Name, current.FunctionVersion);
		}

		return alias;
	}

	/**
	DeleteAlias: answers 204 whether or not the alias existed, as AWS does.
	*/
	async deleteAlias(request: {FunctionName: string; Name: string}) {
		const record = this.#function(request.FunctionName);
		if (!aliasOf(record, request.Name)) {
			return;
		}

		this.#write(record, record.aliases!.filter(alias => alias.Name !== request.Name));
		await this.#parts.onDelete?.(record.configuration.FunctionName, request.Name);
	}

	listAliases(request: {FunctionName: string; FunctionVersion?: string; Marker?: string; MaxItems?: number}) {
		const record = this.#function(request.FunctionName);
		const aliases = (record.aliases ?? [])
			.filter(alias => request.FunctionVersion === undefined || alias.FunctionVersion === request.FunctionVersion)
			.sort((a, b) => a.Name.localeCompare(b.Name));
		const {page, nextMarker} = pageByPosition(aliases, alias => alias.AliasArn, request.Marker, request.MaxItems);
		return {Aliases: page, ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	#function(functionName: string, lookedUp?: string) {
		const {name} = parseFunctionReference(this.#parts.account, functionName);
		try {
			return this.#parts.find(name);
		} catch (error) {
			if (lookedUp && isLambdaError(error) && error.message.startsWith('Function not found: ')) {
				throw functionNotFound(functionArn(this.#parts.account, name, lookedUp));
			}

			throw error;
		}
	}

	/**
	The routing part of an alias, checked as AWS checks it; none when the weights are empty.
	*/
	#routing(record: FunctionRecord, version: string, routing: AliasRequest['RoutingConfig']): Pick<AliasConfiguration, 'RoutingConfig'> {
		const weights = Object.entries(routing?.AdditionalVersionWeights ?? {});
		if (weights.length === 0) {
			return {};
		}

		if (weights.length > 1) {
			throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
		}

		const [extra, weight] = weights[0]!;
		if (typeof weight !== 'number' || weight < 0 || weight > 1) {
			throw validationError([`Value '{${extra}=${javaFloat(weight)}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]`]);
		}

		if (extra === version) {
			throw invalidParameter(`Invalid function version ${version}. Function version ${version} is already included in routing configuration.`);
		}

		if (version === '$LATEST') {
			throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
		}

		if (!/^\d+$/.test(extra)) {
			throw validationError([`Value '{${extra}=${javaFloat(weight)}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]`]);
		}

		if (!versionConfiguration(record, extra)) {
			throw functionNotFound(functionArn(this.#parts.account, record.configuration.FunctionName, extra));
		}

		return {RoutingConfig: {AdditionalVersionWeights: {[extra]: weight}}};
	}

	#write(record: FunctionRecord, aliases: AliasConfiguration[]) {
		this.#parts.registry.put({...record, aliases});
		this.#parts.hub.emit({type: 'function', functionName: record.configuration.FunctionName, change: 'updated', configuration: {...record.configuration}});
	}
}
