import {randomUUID} from 'node:crypto';
import {functionArn, parseFunctionReference, type Account} from '../core/arn.js';
import {invalidParameter, isLambdaError, LambdaError, preconditionFailed, resourceConflict, resourceNotFound} from '../core/errors.js';
import type {PolicyStatement} from '../core/types.js';
import type {FunctionRecord, Registry} from '../store/registry.js';
import type {EventHub} from './events.js';
import {aliasOf, isVersionQualifier, publishedVersion} from './qualifiers.js';

export type {PolicyStatement} from '../core/types.js';

/**
AddPermission's input, as the API takes it.
*/
export type AddPermissionRequest = {
	FunctionName: string;
	StatementId: string;
	Action: string;
	Principal: string;
	SourceArn?: string;
	SourceAccount?: string;
	EventSourceToken?: string;
	Qualifier?: string;
	RevisionId?: string;
	PrincipalOrgID?: string;
	FunctionUrlAuthType?: string;
	InvokedViaFunctionUrl?: boolean;
};

/**
What the policy operations work with: the account, the registry and how the catalog finds a function.
*/
export type ResourcePoliciesParts = {
	account: Account;
	registry: Registry;
	hub: EventHub;
	find: (functionName: string) => FunctionRecord;
};

/** A policy may be at most 20 KB, as Lambda's. */
const policyLimit = 20_480;

const noPolicy = 'The resource you requested does not exist.';

const principalOf = (principal: string, partition: string): PolicyStatement['Principal'] => {
	if (principal === '*') {
		return '*';
	}

	if (/^[\w.-]+\.amazon(?:aws)?\.com$/.test(principal)) {
		return {Service: principal};
	}

	if (/^\d{12}$/.test(principal)) {
		return {AWS: `arn:${partition}:iam::${principal}:root`};
	}

	if (/^arn:aws[\w-]*:(?:iam|sts)::/.test(principal)) {
		return {AWS: principal};
	}

	throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
};

/**
A statement as AddPermission builds it: the principal as AWS writes it (a service, an account's root, an ARN or `*`) and the request's conditions (`StringEquals` for accounts, organisations, URL auth types and event source tokens, `ArnLike` for the source ARN).
*/
export const buildStatement = (request: AddPermissionRequest, resource: string): PolicyStatement => {
	const equals: Record<string, string> = {
		...(request.SourceAccount === undefined ? {} : {'AWS:SourceAccount': request.SourceAccount}),
		...(request.FunctionUrlAuthType === undefined ? {} : {'lambda:FunctionUrlAuthType': request.FunctionUrlAuthType}),
		...(request.PrincipalOrgID === undefined ? {} : {'aws:PrincipalOrgID': request.PrincipalOrgID}),
		...(request.EventSourceToken === undefined ? {} : {'lambda:EventSourceToken': request.EventSourceToken}),
	};
	const condition = {
		...(Object.keys(equals).length > 0 ? {StringEquals: equals} : {}),
		...(request.InvokedViaFunctionUrl ? {Bool: {'lambda:InvokedViaFunctionUrl': 'true'}} : {}),
		...(request.SourceArn === undefined ? {} : {ArnLike: {'AWS:SourceArn': request.SourceArn}}),
	};
	return {
		Sid: request.StatementId,
		Effect: 'Allow',
		Principal: principalOf(request.Principal, resource.split(':')[1]!),
		Action: request.Action,
		Resource: resource,
		...(Object.keys(condition).length > 0 ? {Condition: condition} : {}),
	};
};

const arnMatches = (pattern: string, arn: string) => new RegExp(`^${pattern.split('*').map(part => part.replaceAll(/[.+?^${}()|[\]\\]/g, String.raw`\$&`)).join('.*')}$`).test(arn);

