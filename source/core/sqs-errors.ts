import {LambdaError} from './errors.js';

/**
An SQS error: its JSON-protocol name (`QueueDoesNotExist`, sent as `__type`), its query-protocol code (`AWS.SimpleQueueService.NonExistentQueue`, also the JSON protocol's `x-amzn-query-error`), status and message; the query protocol words a few messages differently.
*/
export const sqsError = (jsonName: string, queryCode: string, message: string, options: {status?: number; queryMessage?: string} = {}) =>
	new LambdaError(jsonName, options.status ?? 400, message, 'User', {queryCode, ...(options.queryMessage ? {queryMessage: options.queryMessage} : {})});

export const queueDoesNotExist = () => sqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', {queryMessage: 'The specified queue does not exist for this wsdl version.'});

export const invalidParameterValue = (message: string) => sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);

export const invalidParameterFor = (name: string, value: unknown, reason: string) => invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);

export const missingParameter = (name: string) => sqsError('MissingRequiredParameterException', 'MissingParameter', `The request must contain the parameter ${name}.`);

export const invalidAttributeName = (message: string) => sqsError('InvalidAttributeName', 'InvalidAttributeName', message);

export const invalidAttributeValue = (name: string, reason?: string) => sqsError('InvalidAttributeValue', 'InvalidAttributeValue', `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`);

export const batchError = (name: string, message: string) => sqsError(name, `AWS.SimpleQueueService.${name}`, message);
