import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {functionNotFound, invalidParameter, isLambdaError, resourceNotFound} from '../core/errors.js';
import type {FunctionRecord, Registry} from '../store/registry.js';
import type {ConcurrencyGate} from './concurrency-gate.js';
import type {EventHub} from './events.js';

/**
What the tag and concurrency operations work with: the account, the registry, how the catalog finds a function, the concurrency pool and the event hub.
*/
export type TagsAndConcurrencyParts = {
	account: Account;
	registry: Registry;
	gate: ConcurrencyGate;
	hub: EventHub;
	find: (functionName: string) => FunctionRecord;
};

/**
The most tags a resource may carry.
*/
export const tagLimit = 50;

const unqualifiedOnly = 'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.';

/**
The resources lambdeck has none of, by their ARN's kind, with the words Lambda uses when one is not found.
*/
const otherResources: Record<string, string> = {
	'event-source-mapping': 'Event source mapping not found',
	'capacity-provider': 'Capacity provider not found',
	'code-signing-config': 'Code signing config not found',
	layer: 'Layer not found',
};

/**
Refuse a tag set a resource may not have, as Lambda does: an empty TagResource, or more than 50 tags in all.
*/
export const checkTagCount = (tags: Record<string, string>) => {
	if (Object.keys(tags).length > tagLimit) {
		throw invalidParameter('Number of tags exceeds resource tag limit.');
	}
};

/**
ListTags, TagResource, UntagResource and the function concurrency operations. Tags and reservations are kept in the function's record, so they survive a restart; reservations are also given to the concurrency pool that invocations are counted against.
*/
export class TagsAndConcurrency {
	readonly #parts: TagsAndConcurrencyParts;

	constructor(parts: TagsAndConcurrencyParts) {
		this.#parts = parts;
		for (const record of parts.registry.list()) {
			if (record.reservedConcurrency !== undefined) {
				parts.gate.reserve(record.configuration.FunctionName, record.reservedConcurrency);
			}
		}
	}

	listTags(input: {Resource: string}) {
		return {Tags: {...this.#tagged(input.Resource).tags}};
	}

	tagResource(input: {Resource: string; Tags?: Record<string, string>}) {
		const record = this.#tagged(input.Resource);
		if (!input.Tags || Object.keys(input.Tags).length === 0) {
			throw invalidParameter('An error occurred and the request cannot be processed.');
		}

		const tags = {...record.tags, ...input.Tags};
		checkTagCount(tags);
		this.#write({...record, tags});
	}

	untagResource(input: {Resource: string; TagKeys: string[]}) {
		const record = this.#tagged(input.Resource);
		const tags = {...record.tags};
		for (const key of input.TagKeys) {
			delete tags[key];
		}

		const {tags: _old, ...rest} = record;
		this.#write(Object.keys(tags).length > 0 ? {...rest, tags} : rest);
	}

	/**
	Reserve concurrency for a function out of the account's, refusing what would leave less unreserved than the minimum (a tenth of the account's concurrency, as AWS keeps 100 of 1,000).
	*/
	putFunctionConcurrency(input: {FunctionName: string; ReservedConcurrentExecutions: number}) {
		const name = this.#unqualified(input.FunctionName);
		const record = this.#existing(name, '$LATEST');
		const reserved = input.ReservedConcurrentExecutions;
		this.#parts.gate.checkReservation(name, reserved);
		this.#write({...record, reservedConcurrency: reserved});
		this.#parts.gate.reserve(name, reserved);
		return {ReservedConcurrentExecutions: reserved};
	}

	getFunctionConcurrency(input: {FunctionName: string}) {
		const record = this.#existing(this.#unqualified(input.FunctionName));
		return record.reservedConcurrency === undefined ? {} : {ReservedConcurrentExecutions: record.reservedConcurrency};
	}

	deleteFunctionConcurrency(input: {FunctionName: string}) {
		const name = this.#unqualified(input.FunctionName);
		const {reservedConcurrency: _old, ...rest} = this.#existing(name);
		this.#write(rest);
		this.#parts.gate.reserve(name, undefined);
	}

	/**
	What GetFunction adds beside the configuration: `Tags` when there are some, `Concurrency` when some is reserved.
	*/
	getFunctionExtras(record: FunctionRecord) {
		return {
			...(record.tags ? {Tags: {...record.tags}} : {}),
			...(record.reservedConcurrency === undefined ? {} : {Concurrency: {ReservedConcurrentExecutions: record.reservedConcurrency}}),
		};
	}

	/**
	A deleted function's reservation goes back to the account.
	*/
	forget(functionName: string) {
		this.#parts.gate.reserve(functionName, undefined);
	}

	/**
	The record of the function a tag operation's ARN names. Only unqualified function ARNs carry tags; lambdeck has no other taggable resources.
	*/
	#tagged(resource: string) {
		const kind = /^arn:[^:]*:lambda:[^:]*:\d{12}:([a-z-]+):/.exec(resource)?.[1];
		if (kind && kind !== 'function') {
			throw resourceNotFound(`${otherResources[kind] ?? 'Resource not found'}: ${resource}`);
		}

		const {name, qualifier} = parseFunctionReference(this.#parts.account, resource);
		if (qualifier !== undefined) {
			throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
		}

		return this.#existing(name);
	}

	#unqualified(functionName: string) {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, functionName);
		if (qualifier !== undefined) {
			throw invalidParameter(unqualifiedOnly);
		}

		return name;
	}

	/**
	The function's record; when there is none, the 404 names the function as the operation looked it up (PutFunctionConcurrency looks up `$LATEST`).
	*/
	#existing(name: string, lookedUp?: string) {
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
	Store a record and tell watchers, with a copy of the configuration so that a console holding the old one sees a change.
	*/
	#write(record: FunctionRecord) {
		this.#parts.registry.put(record);
		this.#parts.hub.emit({type: 'function', functionName: record.configuration.FunctionName, change: 'updated', configuration: {...record.configuration}});
	}
}
