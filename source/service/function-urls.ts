import {randomBytes} from 'node:crypto';
import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {resourceConflict, resourceNotFound} from '../core/errors.js';
import type {FunctionRecord, FunctionUrlRecord, Registry} from '../store/registry.js';
import {aliasOf} from './qualifiers.js';

/**
What function URLs work with: the account, the registry, and where the service serves them.
*/
export type FunctionUrlsParts = {
	account: Account;
	registry: Registry;
	/** The service's own URL once it serves HTTP; URLs are served under it at `/lambda-url/<url-id>/`. */
	endpoint: () => string | undefined;
};

/**
CreateFunctionUrlConfig's and UpdateFunctionUrlConfig's input.
*/
export type FunctionUrlRequest = {
	FunctionName: string;
	Qualifier?: string;
	AuthType?: 'NONE' | 'AWS_IAM';
	Cors?: Record<string, unknown>;
	InvokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
};

/**
What a URL id leads to: the function, the qualifier its URL was made for (none: `$LATEST`) and the URL's configuration.
*/
export type UrlTarget = {functionName: string; qualifier?: string; config: FunctionUrlRecord};

const noFunction = () => resourceNotFound('Function does not exist');
const noResource = () => resourceNotFound('The resource you requested does not exist.');
const now = () => new Date().toISOString().replace('Z', '+0000');

/**
The path prefix every function URL is served under on the service's port.
*/
export const urlPathPrefix = '/lambda-url/';

/**
Create, Get, Update, Delete and ListFunctionUrlConfigs, and the lookup of a URL id for the requests made to it. A URL belongs to the function or to one alias; its configuration is kept in the function's record.
*/
export class FunctionUrls {
	readonly #parts: FunctionUrlsParts;

	constructor(parts: FunctionUrlsParts) {
		this.#parts = parts;
	}

	createFunctionUrlConfig(request: FunctionUrlRequest) {
		const {record, qualifier, arn} = this.#target(request, noFunction);
		const urls = record.urls ?? {};
		if (urls[qualifier ?? '']) {
			throw resourceConflict(`Failed to create function url config for [functionArn = ${arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
		}

		const time = now();
		const config: FunctionUrlRecord = {
			urlId: randomBytes(16).toString('hex'),
			AuthType: request.AuthType ?? 'NONE',
			...(request.Cors ? {Cors: request.Cors} : {}),
			...(request.InvokeMode ? {InvokeMode: request.InvokeMode} : {}),
			CreationTime: time,
			LastModifiedTime: time,
		};
		this.#parts.registry.put({...record, urls: {...urls, [qualifier ?? '']: config}});
		const {LastModifiedTime: _never, ...shown} = this.#shown(arn, config);
		return shown;
	}

	getFunctionUrlConfig(request: {FunctionName: string; Qualifier?: string}) {
		const {record, qualifier, arn} = this.#target(request, noResource);
		const config = record.urls?.[qualifier ?? ''];
		if (!config) {
			throw noResource();
		}

		return {...this.#shown(arn, config), InvokeMode: config.InvokeMode ?? 'BUFFERED'};
	}

	updateFunctionUrlConfig(request: FunctionUrlRequest) {
		const {record, qualifier, arn} = this.#target(request, noFunction);
		const current = record.urls?.[qualifier ?? ''];
		if (!current) {
			throw noResource();
		}

		const config: FunctionUrlRecord = {
			...current,
			...(request.AuthType ? {AuthType: request.AuthType} : {}),
			...(request.Cors ? {Cors: request.Cors} : {}),
			...(request.InvokeMode ? {InvokeMode: request.InvokeMode} : {}),
			LastModifiedTime: now(),
		};
		this.#parts.registry.put({...record, urls: {...record.urls, [qualifier ?? '']: config}});
		return this.#shown(arn, config);
	}

	deleteFunctionUrlConfig(request: {FunctionName: string; Qualifier?: string}) {
		const {record, qualifier} = this.#target(request, noResource);
		const urls = {...record.urls};
		if (!urls[qualifier ?? '']) {
			throw noResource();
		}

		delete urls[qualifier ?? ''];
		this.#parts.registry.put({...record, urls});
	}

	listFunctionUrlConfigs(request: {FunctionName: string}) {
		const {record} = this.#target({FunctionName: request.FunctionName}, noFunction);
		const name = record.configuration.FunctionName;
		return {
			FunctionUrlConfigs: Object.entries(record.urls ?? {}).map(([qualifier, config]) => ({
				...this.#shown(functionArn(this.#parts.account, name, qualifier || undefined), config),
				InvokeMode: config.InvokeMode ?? 'BUFFERED',
			})),
		};
	}

	/**
	Drop the URL of an alias that was deleted.
	*/
	forget(functionName: string, alias: string) {
		const record = this.#parts.registry.get(functionName);
		if (record?.urls?.[alias]) {
			const {[alias]: _gone, ...urls} = record.urls;
			this.#parts.registry.put({...record, urls});
		}
	}

	/**
	What a URL id leads to, or undefined when no function has that URL.
	*/
	byUrlId(urlId: string): UrlTarget | undefined {
		for (const record of this.#parts.registry.list()) {
			for (const [qualifier, config] of Object.entries(record.urls ?? {})) {
				if (config.urlId === urlId) {
					return {functionName: record.configuration.FunctionName, qualifier: qualifier || undefined, config};
				}
			}
		}

		return undefined;
	}

	/**
	A URL as clients call it: under the service's port, with the trailing `/` AWS's URLs have.
	*/
	urlOf(urlId: string) {
		return `${this.#parts.endpoint() ?? `http://${urlId}.lambda-url.${this.#parts.account.region}.on.aws`}${urlPathPrefix}${urlId}/`;
	}

	#target(request: {FunctionName: string; Qualifier?: string}, missing: () => Error): {record: FunctionRecord; qualifier?: string; arn: string} {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, request.FunctionName, request.Qualifier);
		const record = this.#parts.registry.get(name);
		if (!record || (qualifier !== undefined && !aliasOf(record, qualifier))) {
			throw missing();
		}

		return {record, qualifier, arn: functionArn(this.#parts.account, name, qualifier)};
	}

	#shown(arn: string, config: FunctionUrlRecord) {
		return {
			FunctionUrl: this.urlOf(config.urlId),
			FunctionArn: arn,
			AuthType: config.AuthType,
			...(config.Cors ? {Cors: config.Cors} : {}),
			CreationTime: config.CreationTime,
			LastModifiedTime: config.LastModifiedTime,
			...(config.InvokeMode ? {InvokeMode: config.InvokeMode} : {}),
		};
	}
}
