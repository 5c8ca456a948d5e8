import {createHash, randomBytes, randomUUID} from 'node:crypto';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
`LastModified` as Lambda writes it: `2020-04-10T19:06:32.563+0000`.
*/
export const formatLastModified = (date: Date) => `${date.toISOString().slice(0, 23)}+0000`;

/**
`CodeSha256` as Lambda reports it: the base64 (not hex) SHA-256 of the zip.
*/
export const codeSha256 = (zip: Uint8Array) => createHash('sha256').update(zip).digest('base64');

/**
A log stream name as Lambda gives each execution environment: `2020/01/14/[$LATEST]425d2a3419de4db38f86fc1896cc1cc1`.
*/
export const logStreamName = (version: string, date = new Date()) =>
	`${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/[${version}]${randomBytes(16).toString('hex')}`;

export const logGroupName = (functionName: string) => `/aws/lambda/${functionName}`;

export const startLine = (requestId: string, version: string) => `START RequestId: ${requestId} Version: ${version}`;

export const endLine = (requestId: string) => `END RequestId: ${requestId}`;

/**
The figures of one invocation's REPORT line.
*/
export type ReportFigures = {
	durationMs: number;
	billedDurationMs: number;
	memorySizeMb: number;
	maxMemoryUsedMb: number;
	initDurationMs?: number;
};

/**
The REPORT line in Lambda's order: tab separated, Init Duration after Max Memory Used, a trailing tab.
*/
export const reportLine = (requestId: string, figures: ReportFigures) =>
	`REPORT RequestId: ${requestId}\tDuration: ${figures.durationMs.toFixed(2)} ms\tBilled Duration: ${figures.billedDurationMs} ms\tMemory Size: ${figures.memorySizeMb} MB\tMax Memory Used: ${figures.maxMemoryUsedMb} MB\t${figures.initDurationMs === undefined ? '' : `Init Duration: ${figures.initDurationMs.toFixed(2)} ms\t`}`;

/**
Parse a REPORT line back into its figures, or undefined when the line is not one.
*/
export const parseReportLine = (line: string): (ReportFigures & {requestId: string}) | undefined => {
	const match = /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: ([\d.]+) ms\t)?/.exec(line);
	if (!match) {
		return undefined;
	}

	return {
		requestId: match[1]!,
		durationMs: Number(match[2]),
		billedDurationMs: Number(match[3]),
		memorySizeMb: Number(match[4]),
		maxMemoryUsedMb: Number(match[5]),
		initDurationMs: match[6] === undefined ? undefined : Number(match[6]),
	};
};

export const billedDuration = (durationMs: number) => Math.max(1, Math.ceil(durationMs));

/**
The seconds of a timeout message, always with two decimals: `Task timed out after 3.00 seconds`.
*/
export const timeoutMessage = (timeoutSeconds: number) => `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;

/**
A trace id in X-Ray's form, as the Runtime API's `Lambda-Runtime-Trace-Id` carries it.
*/
export const traceId = () => {
	// randomUUID draws from a pooled buffer, where randomBytes asks the kernel on every invoke (~30 µs here); the UUID's fixed version nibble (index 12) is left out.
	const hex = () => {
		const uuid = randomUUID().replaceAll('-', '');
		return uuid.slice(0, 12) + uuid.slice(13);
	};

	const random = hex() + hex();
	return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${random.slice(0, 24)};Parent=${random.slice(24, 40)};Sampled=0`;
};
