import {functionNotFound, invalidParameter, validationError, constraint} from './errors.js';
import {limits} from './limits.js';

/**
Where functions live: the region and account that ARNs are built from.
*/
export type Account = {
	region: string;
	accountId: string;
};

export const defaultAccount: Account = {region: 'us-east-1', accountId: '000000000000'};

export const functionArn = (account: Account, name: string, qualifier?: string) =>
	`arn:aws:lambda:${account.region}:${account.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

const namePattern = /^[a-zA-Z0-9-_]+$/;
const referencePattern = /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/**
A function named as the API allows: a name, a partial or full ARN, each with an optional `:qualifier`.
*/
export type FunctionReference = {
	name: string;
	qualifier?: string;
};

/**
Parse a FunctionName parameter. A qualifier may come in the name or as its own parameter, but not differently in both.
*/
export const parseFunctionReference = (account: Account, reference: string, qualifier?: string): FunctionReference => {
	const match = referencePattern.exec(reference);
	if (!reference || reference.length > limits.namespacedNameLength || !match) {
		throw validationError([constraint(reference, 'functionName', `Member must satisfy regular expression pattern: ${referencePattern.source}`)]);
	}

	const [, region, accountId, name, inlineQualifier] = match;
	if (region && region !== account.region) {
		throw invalidParameter(`Functions from '${region}' are not reachable in this region ('${account.region}')`);
	}

	if (accountId && accountId !== account.accountId) {
		throw functionNotFound(functionArn({...account, accountId}, name!, inlineQualifier ?? qualifier));
	}

	if (inlineQualifier && qualifier && inlineQualifier !== qualifier) {
		throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
	}

	return {name: name!, qualifier: inlineQualifier ?? qualifier};
};

/**
Check a bare function name as CreateFunction does.
*/
export const validateFunctionName = (name: string) => {
	if (typeof name !== 'string' || name.length === 0) {
		throw validationError([constraint(name, 'functionName', 'Member must have length greater than or equal to 1')]);
	}

	if (name.length > limits.functionNameLength) {
		throw invalidParameter(`1 validation error detected: ${constraint(name, 'functionName', `Member must have length less than or equal to ${limits.functionNameLength}`)}`);
	}

	if (!namePattern.test(name)) {
		throw validationError([constraint(name, 'functionName', 'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?')]);
	}
};
