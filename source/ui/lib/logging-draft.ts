import {applicationLogLevels, logFormats, loggingConfigProblems, mergeLoggingConfig, systemLogLevels, type LoggingConfig, type LoggingConfigInput} from '../../core/logging-config.js';
import type {FieldSpec} from '../components/form.js';

/**
The Configuration tab's logging fields: the format and both levels chosen with ←/→ (a level may be left empty, as with the Text format), the log group typed.
*/
export const loggingFields: FieldSpec[] = [
	{id: 'logFormat', label: 'Log format', choices: logFormats},
	{id: 'appLevel', label: 'App level', choices: ['', ...applicationLogLevels], note: 'JSON only'},
	{id: 'systemLevel', label: 'Sys level', choices: ['', ...systemLogLevels], note: 'JSON only'},
	{id: 'logGroup', label: 'Log group'},
];

/**
A function's LoggingConfig as the form's values.
*/
export const loggingDraftOf = (config: LoggingConfig): Record<string, string> => ({
	logFormat: config.LogFormat, appLevel: config.ApplicationLogLevel ?? '', systemLevel: config.SystemLogLevel ?? '', logGroup: config.LogGroup,
});

/**
The LoggingConfig a save sends: the members the form changed, and the format with them so the levels are read against it.
*/
export const loggingRequest = (original: Record<string, string>, values: Record<string, string>): LoggingConfigInput | undefined => {
	const changed = loggingFields.some(field => original[field.id] !== values[field.id]);
	if (!changed) {
		return undefined;
	}

	return {
		LogFormat: values.logFormat,
		...(values.appLevel ? {ApplicationLogLevel: values.appLevel} : {}),
		...(values.systemLevel ? {SystemLogLevel: values.systemLevel} : {}),
		...(values.logGroup === original.logGroup ? {} : {LogGroup: values.logGroup}),
	};
};

/**
What Lambda would say about the logging fields, in its words: the constraints first, then levels given with the Text format.
*/
export const loggingProblems = (name: string, original: Record<string, string>, values: Record<string, string>): string[] => {
	const request = loggingRequest(original, values);
	if (!request) {
		return [];
	}

	const problems = loggingConfigProblems({...request, LogGroup: values.logGroup});
	if (problems.length === 0) {
		try {
			mergeLoggingConfig(name, undefined, request);
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	return problems;
};
