import {functionArn, type Account} from '../core/arn.js';
import {functionNotFound} from '../core/errors.js';
import type {AliasConfiguration, FunctionConfiguration} from '../core/types.js';
import type {FunctionRecord} from '../store/registry.js';

/**
What a qualifier names on one function: the version whose code and configuration run, and the alias when the qualifier was one.
*/
export type ResolvedQualifier = {
	record: FunctionRecord;
	/** The configuration of the version the qualifier names; for an alias, of the version it points at (its routing aside). */
	configuration: FunctionConfiguration;
	/** `$LATEST` or a version number. */
	version: string;
	alias?: AliasConfiguration;
	/** The qualifier as given; undefined for an unqualified name. */
	qualifier?: string;
};

const versionNumber = /^\d+$/;

/**
Whether a qualifier is a version (`$LATEST` or a number) rather than an alias name.
*/
export const isVersionQualifier = (qualifier: string) => qualifier === '$LATEST' || versionNumber.test(qualifier);

/**
A published version of a function, or undefined.
*/
export const publishedVersion = (record: FunctionRecord, version: string) => record.versions?.find(configuration => configuration.Version === version);

/**
An alias of a function, or undefined.
*/
export const aliasOf = (record: FunctionRecord, name: string) => record.aliases?.find(alias => alias.Name === name);

/**
The configuration of `$LATEST` or of a published version, or undefined when there is no such version.
*/
export const versionConfiguration = (record: FunctionRecord, version: string): FunctionConfiguration | undefined =>
	version === '$LATEST' ? record.configuration : publishedVersion(record, version);

/**
Resolve a function's qualifier as Lambda does for every operation that takes one: none or `$LATEST` is the unpublished version, a number a published version, anything else an alias. A qualifier that names nothing is `Function not found` with the qualified ARN.
*/
export const resolveQualifier = (account: Account, record: FunctionRecord, qualifier?: string): ResolvedQualifier => {
	const name = record.configuration.FunctionName;
	if (qualifier === undefined || qualifier === '$LATEST') {
		return {record, configuration: record.configuration, version: '$LATEST', qualifier};
	}

	if (versionNumber.test(qualifier)) {
		const configuration = publishedVersion(record, qualifier);
		if (!configuration) {
			throw functionNotFound(functionArn(account, name, qualifier));
		}

		return {record, configuration, version: qualifier, qualifier};
	}

	const alias = aliasOf(record, qualifier);
	const configuration = alias && versionConfiguration(record, alias.FunctionVersion);
	if (!alias || !configuration) {
		throw functionNotFound(functionArn(account, name, qualifier));
	}

	return {record, configuration, version: alias.FunctionVersion, alias, qualifier};
};

/**
The version an invoke of an alias runs: the additional version with its weight's probability, else the alias's own. `random` is in [0, 1).
*/
export const routedVersion = (alias: AliasConfiguration, random = Math.random()): string => {
	const [extra] = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
	return extra && random < extra[1] ? extra[0] : alias.FunctionVersion;
};

/**
A configuration as an operation with a qualifier shows it: the ARN carries the qualifier (`:$LATEST` too, when it was given).
*/
export const asQualified = (configuration: FunctionConfiguration, qualifier?: string): FunctionConfiguration =>
	qualifier === undefined ? configuration : {...configuration, FunctionArn: `${unqualifiedArn(configuration)}:${qualifier}`};

/**
The function's ARN without any qualifier, from one of its configurations.
*/
export const unqualifiedArn = (configuration: FunctionConfiguration) => {
	const marker = `:function:${configuration.FunctionName}`;
	return configuration.FunctionArn.slice(0, configuration.FunctionArn.indexOf(marker) + marker.length);
};
