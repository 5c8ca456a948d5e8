import {eventInvokeConfigProblems, type EventInvokeConfigInput} from '../../core/event-settings.js';
import type {AsyncEventInfo} from '../../core/types.js';
import {formatAgo} from './format.js';

/**
A function's EventInvokeConfig for one qualifier, as ListFunctionEventInvokeConfigs answers.
*/
export type InvokeConfigSummary = {
	FunctionArn?: string;
	MaximumRetryAttempts?: number;
	MaximumEventAgeInSeconds?: number;
	DestinationConfig?: {OnSuccess?: {Destination?: string}; OnFailure?: {Destination?: string}};
};

/** The qualifier a config's FunctionArn names, `$LATEST` when it names none. */
export const qualifierOf = (config: InvokeConfigSummary) => config.FunctionArn?.split(':')[7] ?? '$LATEST';

/**
A number of seconds for people: `6h`, `90m`, `60s`.
*/
export const formatSeconds = (seconds: number | undefined) => {
	if (seconds === undefined) {
		return '-';
	}

	return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
};

/**
What the edit form holds, as typed.
*/
export type InvokeConfigForm = {qualifier: string; retries: string; maxAge: string; onSuccess: string; onFailure: string};

/**
The form of a config (Lambda's defaults where it sets nothing).
*/
export const formOfConfig = (qualifier: string, config?: InvokeConfigSummary): InvokeConfigForm => ({
	qualifier,
	retries: String(config?.MaximumRetryAttempts ?? 2),
	maxAge: String(config?.MaximumEventAgeInSeconds ?? 21_600),
	onSuccess: config?.DestinationConfig?.OnSuccess?.Destination ?? '',
	onFailure: config?.DestinationConfig?.OnFailure?.Destination ?? '',
});

const optionalNumber = (text: string) => text.trim() === '' ? undefined : (/^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

/**
The PutFunctionEventInvokeConfig input of a form, and what the API would refuse in it, in its words (the model's ranges, a destination that is not a queue, topic, bus, bucket or function ARN, the function as its own destination). `functionArn` gives the function's name, region and account.
*/
export const invokeConfigRequest = (functionArn: string, form: InvokeConfigForm): {input: EventInvokeConfigInput; problems: string[]} => {
	const [, , , region = '', accountId = '', , functionName = ''] = functionArn.split(':');
	const retries = optionalNumber(form.retries);
	const maxAge = optionalNumber(form.maxAge);
	const input: EventInvokeConfigInput = {
		FunctionName: functionName,
		...(form.qualifier && form.qualifier !== '$LATEST' ? {Qualifier: form.qualifier} : {}),
		...(retries === undefined ? {} : {MaximumRetryAttempts: retries}),
		...(maxAge === undefined ? {} : {MaximumEventAgeInSeconds: maxAge}),
		DestinationConfig: {
			OnSuccess: form.onSuccess.trim() ? {Destination: form.onSuccess.trim()} : {},
			OnFailure: form.onFailure.trim() ? {Destination: form.onFailure.trim()} : {},
		},
	};
	if (Number.isNaN(retries) || Number.isNaN(maxAge)) {
		return {input, problems: ['Retries and maximum age are whole numbers.']};
	}

	return {input, problems: eventInvokeConfigProblems(input, {functionName, region, accountId})};
};

/**
An asynchronous event as one line of the Async tab: request id, attempts, what became of it, and where its record went.
*/
export const asyncEventLine = (event: AsyncEventInfo, idWidth: number, now = Date.now()) => {
	const state = event.state === 'retrying'
		? `retry in ${formatAgo(now, event.retryAt)}`
		: event.state === 'failed' ? (event.condition ?? 'failed') : event.state;
	const where = [event.deliveredTo ? `→ ${event.deliveredTo.split(':').at(-1)}` : '', event.deadLetter ? `DLQ ${event.deadLetter.split(':').at(-1)}` : ''].filter(Boolean).join('  ');
	return `${event.requestId.slice(0, idWidth).padEnd(idWidth)} ${String(event.attempts).padStart(3)}  ${state.padEnd(17)} ${formatAgo(event.receivedAt, now).padStart(4)}  ${where}`;
};
