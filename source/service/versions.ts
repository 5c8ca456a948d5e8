import {randomUUID} from 'node:crypto';
import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {invalidParameter, preconditionFailed, resourceConflict} from '../core/errors.js';
import {formatLastModified} from '../core/format.js';
import {limits} from '../core/limits.js';
import type {FunctionConfiguration, PublishVersionRequest} from '../core/types.js';
import type {FunctionRecord, Registry} from '../store/registry.js';
import {listItem, settled, withRuntimeVersion} from './configuration.js';
import type {EventHub} from './events.js';
import {asQualified, publishedVersion} from './qualifiers.js';

/**
What versions work with: the account, the registry, how the catalog finds a function and waits for its update to settle, and how environments and unused code are let go.
*/
export type VersionsParts = {
	account: Account;
	registry: Registry;
	hub: EventHub;
	find: (functionName: string) => FunctionRecord;
	settledFor: (functionName: string) => Promise<void>;
	/** Stop the environments of `NAME:VERSION`. */
	retire: (functionVersion: string) => Promise<void>;
	/** Drop stored packages no version uses any more. */
	pruneCode: () => Promise<void>;
};

const revisionMismatch = 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

/**
One page of a list the API pages by position (versions sort as numbers, which string markers do not): at most 50 items after the one whose key is `marker`.
*/
export const pageByPosition = <T>(items: T[], keyOf: (item: T) => string, marker?: string, maxItems?: number) => {
	const size = Math.min(maxItems ?? limits.listPageSize, limits.listPageSize);
	const start = marker === undefined ? 0 : items.findIndex(item => keyOf(item) === marker) + 1;
	if (marker !== undefined && start === 0) {
		return {page: [] as T[]};
	}

	const page = items.slice(start, start + size);
	return start + size < items.length ? {page, nextMarker: keyOf(page.at(-1)!)} : {page};
};

/**
PublishVersion, ListVersionsByFunction and the deletion of a version. A version is an immutable copy of `$LATEST`'s code and configuration, numbered from 1 and never renumbered; publishing with nothing changed since the newest version answers that version again, as AWS does.
*/
export class Versions {
	readonly #parts: VersionsParts;

	constructor(parts: VersionsParts) {
		this.#parts = parts;
	}

	async publishVersion(request: PublishVersionRequest): Promise<FunctionConfiguration> {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, request.FunctionName);
		if (qualifier !== undefined) {
			throw invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
		}

		await this.#parts.settledFor(name);
		const record = this.#parts.find(name);
		const latest = record.configuration;
		if (request.RevisionId && request.RevisionId !== latest.RevisionId) {
			throw preconditionFailed(revisionMismatch);
		}

		if (request.CodeSha256 && request.CodeSha256 !== latest.CodeSha256) {
			throw invalidParameter(`CodeSHA256 (${request.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
		}

		return this.publish(record, request.Description, {bumpLatest: true});
	}

	/**
	Publish `$LATEST` of a record as it is now (CreateFunction's and UpdateFunctionCode's `Publish`, and PublishVersion after its checks). With nothing changed since the newest version, that version is the answer.
	*/
	publish(record: FunctionRecord, description?: string, {bumpLatest = false} = {}): FunctionConfiguration {
		const latest = record.configuration;
		const previous = record.publishedFrom?.revisionId === latest.RevisionId ? publishedVersion(record, record.publishedFrom.version) : undefined;
		if (previous) {
			return withRuntimeVersion(previous);
		}

		const number = String((record.lastVersion ?? 0) + 1);
		const version: FunctionConfiguration = {
			...settled(latest),
			FunctionArn: functionArn(this.#parts.account, latest.FunctionName, number),
			Version: number,
			Description: description ?? latest.Description,
			LastModified: formatLastModified(new Date()),
			RevisionId: randomUUID(),
		};
		// Publishing gives $LATEST a new revision too (TestLambdaRevisions records it).
		const configuration = bumpLatest ? {...latest, RevisionId: randomUUID()} : latest;
		this.#parts.registry.put({
			...record,
			configuration,
			versions: [...record.versions ?? [], version],
			lastVersion: Number(number),
			publishedFrom: {revisionId: configuration.RevisionId, version: number},
		});
		this.#parts.hub.emit({type: 'function', functionName: latest.FunctionName, change: 'updated', configuration: {...configuration}});
		return withRuntimeVersion(version);
	}

	/**
	ListVersionsByFunction: `$LATEST` first, then the published versions in order, each by its qualified ARN and shaped as list items are.
	*/
	listVersionsByFunction(request: {FunctionName: string; Marker?: string; MaxItems?: number}) {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, request.FunctionName);
		if (qualifier !== undefined) {
			throw invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
		}

		const record = this.#parts.find(name);
		const all = [asQualified(record.configuration, '$LATEST'), ...record.versions ?? []].map(configuration => listItem(configuration));
		const {page, nextMarker} = pageByPosition(all, configuration => configuration.Version, request.Marker, request.MaxItems);
		return {Versions: page, ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	/**
	DeleteFunction with a version number: the version goes, with its environments and, when nothing else uses it, its code. A version that does not exist is deleted without complaint, as on AWS; one an alias points at is refused.
	*/
	async deleteVersion(record: FunctionRecord, version: string) {
		const name = record.configuration.FunctionName;
		if (!publishedVersion(record, version)) {
			return;
		}

		const pointing = (record.aliases ?? []).filter(alias => alias.FunctionVersion === version || alias.RoutingConfig?.AdditionalVersionWeights?.[version] !== undefined);
		if (pointing.length > 0) {
			throw resourceConflict(`Unable to delete version because the following aliases reference it: [${pointing.map(alias => alias.Name).join(', ')}]`);
		}

		this.#parts.registry.put({...record, versions: record.versions!.filter(configuration => configuration.Version !== version)});
		await this.#parts.retire(`${name}:${version}`);
		await this.#parts.pruneCode();
		this.#parts.hub.emit({type: 'function', functionName: name, change: 'updated', configuration: {...record.configuration}});
	}
}
