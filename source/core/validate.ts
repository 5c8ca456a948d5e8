import {constraint, invalidParameter, validationError} from './errors.js';
import {limits} from './limits.js';
import {loggingConfigProblems, type LoggingConfigInput} from './logging-config.js';
import {isDeprecatedRuntime, isSupportedRuntime, runtimeFamily, supportedRuntimes} from './runtimes.js';

/**
Variables Lambda sets itself and refuses to let a function override.
*/
export const reservedEnvironmentKeys = new Set([
	'_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
	'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
	'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

const environmentKeyPattern = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const handlerPattern = /^[^\s]+$/;
/** The role pattern as AWS's messages print it. */
const roleSource = String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`;
const rolePattern = new RegExp(`^${roleSource}$`);

/**
The fields of a create or update that Lambda validates one by one. Absent fields are not checked.
*/
export type ConfigurationInput = {
	Runtime?: string;
	Handler?: string;
	Role?: string;
	Description?: string;
	Timeout?: number;
	MemorySize?: number;
	Environment?: {Variables?: Record<string, string>};
	EphemeralStorage?: {Size: number};
	Architectures?: string[];
	LoggingConfig?: LoggingConfigInput;
};

/**
The constraint failures of a configuration, in the API's own words; the service throws them together as one ValidationException.
*/
export const constraintProblems = (input: ConfigurationInput): string[] => {
	const problems: string[] = [];
	const {Timeout, MemorySize, Handler, Description, Role, EphemeralStorage, Architectures} = input;
	if (Timeout !== undefined) {
		if (!Number.isInteger(Timeout) || Timeout < limits.timeoutMin) {
			problems.push(constraint(Timeout, 'timeout', `Member must have value greater than or equal to ${limits.timeoutMin}`));
		} else if (Timeout > limits.timeoutMax) {
			problems.push(constraint(Timeout, 'timeout', `Member must have value less than or equal to ${limits.timeoutMax}`));
		}
	}

	if (MemorySize !== undefined) {
		if (!Number.isInteger(MemorySize) || MemorySize < limits.memoryMin) {
			problems.push(constraint(MemorySize, 'memorySize', `Member must have value greater than or equal to ${limits.memoryMin}`));
		} else if (MemorySize > limits.memoryMax) {
			problems.push(constraint(MemorySize, 'memorySize', `Member must have value less than or equal to ${limits.memoryMax}`));
		}
	}

	if (Handler !== undefined) {
		if (Handler.length > limits.handlerLength) {
			problems.push(constraint(Handler, 'handler', `Member must have length less than or equal to ${limits.handlerLength}`));
		} else if (Handler.length > 0 && !handlerPattern.test(Handler)) {
			problems.push(constraint(Handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+'));
		}
	}

	if (Description !== undefined && Description.length > limits.descriptionLength) {
		problems.push(constraint(Description, 'description', `Member must have length less than or equal to ${limits.descriptionLength}`));
	}

	if (Role !== undefined && !rolePattern.test(Role)) {
		problems.push(constraint(Role, 'role', `Member must satisfy regular expression pattern: ${roleSource}`));
	}

	if (EphemeralStorage !== undefined && (EphemeralStorage.Size < 512 || EphemeralStorage.Size > 10_240)) {
		problems.push(constraint(EphemeralStorage.Size, 'ephemeralStorage.size', EphemeralStorage.Size < 512 ? 'Member must have value greater than or equal to 512' : 'Member must have value less than or equal to 10240'));
	}

	if (Architectures !== undefined) {
		if (Architectures.length !== 1) {
			problems.push(constraint(`[${Architectures.join(', ')}]`, 'architectures', `Member must have length ${Architectures.length > 1 ? 'less' : 'greater'} than or equal to 1`));
		} else if (!['x86_64', 'arm64'].includes(Architectures[0]!)) {
			problems.push(constraint(`[${Architectures.join(', ')}]`, 'architectures', 'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]'));
		}
	}

	problems.push(...loggingConfigProblems(input.LoggingConfig));
	return problems;
};

/**
Check a runtime as Lambda does: unknown ones fail the enum, retired ones are refused by name.
*/
export const validateRuntime = (runtime: string) => {
	if (isDeprecatedRuntime(runtime)) {
		throw invalidParameter(`The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`);
	}

	if (!isSupportedRuntime(runtime)) {
		throw invalidParameter(`Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${supportedRuntimes.join(', ')}] or be a valid ARN`);
	}
};

/**
Check environment variables as Lambda does: key form, reserved keys, then the 4 KB total measured on compact JSON.
*/
export const validateEnvironment = (variables: Record<string, string> | undefined) => {
	if (!variables) {
		return;
	}

	// Variables are sensitive: Lambda names the field but never prints the value.
	const problems: string[] = [];
	if (Object.keys(variables).some(key => !environmentKeyPattern.test(key))) {
		problems.push('Value at \'environment.variables\' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]');
	}

	if (Object.values(variables).some(value => typeof value !== 'string')) {
		problems.push('Value at \'environment.variables\' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]');
	}

	if (problems.length > 0) {
		throw validationError(problems);
	}

	const reserved = Object.keys(variables).filter(key => reservedEnvironmentKeys.has(key));
	if (reserved.length > 0) {
		throw invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
	}

	const measured = JSON.stringify(variables);
	if (Buffer.byteLength(measured) > limits.environmentBytes) {
		throw invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
	}
};

/**
How many of the 4 KB of environment variables a set uses, as Lambda measures it.
*/
export const environmentSize = (variables: Record<string, string>) => Buffer.byteLength(JSON.stringify(variables));

/**
Check a whole configuration: constraints together, then runtime, handler presence and environment in Lambda's order.
*/
export const validateConfiguration = (input: ConfigurationInput, {creating}: {creating: boolean}) => {
	const problems = constraintProblems(input);
	if (creating && input.Role === undefined) {
		problems.push('Value null at \'role\' failed to satisfy constraint: Member must not be null');
	}

	if (problems.length > 0) {
		throw validationError(problems);
	}

	if (input.Runtime !== undefined) {
		validateRuntime(input.Runtime);
	}

	if (creating && (!input.Runtime || !input.Handler)) {
		throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
	}

	if (input.Handler !== undefined && input.Handler.length === 0 && runtimeFamily(input.Runtime ?? '') !== 'provided') {
		throw validationError([constraint(input.Handler, 'handler', 'Member must have length greater than or equal to 1')]);
	}

	validateEnvironment(input.Environment?.Variables);
};

/**
Check ListFunctions' FunctionVersion: only `ALL` exists.
*/
export const validateFunctionVersion = (functionVersion: string | undefined) => {
	if (functionVersion !== undefined && functionVersion !== 'ALL') {
		throw validationError([constraint(functionVersion, 'functionVersion', 'Member must satisfy enum value set: [ALL]')]);
	}
};

/**
Check Invoke's LogType and InvocationType against their enums.
*/
export const validateInvokeEnums = ({LogType, InvocationType}: {LogType?: string; InvocationType?: string}) => {
	const problems: string[] = [];
	if (InvocationType !== undefined && !['Event', 'RequestResponse', 'DryRun'].includes(InvocationType)) {
		problems.push(constraint(InvocationType, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]'));
	}

	if (LogType !== undefined && !['None', 'Tail'].includes(LogType)) {
		problems.push(constraint(LogType, 'logType', 'Member must satisfy enum value set: [None, Tail]'));
	}

	if (problems.length > 0) {
		throw validationError(problems);
	}
};
