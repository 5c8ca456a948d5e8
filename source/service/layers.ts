import {randomUUID} from 'node:crypto';
import type {Account} from '../core/arn.js';
import {invalidParameter, preconditionFailed, resourceConflict, resourceNotFound} from '../core/errors.js';
import {formatLastModified} from '../core/format.js';
import {limits} from '../core/limits.js';
import type {ArtifactStore} from '../store/artifacts.js';
import type {LayerRecord, LayerStatement, LayerStore, LayerVersionRecord} from '../store/layer-store.js';
import {pageByPosition} from './versions.js';

/**
What the layer operations work with: the account, the layer registry and the store of layer contents.
*/
export type LayersParts = {
	account: Account;
	store: LayerStore;
	artifacts: ArtifactStore;
	/** Where GetLayerVersion says the content can be fetched, from its hex SHA-256. */
	location?: (sha256Hex: string) => string;
};

/**
PublishLayerVersion's input, as the API parses it.
*/
export type PublishLayerVersionRequest = {
	LayerName: string;
	Content: {ZipFile?: Uint8Array};
	Description?: string;
	CompatibleRuntimes?: string[];
	CompatibleArchitectures?: string[];
	LicenseInfo?: string;
};

/**
A function's layer, resolved: its ARN, zipped size, and the folder its content is unpacked in.
*/
export type ResolvedLayer = {Arn: string; CodeSize: number; folder: string; unzippedSize: number};