/**
Whether a policy lets a service principal invoke the function for a source: a statement allowing `lambda:InvokeFunction` (or `lambda:*`, `*`) to that service or to `*`, whose `AWS:SourceArn` and `AWS:SourceAccount` conditions, when it has them, match.
*/
export const policyAllows = (statements: PolicyStatement[], caller: {service: string; sourceArn?: string; sourceAccount?: string}) => statements.some(statement => {
	const principal = statement.Principal;
	const principalMatches = principal === '*' || ('Service' in principal && principal.Service === caller.service);
	const actionMatches = ['lambda:InvokeFunction', 'lambda:*', '*'].includes(statement.Action);
	const sourceArn = statement.Condition?.ArnLike?.['AWS:SourceArn'];
	const sourceAccount = statement.Condition?.StringEquals?.['AWS:SourceAccount'];
	return principalMatches && actionMatches
		&& (sourceArn === undefined || (caller.sourceArn !== undefined && arnMatches(sourceArn, caller.sourceArn)))
		&& (sourceAccount === undefined || caller.sourceAccount === sourceAccount);
});

/**
AddPermission, RemovePermission and GetPolicy: each function's resource-based policy per qualifier (`$LATEST`, a version, an alias), kept in its record, so it survives a restart and goes with the function when it is deleted. As on Lambda, a policy's RevisionId is that of what it is attached to, and changing the policy gives that a new one.
*/
export class ResourcePolicies {
	readonly #parts: ResourcePoliciesParts;

	constructor(parts: ResourcePoliciesParts) {
		this.#parts = parts;
		// A deleted alias or version takes its policy with it, so an alias made again under the same name starts with none.
		parts.hub.subscribe(event => {
			if (event.type === 'function' && event.change === 'updated') {
				this.#prune(event.functionName);
			}
		});
	}

	addPermission(request: AddPermissionRequest) {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, request.FunctionName, request.Qualifier);
		if (qualifier === '$LATEST') {
			throw invalidParameter('We currently do not support adding policies for $LATEST.');
		}

		const record = this.#parts.find(name);
		const target = this.#target(record, qualifier);
		if (request.RevisionId && request.RevisionId !== this.#revisionOf(record, target)) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id');
		}

