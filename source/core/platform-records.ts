import {applicationLogLevels, passesLevel, systemLogLevels, type ApplicationLogLevel, type LoggingConfig, type SystemLogLevel} from './logging-config.js';
import {parseReportLine, type ReportFigures} from './format.js';
import {runtimeVersion} from './runtime-version.js';

/*
The platform's own log records in the JSON log format: Telemetry API events, `{"time","type":"platform.<x>","record":{...}}`, one per log event, each at the system log level Lambda gives its type.
*/

/** How an invocation ended, as `platform.runtimeDone` and `platform.report` say it. */
export type PlatformStatus = 'success' | 'error' | 'failure' | 'timeout';

const levelOf: Record<string, SystemLogLevel> = {
	'platform.initStart': 'INFO',
	'platform.initRuntimeDone': 'DEBUG',
	'platform.start': 'INFO',
	'platform.runtimeDone': 'DEBUG',
	'platform.report': 'INFO',
};

const event = (type: string, record: Record<string, unknown>, time = new Date()) => JSON.stringify({time: time.toISOString(), type, record});

/**
Whether a platform event of `type` is written under a function's LoggingConfig (always, with the Text format).
*/
export const writesPlatformEvent = (config: LoggingConfig, type: string) =>
	config.LogFormat !== 'JSON' || passesLevel(systemLogLevels, levelOf[type] ?? 'INFO', config.SystemLogLevel);

/** `platform.initStart`: a cold start began. */
export const initStartEvent = (input: {runtime: string; region: string; functionName: string; version: string; initializationType?: string}) => {
	const {name, arn} = runtimeVersion(input.runtime, input.region);
	return event('platform.initStart', {
		initializationType: input.initializationType ?? 'on-demand', phase: 'init', runtimeVersion: name, runtimeVersionArn: arn,
		functionName: input.functionName, functionVersion: input.version,
	});
};

/** `platform.start`: an invocation began. */
export const startEvent = (requestId: string, version: string) => event('platform.start', {requestId, version});

/** `platform.runtimeDone`: the runtime finished an invocation (logged at DEBUG). */
export const runtimeDoneEvent = (requestId: string, status: PlatformStatus, figures: {durationMs: number; producedBytes: number}, errorType?: string) =>
	event('platform.runtimeDone', {requestId, status, ...(errorType && status !== 'success' ? {errorType} : {}), metrics: {durationMs: round(figures.durationMs), producedBytes: figures.producedBytes}});

/** `platform.report`: an invocation's figures, as the REPORT line gives them in the Text format. */
export const reportEvent = (requestId: string, status: PlatformStatus, figures: ReportFigures, errorType?: string) => event('platform.report', {
	requestId,
	metrics: {
		durationMs: round(figures.durationMs),
		billedDurationMs: figures.billedDurationMs,
		memorySizeMB: figures.memorySizeMb,
		maxMemoryUsedMB: figures.maxMemoryUsedMb,
		...(figures.initDurationMs === undefined ? {} : {initDurationMs: round(figures.initDurationMs)}),
	},
	status,
	...(errorType && status !== 'success' ? {errorType} : {}),
});

const round = (milliseconds: number) => Math.round(milliseconds * 1000) / 1000;

const levelAliases: Record<string, ApplicationLogLevel> = {WARNING: 'WARN', CRITICAL: 'FATAL'};

/**
The application log level of a line a function wrote, as Lambda reads it with the JSON format: the `level` of a JSON object, INFO for anything else (plain text, an unknown level).
*/
export const applicationLevelOf = (message: string): ApplicationLogLevel => {
	if (message.charCodeAt(0) !== 123) {
		return 'INFO';
	}

	try {
		const level = (JSON.parse(message) as {level?: unknown}).level;
		const upper = typeof level === 'string' ? level.toUpperCase() : '';
		return levelAliases[upper] ?? ((applicationLogLevels as readonly string[]).includes(upper) ? upper as ApplicationLogLevel : 'INFO');
	} catch {
		return 'INFO';
	}
};

/**
Whether a line the function wrote is kept under its LoggingConfig: with JSON and an application level, lines below it are dropped.
*/
export const keepsApplicationLine = (config: LoggingConfig, message: string) =>
	config.LogFormat !== 'JSON' || config.ApplicationLogLevel === undefined || config.ApplicationLogLevel === 'TRACE'
	|| passesLevel(applicationLogLevels, applicationLevelOf(message), config.ApplicationLogLevel);

type PlatformEnvelope = {type?: unknown; record?: {requestId?: unknown; status?: unknown; errorType?: unknown; metrics?: Record<string, unknown>}};

const envelopeOf = (line: string): PlatformEnvelope | undefined => {
	if (!line.startsWith('{"time"')) {
		return undefined;
	}

	try {
		const parsed = JSON.parse(line) as PlatformEnvelope;
		return typeof parsed.type === 'string' && parsed.type.startsWith('platform.') ? parsed : undefined;
	} catch {
		return undefined;
	}
};

const textPlatform = /^(START|END|REPORT) RequestId: (\S+)/;
const kinds: Record<string, 'START' | 'END' | 'REPORT'> = {'platform.start': 'START', 'platform.runtimeDone': 'END', 'platform.report': 'REPORT'};

/**
Which of an invocation's platform lines this is (START, END or REPORT, or their JSON events `platform.start`, `platform.runtimeDone`, `platform.report`) and for which request; undefined for any other line.
*/
export const platformLineOf = (line: string): {kind: 'START' | 'END' | 'REPORT'; requestId: string} | undefined => {
	const text = textPlatform.exec(line);
	if (text) {
		return {kind: text[1] as 'START' | 'END' | 'REPORT', requestId: text[2]!};
	}

	const envelope = envelopeOf(line);
	const kind = kinds[String(envelope?.type)];
	return kind && typeof envelope?.record?.requestId === 'string' ? {kind, requestId: envelope.record.requestId} : undefined;
};

/**
The figures of a REPORT line or a `platform.report` event, with the request and, for the JSON event, how the invoke ended; undefined for any other line.
*/
export const parseReport = (line: string): (ReportFigures & {requestId: string; status?: string; errorType?: string}) | undefined => {
	const text = parseReportLine(line);
	if (text) {
		return text;
	}

	const envelope = envelopeOf(line);
	const record = envelope?.type === 'platform.report' ? envelope.record : undefined;
	if (!record || typeof record.requestId !== 'string') {
		return undefined;
	}

	const metric = (name: string) => typeof record.metrics?.[name] === 'number' ? record.metrics[name] : undefined;
	return {
		requestId: record.requestId,
		durationMs: metric('durationMs') ?? 0,
		billedDurationMs: metric('billedDurationMs') ?? 0,
		memorySizeMb: metric('memorySizeMB') ?? 0,
		maxMemoryUsedMb: metric('maxMemoryUsedMB') ?? 0,
		initDurationMs: metric('initDurationMs'),
		...(typeof record.status === 'string' ? {status: record.status} : {}),
		...(typeof record.errorType === 'string' ? {errorType: record.errorType} : {}),
	};
};