const notFound = () => resourceNotFound('The resource you requested does not exist.');
const layerArnPattern = /^arn:[^:]+:lambda:([^:]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/;

/**
The layer name of a LayerName parameter, which may also be the layer's ARN.
*/
const layerNameOf = (name: string) => /:layer:([a-zA-Z0-9-_]+)$/.exec(name)?.[1] ?? name;

const checkVersionNumber = (version: number) => {
	if (version < 1) {
		throw invalidParameter('Layer Version Cannot be less than 1');
	}
};

/**
Layers: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion and the layer version permissions, and how a function's `Layers` are checked and found.
*/
export class Layers {
	readonly #parts: LayersParts;

	constructor(parts: LayersParts) {
		this.#parts = parts;
	}

	layerArn(name: string) {
		return `arn:aws:lambda:${this.#parts.account.region}:${this.#parts.account.accountId}:layer:${name}`;
	}

	async publishLayerVersion(request: PublishLayerVersionRequest) {
		if (!request.Content?.ZipFile) {
			throw invalidParameter('Please provide a source for layer content.');
		}

		const name = layerNameOf(request.LayerName);
		const artifact = await this.#parts.artifacts.put(request.Content.ZipFile);
		try {
			const record: LayerRecord = this.#parts.store.get(name) ?? {LayerName: name, LayerArn: this.layerArn(name), lastVersion: 0, versions: [], contents: {}};
			const number = record.lastVersion + 1;
			const version: LayerVersionRecord = {
				Version: number,
				LayerVersionArn: `${record.LayerArn}:${number}`,
				Description: request.Description ?? '',
				CreatedDate: formatLastModified(new Date()),
				...(request.CompatibleRuntimes ? {CompatibleRuntimes: request.CompatibleRuntimes} : {}),
				...(request.CompatibleArchitectures ? {CompatibleArchitectures: request.CompatibleArchitectures} : {}),
				...(request.LicenseInfo === undefined ? {} : {LicenseInfo: request.LicenseInfo}),
				CodeSha256: artifact.sha256,
				CodeSize: artifact.codeSize,
				sha256Hex: artifact.sha256Hex,
				unzippedSize: artifact.unzippedSize,
			};
			this.#parts.store.put({
				...record,
				lastVersion: number,
				versions: [...record.versions, version],
				contents: {...record.contents, [number]: {sha256Hex: artifact.sha256Hex, unzippedSize: artifact.unzippedSize, CodeSize: artifact.codeSize}},
			});
			return this.#shown(record.LayerArn, version);
		} finally {
			this.#parts.artifacts.release(artifact.sha256Hex);
		}
	}

	getLayerVersion(request: {LayerName: string; VersionNumber: number}) {
		checkVersionNumber(request.VersionNumber);
		const record = this.#parts.store.get(layerNameOf(request.LayerName));
		const version = record?.versions.find(item => item.Version === request.VersionNumber);
		if (!record || !version) {
			throw notFound();
		}

		return this.#shown(record.LayerArn, version);
	}

	getLayerVersionByArn(request: {Arn: string}) {
		const match = layerArnPattern.exec(request.Arn);
		if (!match || match[1] !== this.#parts.account.region || match[2] !== this.#parts.account.accountId) {
			throw notFound();
		}

		return this.getLayerVersion({LayerName: match[3]!, VersionNumber: Number(match[4])});
	}

	listLayerVersions(request: {LayerName: string; CompatibleRuntime?: string; CompatibleArchitecture?: string; Marker?: string; MaxItems?: number}) {
		const record = this.#parts.store.get(layerNameOf(request.LayerName));
		const versions = [...record?.versions ?? []].reverse().filter(version => this.#matches(version, request));
		const {page, nextMarker} = pageByPosition(versions, version => String(version.Version), request.Marker, request.MaxItems);
		return {LayerVersions: page.map(version => this.#listed(version)), ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	listLayers(request: {CompatibleRuntime?: string; CompatibleArchitecture?: string; Marker?: string; MaxItems?: number}) {
		const layers = this.#parts.store.list().flatMap(record => {
			const latest = record.versions.filter(version => this.#matches(version, request)).at(-1);
			return latest ? [{LayerName: record.LayerName, LayerArn: record.LayerArn, LatestMatchingVersion: this.#listed(latest)}] : [];
		});
		const {page, nextMarker} = pageByPosition(layers, layer => layer.LayerName, request.Marker, request.MaxItems);
		return {Layers: page, ...(nextMarker ? {NextMarker: nextMarker} : {})};
	}

	/**
	DeleteLayerVersion: the version is no longer listed or found, but functions that use it keep running with its content, as on AWS. Deleting what does not exist succeeds.
	*/
	deleteLayerVersion(request: {LayerName: string; VersionNumber: number}) {
		checkVersionNumber(request.VersionNumber);
		const record = this.#parts.store.get(layerNameOf(request.LayerName));
		if (record?.versions.some(version => version.Version === request.VersionNumber)) {
			this.#parts.store.put({...record, versions: record.versions.filter(version => version.Version !== request.VersionNumber)});
		}
	}

	addLayerVersionPermission(request: {LayerName: string; VersionNumber: number; StatementId: string; Action: string; Principal: string; OrganizationId?: string; RevisionId?: string}) {
		const {record, version} = this.#permissionTarget(request);
		const policy = version.policy;
		if (request.RevisionId && request.RevisionId !== policy?.revisionId) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id');
		}

		if (policy?.statements.some(statement => statement.Sid === request.StatementId)) {
			throw resourceConflict(`The statement id (${request.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
		}

		const statement: LayerStatement = {
			Sid: request.StatementId,
			Effect: 'Allow',
			Principal: request.Principal,
			Action: request.Action,
			Resource: version.LayerVersionArn,
			...(request.OrganizationId ? {Condition: {StringEquals: {'aws:PrincipalOrgID': request.OrganizationId}}} : {}),
		};
		const revisionId = randomUUID();
		this.#putVersion(record, {...version, policy: {revisionId, statements: [...policy?.statements ?? [], statement]}});
		return {Statement: JSON.stringify(statement), RevisionId: revisionId};
	}

	getLayerVersionPolicy(request: {LayerName: string; VersionNumber: number}) {
		const {version} = this.#permissionTarget(request);
		if (!version.policy || version.policy.statements.length === 0) {
			throw resourceNotFound('No policy is associated with the given resource.');
		}

		return {Policy: JSON.stringify({Version: '2012-10-17', Id: 'default', Statement: version.policy.statements}), RevisionId: version.policy.revisionId};
	}

	removeLayerVersionPermission(request: {LayerName: string; VersionNumber: number; StatementId: string; RevisionId?: string}) {
		const {record, version} = this.#permissionTarget(request);
		const policy = version.policy;
		if (request.RevisionId && request.RevisionId !== policy?.revisionId) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id');
		}

		if (!policy?.statements.some(statement => statement.Sid === request.StatementId)) {
			throw resourceNotFound(`Statement ${request.StatementId} is not found in resource policy.`);
		}

		this.#putVersion(record, {...version, policy: {revisionId: randomUUID(), statements: policy.statements.filter(statement => statement.Sid !== request.StatementId)}});
	}

	/**
	Check a function's `Layers` as CreateFunction and UpdateFunctionConfiguration do (at most five, this region, one version per layer, every version existing), and return them in order. Like AWS (as LocalStack's recordings show), a layer's CompatibleRuntimes are not enforced here.
	*/
	resolveFunctionLayers(arns: string[]): ResolvedLayer[] {
		if (arns.length > 5) {
			throw invalidParameter('Cannot reference more than 5 layers.');
		}

		const seen = new Map<string, string>();
		return arns.map(arn => {
			const match = layerArnPattern.exec(arn)!;
			if (match[1] !== this.#parts.account.region) {
				throw invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${this.#parts.account.region}.`);
			}

			const unversioned = arn.slice(0, arn.lastIndexOf(':'));
			const earlier = seen.get(unversioned);
			if (earlier) {
				throw invalidParameter(`Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${arn} are versions of the same layer.`);
			}

			seen.set(unversioned, arn);
			const record = match[2] === this.#parts.account.accountId ? this.#parts.store.get(match[3]!) : undefined;
			const version = record?.versions.find(item => item.Version === Number(match[4]));
			if (!record || !version) {
				throw invalidParameter(`Layer version ${arn} does not exist.`);
			}

			return {Arn: arn, CodeSize: version.CodeSize, folder: this.#parts.artifacts.folder(version.sha256Hex), unzippedSize: version.unzippedSize};
		});
	}

	/**
	The folders of a function's layers, in order, for its environments; a deleted layer version's content is still found.
	*/
	folders(layers: Array<{Arn: string}> | undefined): string[] {
		return (layers ?? []).flatMap(layer => {
			const match = layerArnPattern.exec(layer.Arn);
			const content = match && this.#parts.store.get(match[3]!)?.contents[match[4]!];
			return content ? [this.#parts.artifacts.folder(content.sha256Hex)] : [];
		});
	}

	/**
	The unzipped size of a function's layers, for the 250 MB limit of code and layers together.
	*/
	static unzippedTotal(layers: ResolvedLayer[]) {
		return layers.reduce((sum, layer) => sum + layer.unzippedSize, 0);
	}

	static readonly unzippedLimit = limits.unzippedBytes;

	/**
	Stop the layer store's unzip worker.
	*/
	async close() {
		await this.#parts.artifacts.close();
	}

	#permissionTarget(request: {LayerName: string; VersionNumber: number}) {
		const name = layerNameOf(request.LayerName);
		const record = this.#parts.store.get(name);
		const version = record?.versions.find(item => item.Version === request.VersionNumber);
		if (!record || !version) {
			throw resourceNotFound(`Layer version ${this.layerArn(name)}:${request.VersionNumber} does not exist.`);
		}

		return {record, version};
	}

	#putVersion(record: LayerRecord, version: LayerVersionRecord) {
		this.#parts.store.put({...record, versions: record.versions.map(item => item.Version === version.Version ? version : item)});
	}

	#matches(version: LayerVersionRecord, filter: {CompatibleRuntime?: string; CompatibleArchitecture?: string}) {
		return (!filter.CompatibleRuntime || (version.CompatibleRuntimes ?? []).includes(filter.CompatibleRuntime))
			&& (!filter.CompatibleArchitecture || (version.CompatibleArchitectures ?? []).includes(filter.CompatibleArchitecture));
	}

	#listed(version: LayerVersionRecord) {
		const {CodeSha256, CodeSize, sha256Hex, unzippedSize, policy, ...listed} = version;
		return listed;
	}

	#shown(layerArn: string, version: LayerVersionRecord) {
		const {CodeSha256, CodeSize, sha256Hex, unzippedSize, policy, ...shown} = version;
		const location = this.#parts.location?.(sha256Hex) ?? `file://${this.#parts.artifacts.zipPath(sha256Hex)}`;
		return {Content: {Location: location, CodeSha256, CodeSize}, LayerArn: layerArn, ...shown};
	}
}