		const statements = record.policies?.[target] ?? [];
		if (statements.some(statement => statement.Sid === request.StatementId)) {
			throw resourceConflict(`The statement id (${request.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
		}

		const statement = buildStatement(request, functionArn(this.#parts.account, record.configuration.FunctionName, qualifier));
		const next = [...statements, statement];
		const size = JSON.stringify(this.#document(next)).length;
		if (size > policyLimit) {
			throw new LambdaError('PolicyLengthExceededException', 400, `The final policy size (${size}) is bigger than the limit (${policyLimit}).`);
		}

		this.#write(record, target, next);
		return {Statement: JSON.stringify(statement)};
	}

	removePermission(request: {FunctionName: string; StatementId: string; Qualifier?: string; RevisionId?: string}) {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, request.FunctionName, request.Qualifier);
		let record: FunctionRecord;
		try {
			record = this.#parts.find(name);
		} catch (error) {
			throw isLambdaError(error) && error.type === 'ResourceNotFoundException' ? resourceNotFound(`No policy found for: ${functionArn(this.#parts.account, name)}`) : error;
		}

		const target = this.#target(record, qualifier);
		const statements = record.policies?.[target];
		if (!statements) {
			throw resourceNotFound('No policy is associated with the given resource.');
		}

		if (!statements.some(statement => statement.Sid === request.StatementId)) {
			throw resourceNotFound(`Statement ${request.StatementId} is not found in resource policy.`);
		}

		if (request.RevisionId && request.RevisionId !== this.#revisionOf(record, target)) {
			throw preconditionFailed('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
		}

		this.#write(record, target, statements.filter(statement => statement.Sid !== request.StatementId));
	}

	getPolicy(request: {FunctionName: string; Qualifier?: string}) {
		const {record, target} = this.#existingPolicy(request.FunctionName, request.Qualifier);
		return {Policy: JSON.stringify(this.#document(record.policies![target]!)), RevisionId: this.#revisionOf(record, target)};
	}

	/**
	The statements of a function's policy for a qualifier (none for `$LATEST`), empty when it has none: what bucket notifications and other service callers are checked against.
	*/
	statements(functionName: string, qualifier?: string): PolicyStatement[] {
		try {
			const {record, target} = this.#existingPolicy(functionName, qualifier);
			return record.policies![target]!;
		} catch (error) {
			if (isLambdaError(error) && error.type === 'ResourceNotFoundException') {
				return [];
			}

			throw error;
		}
	}

	#existingPolicy(functionName: string, qualifierParameter?: string) {
		const {name, qualifier} = parseFunctionReference(this.#parts.account, functionName, qualifierParameter);
		let record: FunctionRecord;
		let target: string;
		try {
			record = this.#parts.find(name);
			target = this.#target(record, qualifier);
		} catch (error) {
			throw isLambdaError(error) && error.type === 'ResourceNotFoundException' ? resourceNotFound(noPolicy) : error;
		}

		if (!record.policies?.[target]) {
			throw resourceNotFound(noPolicy);
		}

		return {record, target};
	}

	/**
	The qualifier a policy is kept under (`$LATEST` for none), once it names a version or alias the function has, in Lambda's words when it does not.
	*/
	#target(record: FunctionRecord, qualifier: string | undefined) {
		if (qualifier === undefined || qualifier === '$LATEST') {
			return '$LATEST';
		}

		const arn = functionArn(this.#parts.account, record.configuration.FunctionName, qualifier);
		if (isVersionQualifier(qualifier)) {
			if (!publishedVersion(record, qualifier)) {
				throw resourceNotFound(`Function not found: ${arn}`);
			}
		} else if (/^[\w-]+$/.test(qualifier)) {
			if (!aliasOf(record, qualifier)) {
				throw resourceNotFound(`Cannot find alias arn: ${arn}`);
			}
		} else {
			throw resourceNotFound(`Function not found: ${arn}`);
		}

		return qualifier;
	}

	#revisionOf(record: FunctionRecord, target: string) {
		if (target === '$LATEST') {
			return record.configuration.RevisionId;
		}

		return isVersionQualifier(target) ? publishedVersion(record, target)!.RevisionId : aliasOf(record, target)!.RevisionId;
	}

	#prune(functionName: string) {
		const record = this.#parts.registry.get(functionName);
		const policies = record?.policies;
		if (!record || !policies) {
			return;
		}

		const kept = Object.entries(policies).filter(([qualifier]) => qualifier === '$LATEST' || (isVersionQualifier(qualifier) ? publishedVersion(record, qualifier) : aliasOf(record, qualifier)));
		if (kept.length < Object.keys(policies).length) {
			const {policies: _old, ...rest} = record;
			this.#parts.registry.put(kept.length > 0 ? {...rest, policies: Object.fromEntries(kept)} : rest);
		}
	}

	#document(statements: PolicyStatement[]) {
		return {Version: '2012-10-17', Id: 'default', Statement: statements};
	}

	/**
	Store a qualifier's statements (none drops its policy) and give what it is attached to a new RevisionId. A `$LATEST` whose newest version was published from the old revision still counts as unchanged since, so a later PublishVersion answers that version again.
	*/
	#write(record: FunctionRecord, target: string, statements: PolicyStatement[]) {
		const {[target]: _old, ...others} = record.policies ?? {};
		const policies = statements.length > 0 ? {...others, [target]: statements} : others;
		const revision = randomUUID();
		let next: FunctionRecord = {...record, policies};
		if (Object.keys(policies).length === 0) {
			const {policies: _none, ...rest} = next;
			next = rest;
		}

		if (target === '$LATEST') {
			const configuration = {...record.configuration, RevisionId: revision};
			const publishedFrom = record.publishedFrom?.revisionId === record.configuration.RevisionId ? {...record.publishedFrom, revisionId: revision} : record.publishedFrom;
			next = {...next, configuration, ...(publishedFrom ? {publishedFrom} : {})};
		} else if (isVersionQualifier(target)) {
			next = {...next, versions: record.versions!.map(version => version.Version === target ? {...version, RevisionId: revision} : version)};
		} else {
			next = {...next, aliases: record.aliases!.map(alias => alias.Name === target ? {...alias, RevisionId: revision} : alias)};
		}

		this.#parts.registry.put(next);
		this.#parts.hub.emit({type: 'function', functionName: record.configuration.FunctionName, change: 'updated', configuration: {...next.configuration}});
	}
}
