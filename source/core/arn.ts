import {accessDenied, constraint, invalidParameter, resourceNotFound, validationError} from './errors.js';
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

const regionPart = String.raw`((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?`;

/**
The patterns of AWS's service model, as its messages print them: `NamespacedFunctionName` (every operation that reads a function) and `FunctionName` (CreateFunction and the updates), which allows no `.` and no `$LATEST.PUBLISHED`.
*/
export const namePatterns = {
	namespaced: String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?${regionPart}(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`,
	create: String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?${regionPart}(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`,
	qualifier: String.raw`\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`,
} as const;

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const matchers = {namespaced: whole(namePatterns.namespaced), create: whole(namePatterns.create), qualifier: whole(namePatterns.qualifier)};
// The model's pattern lets `my-fn-1:prod` read as a region; a region counts only before an account or `function:`.
const parts = /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}[a-z0-9-]*-\d):(?=\d{12}:|function:))?(?:(\d{12}):)?(?:function:)?([^:]+)(?::(.+))?$/;

/**
Which shape the API gives an operation's FunctionName: CreateFunction and the updates take `FunctionName` (at most 140 characters, the stricter pattern), the others `NamespacedFunctionName` (at most 256).
*/
export type NameShape = 'create' | 'namespaced';

const maxLength: Record<NameShape, number> = {create: limits.functionArnLength, namespaced: limits.namespacedNameLength};

/**
A function named as the API allows: a name, a partial or full ARN, each with an optional `:qualifier`.
*/
export type FunctionReference = {
	name: string;
	qualifier?: string;
};

/**
The model's constraints on FunctionName and Qualifier, in AWS's words and order; what the generated validation at the API boundary also reports.
*/
export const referenceProblems = (reference: string, qualifier: string | undefined, shape: NameShape): string[] => {
	const problems: string[] = [];
	if (typeof reference !== 'string') {
		return [`Value null at 'functionName' failed to satisfy constraint: Member must not be null`];
	}

	if (reference.length < 1) {
		problems.push(constraint(reference, 'functionName', 'Member must have length greater than or equal to 1'));
	} else if (reference.length > maxLength[shape]) {
		problems.push(constraint(reference, 'functionName', `Member must have length less than or equal to ${maxLength[shape]}`));
	}

	if (!matchers[shape].test(reference)) {
		problems.push(constraint(reference, 'functionName', `Member must satisfy regular expression pattern: ${namePatterns[shape]}`));
	}

	if (qualifier !== undefined) {
		if (qualifier.length < 1) {
			problems.push(constraint(qualifier, 'qualifier', 'Member must have length greater than or equal to 1'));
		} else if (qualifier.length > limits.qualifierLength) {
			problems.push(constraint(qualifier, 'qualifier', `Member must have length less than or equal to ${limits.qualifierLength}`));
		}

		if (!matchers.qualifier.test(qualifier)) {
			problems.push(constraint(qualifier, 'qualifier', `Member must satisfy regular expression pattern: ${namePatterns.qualifier}`));
		}
	}

	return problems;
};

/**
Parse a FunctionName parameter as Lambda does: the model's constraints, then the region and account it names, then a qualifier that may come in the name or as its own parameter, but not differently in both.
*/
export const parseFunctionReference = (account: Account, reference: string, qualifier?: string, shape: NameShape = 'namespaced'): FunctionReference => {
	const problems = referenceProblems(reference, qualifier, shape);
	if (problems.length > 0) {
		throw validationError(problems);
	}

	const [, region, accountId, name, inlineQualifier] = parts.exec(reference)!;
	if (region && region !== account.region) {
		throw resourceNotFound(`Functions from '${region}' are not reachable in this region ('${account.region}')`);
	}

	if (accountId && accountId !== account.accountId) {
		throw accessDenied();
	}

	if (inlineQualifier && qualifier && inlineQualifier !== qualifier) {
		throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
	}

	return {name: name!, qualifier: inlineQualifier ?? qualifier};
};

/**
Check CreateFunction's FunctionName: a name, or a full or partial ARN of this region and account, with no qualifier but `$LATEST`; returns the bare name. A bare name longer than 64 characters is refused as Lambda refuses it.
*/
export const parseNewFunctionName = (account: Account, reference: string): string => {
	const {name, qualifier} = parseFunctionReference(account, reference, undefined, 'create');
	if (name.length > limits.functionNameLength) {
		throw invalidParameter(`1 validation error detected: ${constraint(name, 'functionName', `Member must have length less than or equal to ${limits.functionNameLength}`)}`);
	}

	if (qualifier && qualifier !== '$LATEST') {
		throw invalidParameter('Unsupported qualifier in the function name: a function is created as $LATEST; publish a version to get a numbered one.');
	}

	return name;
};

/**
Check a bare function name as CreateFunction does.
*/
export const validateFunctionName = (name: string) => {
	parseNewFunctionName(defaultAccount, name);
};

/**
Whether a name could belong to a function at all: CreateFunction allows no `.`, so such a name is never found (and never reaches the store as a path).
*/
export const isCreatableName = (name: string) => /^[a-zA-Z0-9-_]+$/.test(name) && name.length <= limits.functionNameLength;

/**
The role lambdeck's own tools give a function when none is named: Lambda requires one, and lambdeck does not check it.
*/
export const defaultRoleArn = 'arn:aws:iam::000000000000:role/lambda-role';
