import {invalidRequestContent, requestTooLarge} from '../core/errors.js';
import {jacksonParseError} from '../core/json-error.js';
import {limits} from '../core/limits.js';
import type {PlatformStatus} from '../core/platform-records.js';
import type {InvocationRequest} from '../core/types.js';
import type {InvokeOutcome} from '../runtime/outcome.js';

/*
What an invoke takes in and what its outcome says, apart from running it.
*/

const decoder = new TextDecoder('utf-8', {fatal: true});

/**
Check an invoke's payload as Lambda does: size by invocation type, then that it parses as JSON.
*/
export const validatePayload = (payload: Uint8Array, invocationType: string) => {
	if (invocationType === 'Event' && payload.byteLength > limits.asyncPayloadBytes) {
		throw requestTooLarge(`${payload.byteLength} byte payload is too large for the Event invocation type (limit ${limits.asyncPayloadBytes} bytes)`);
	}

	if (payload.byteLength > limits.syncPayloadBytes) {
		throw requestTooLarge(`Request must be smaller than ${limits.syncPayloadBytes} bytes for the InvokeFunction operation`);
	}

	if (payload.byteLength === 0) {
		return;
	}

	try {
		JSON.parse(decoder.decode(payload));
	} catch (error) {
		const detail = jacksonParseError(payload) ?? (error instanceof TypeError ? 'Invalid UTF-8 in payload' : (error as Error).message);
		throw invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${detail}`);
	}
};

/**
A payload as bytes, however the request gave it.
*/
export const toBytes = (payload: InvocationRequest['Payload']) => {
	const bytes = payload === undefined ? new Uint8Array() : (typeof payload === 'string' ? Buffer.from(payload) : payload);
	// An invoke without a payload gives the function `{}`, as Lambda does (LocalStack: "empty payloads have to work as well").
	return bytes.length === 0 ? Buffer.from('{}') : bytes;
};

/**
The client context of an invoke decoded from base64, refused as Lambda refuses it when it is not JSON.
*/
export const decodeClientContext = (clientContext?: string) => {
	if (!clientContext) {
		return undefined;
	}

	const text = Buffer.from(clientContext, 'base64').toString('utf8');
	try {
		JSON.parse(text);
	} catch {
		throw invalidRequestContent('Client context must be a valid Base64-encoded JSON object.');
	}

	return text;
};

/**
The `errorMessage` of an error payload, cut to 1,000 characters, or undefined when it has none.
*/
export const errorMessageOf = (payload: Buffer): string | undefined => {
	try {
		const {errorMessage} = JSON.parse(payload.toString('utf8')) as {errorMessage?: unknown};
		return typeof errorMessage === 'string' ? errorMessage.slice(0, 1000) : undefined;
	} catch {
		return undefined;
	}
};

/**
How an invoke ended, in the words of the JSON format's platform records.
*/
export const platformStatus = (outcome: InvokeOutcome): PlatformStatus => {
	if (outcome.status === 'success') {
		return 'success';
	}

	if (outcome.status === 'function-error') {
		return 'error';
	}

	return outcome.errorType === 'Sandbox.Timedout' ? 'timeout' : 'failure';
};
