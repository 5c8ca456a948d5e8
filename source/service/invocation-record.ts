import type {AsyncOutcome} from './async-queue.js';

/**
A payload as a destination record carries it: parsed JSON, or the text itself when it is not JSON, or null when empty.
*/
export const parsedPayload = (payload: Uint8Array): unknown => {
	const text = Buffer.from(payload).toString('utf8');
	if (text === '') {
		return null;
	}

	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
};

/**
The invocation record Lambda sends to a destination, in AWS's key order: version, timestamp, requestContext (qualified function ARN, condition, approximateInvokeCount), requestPayload, and (unless the function never ran) responseContext and responsePayload.
*/
export const invocationRecord = ({event, condition, last}: AsyncOutcome, now: number) => ({
	version: '1.0',
	timestamp: new Date(now).toISOString(),
	requestContext: {
		requestId: event.requestId,
		functionArn: event.qualifier ? event.invokedArn : `${event.invokedArn}:$LATEST`,
		condition,
		approximateInvokeCount: condition === 'ZeroReservedConcurrency' ? 0 : Math.max(1, event.attempts),
	},
	requestPayload: parsedPayload(event.payload),
	...(last
		? {
			responseContext: {statusCode: 200, executedVersion: last.executedVersion, ...(last.kind === 'error' ? {functionError: 'Unhandled'} : {})},
			responsePayload: parsedPayload(last.payload),
		}
		: {}),
});
