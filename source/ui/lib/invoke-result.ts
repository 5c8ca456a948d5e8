import type {ReportFigures} from '../../core/format.js';
import {parseReport} from '../../core/platform-records.js';
import type {InvocationRecord, InvocationResponse, InvocationType} from '../../core/types.js';

/**
An invoke's result as the Test tab keeps it: the response, its body pretty-printed, the log tail and its REPORT figures.
*/
export type InvokeResult = {response: InvocationResponse; body: string; logTail: string[]; report?: ReportFigures; type: InvocationType; invokedAt: number};

/**
Read an invoke's response into what the Test tab shows.
*/
export const resultOf = (response: InvocationResponse, type: InvocationType, invokedAt = Date.now()): InvokeResult => {
	const text = Buffer.from(response.Payload ?? []).toString('utf8');
	let body = text;
	try {
		body = text ? JSON.stringify(JSON.parse(text), undefined, 2) : '';
	} catch {}

	const logTail = response.LogResult ? Buffer.from(response.LogResult, 'base64').toString('utf8').split('\n').filter(Boolean) : [];
	const report = logTail.map(line => parseReport(line)).find(Boolean);
	return {response, body, logTail, report, type, invokedAt};
};

/**
Why an invoke failed, for the `@` log: `Sandbox.Timedout: Task timed out after 1.00 seconds`, or undefined when it did not.
*/
export const invokeFailure = (response: InvocationResponse): string | undefined => {
	if (!response.FunctionError) {
		return undefined;
	}

	const text = Buffer.from(response.Payload ?? []).toString('utf8');
	try {
		const {errorType, errorMessage} = JSON.parse(text) as {errorType?: string; errorMessage?: string};
		return [errorType ?? response.FunctionError, errorMessage].filter(Boolean).join(': ');
	} catch {
		return `${response.FunctionError}${text ? `: ${text}` : ''}`;
	}
};

/**
One screen line of a result, with how to draw it.
*/
export type ResultLine = {text: string; color?: string; dim?: boolean; bold?: boolean};

/**
Cut text into lines at most `width` wide (tabs as two spaces), at a space where the line has one in its second half, so that nothing of it is hidden.
*/
export const wrapText = (text: string, width: number): string[] => {
	const lines: string[] = [];
	for (const line of text.replaceAll('\t', '  ').split('\n')) {
		let rest = line;
		while (rest.length > width) {
			const space = rest.lastIndexOf(' ', width);
			const cut = space > width / 2 ? space + 1 : width;
			lines.push(rest.slice(0, cut).trimEnd());
			rest = rest.slice(cut);
		}

		lines.push(rest);
	}

	return lines;
};

const statusLine = (result: InvokeResult, outcome: InvocationRecord | undefined): ResultLine[] => {
	const {response, type} = result;
	if (type === 'Event') {
		const ran = outcome
			? (outcome.error ? {text: `Ran: failed (${outcome.error}) after ${outcome.durationMs.toFixed(2)} ms`, color: 'red'} : {text: `Ran: succeeded in ${outcome.durationMs.toFixed(2)} ms`, color: 'green'})
			: {text: 'Ran: not yet (waiting for the asynchronous run)', dim: true};
		return [{text: `Status ${response.StatusCode}  Queued (Event): Lambda accepted the event`, bold: true}, ran];
	}

	if (type === 'DryRun') {
		return [{text: `Status ${response.StatusCode}  Dry run: the request is valid and the caller may invoke`, bold: true}];
	}

	const ran = response.ExecutedVersion ? `  ExecutedVersion ${response.ExecutedVersion}` : '';
	return response.FunctionError
		? [{text: `Status ${response.StatusCode}  Failed  FunctionError: ${response.FunctionError}${ran}`, color: 'red', bold: true}]
		: [{text: `Status ${response.StatusCode}  Succeeded${ran}`, color: 'green', bold: true}];
};

/**
Every line of a result, wrapped to `width`: the status (for an Event invoke, the outcome of its run once `outcome` has it), the REPORT figures, the response or the error in full, and the whole log tail.
*/
export const resultLines = (result: InvokeResult, width: number, outcome?: InvocationRecord): ResultLine[] => {
	const lines: ResultLine[] = [];
	const add = (text: string, style: Omit<ResultLine, 'text'> = {}) => {
		for (const line of wrapText(text, Math.max(10, width))) {
			lines.push({text: line, ...style});
		}
	};

	for (const {text, ...style} of statusLine(result, outcome)) {
		add(text, style);
	}

	const {report} = result;
	if (report) {
		add(`Duration ${report.durationMs.toFixed(2)} ms  Billed ${report.billedDurationMs} ms`);
		add(`Memory ${report.maxMemoryUsedMb} of ${report.memorySizeMb} MB${report.initDurationMs === undefined ? '' : `  Init ${report.initDurationMs.toFixed(2)} ms (cold start)`}`);
	}

	if (result.body) {
		add(result.response.FunctionError ? 'Error' : 'Response', {dim: true});
		add(result.body, {color: result.response.FunctionError ? 'red' : undefined});
	}

	if (result.logTail.length > 0) {
		add('Log tail (last 4 KB)', {dim: true});
		for (const line of result.logTail) {
			add(line, {color: /\bERROR\b/.test(line) ? 'red' : /\bWARN\b/.test(line) ? 'yellow' : undefined});
		}
	}

	return lines;
};
