import {constraint, invalidParameter} from './errors.js';
import {logGroupName} from './format.js';

/** The application log levels, most detailed first, as Lambda's model lists them. */
export const applicationLogLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** The system log levels, most detailed first. */
export const systemLogLevels = ['DEBUG', 'INFO', 'WARN'] as const;

export const logFormats = ['JSON', 'Text'] as const;

export type ApplicationLogLevel = typeof applicationLogLevels[number];
export type SystemLogLevel = typeof systemLogLevels[number];

/**
A function's LoggingConfig as GetFunction shows it: the levels only with the JSON format.
*/
export type LoggingConfig = {
	LogFormat: 'JSON' | 'Text';
	ApplicationLogLevel?: ApplicationLogLevel;
	SystemLogLevel?: SystemLogLevel;
	LogGroup: string;
};

/**
A LoggingConfig as a request gives it: any member may be absent, and values are not yet checked.
*/
export type LoggingConfigInput = {LogFormat?: string; ApplicationLogLevel?: string; SystemLogLevel?: string; LogGroup?: string};

const logGroupPattern = /^[.\-_/#A-Za-z0-9]+$/;

const textWithLevels = () => invalidParameter('LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.');

/**
The constraint failures of a LoggingConfig, in the API's words (`Value 'X' at 'loggingConfig.logFormat' failed to satisfy constraint: ...`).
*/
export const loggingConfigProblems = (input: LoggingConfigInput | undefined): string[] => {
	if (!input) {
		return [];
	}

	const problems: string[] = [];
	const {LogFormat, ApplicationLogLevel, SystemLogLevel, LogGroup} = input;
	if (LogFormat !== undefined && !(logFormats as readonly string[]).includes(LogFormat)) {
		problems.push(constraint(LogFormat, 'loggingConfig.logFormat', `Member must satisfy enum value set: [${logFormats.join(', ')}]`));
	}

	if (ApplicationLogLevel !== undefined && !(applicationLogLevels as readonly string[]).includes(ApplicationLogLevel)) {
		problems.push(constraint(ApplicationLogLevel, 'loggingConfig.applicationLogLevel', `Member must satisfy enum value set: [${applicationLogLevels.join(', ')}]`));
	}

	if (SystemLogLevel !== undefined && !(systemLogLevels as readonly string[]).includes(SystemLogLevel)) {
		problems.push(constraint(SystemLogLevel, 'loggingConfig.systemLogLevel', `Member must satisfy enum value set: [${systemLogLevels.join(', ')}]`));
	}

	if (LogGroup !== undefined) {
		if (LogGroup.length < 1) {
			problems.push(constraint(LogGroup, 'loggingConfig.logGroup', 'Member must have length greater than or equal to 1'));
		}

		if (LogGroup.length > 512) {
			problems.push(constraint(LogGroup, 'loggingConfig.logGroup', 'Member must have length less than or equal to 512'));
		}

		if (LogGroup.length > 0 && !logGroupPattern.test(LogGroup)) {
			problems.push(constraint(LogGroup, 'loggingConfig.logGroup', 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+'));
		}
	}

	return problems;
};

/**
The LoggingConfig a create or update leaves a function with, as Lambda merges it: the given members over the current ones; switching to JSON fills both levels with INFO unless given, switching to Text drops them; levels with the Text format are refused (InvalidParameterValueException).
*/
export const mergeLoggingConfig = (functionName: string, current: LoggingConfig | undefined, given: LoggingConfigInput | undefined): LoggingConfig => {
	const base: LoggingConfig = current ?? {LogFormat: 'Text', LogGroup: logGroupName(functionName)};
	if (!given) {
		return base;
	}

	const format = (given.LogFormat ?? base.LogFormat) as LoggingConfig['LogFormat'];
	const group = given.LogGroup ?? base.LogGroup;
	if (format === 'Text') {
		if (given.ApplicationLogLevel !== undefined || given.SystemLogLevel !== undefined) {
			throw textWithLevels();
		}

		return {LogFormat: 'Text', LogGroup: group};
	}

	// Naming JSON again resets the levels to INFO, as switching to it does; naming only a level keeps the other.
	const defaults = given.LogFormat === 'JSON' || base.LogFormat === 'Text' ? {ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO'} as const : base;
	return {
		LogFormat: 'JSON',
		ApplicationLogLevel: (given.ApplicationLogLevel ?? defaults.ApplicationLogLevel ?? 'INFO') as ApplicationLogLevel,
		SystemLogLevel: (given.SystemLogLevel ?? defaults.SystemLogLevel ?? 'INFO') as SystemLogLevel,
		LogGroup: group,
	};
};

/**
Whether a record at `level` passes a configured minimum, in a list ordered from most to least detailed.
*/
export const passesLevel = <T extends string>(levels: readonly T[], level: T, minimum: T | undefined) =>
	minimum === undefined || levels.indexOf(level) >= levels.indexOf(minimum);
