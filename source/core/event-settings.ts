import {lambdaModel} from './model/service-model.js';
import {validateInput} from './model/validate-input.js';

/**
The settings of a function's asynchronous invocation for one qualifier, as PutFunctionEventInvokeConfig takes them.
*/
export type EventInvokeConfigInput = {
	FunctionName: string;
	Qualifier?: string;
	MaximumRetryAttempts?: number;
	MaximumEventAgeInSeconds?: number;
	DestinationConfig?: {OnSuccess?: {Destination?: string}; OnFailure?: {Destination?: string}};
};

const destinationServices = new Set(['sqs', 'sns', 'lambda', 'events', 's3']);

/**
What Lambda refuses in an event invoke config without looking anything up, in its words, or undefined: no setting at all (unless `merging` into an existing config), a destination that is not an ARN of a service Lambda delivers to, or the function as its own destination. Whether a function destination exists is the service's to check.
*/
export const eventInvokeConfigProblem = (input: EventInvokeConfigInput, where: {functionName: string; region: string; accountId: string}, {merging = false} = {}): string | undefined => {
	if (!merging && input.MaximumRetryAttempts === undefined && input.MaximumEventAgeInSeconds === undefined && input.DestinationConfig === undefined) {
		return 'You must specify at least one of error handling or destination setting.';
	}

	const onSuccess = input.DestinationConfig?.OnSuccess?.Destination;
	const onFailure = input.DestinationConfig?.OnFailure?.Destination;
	for (const destination of [onSuccess, onFailure]) {
		if (!destination) {
			continue;
		}

		const [, , service, region, account, resource = ''] = destination.split(':');
		if (!service || !destinationServices.has(service)) {
			const part = (label: string, value?: string) => value ? `${label}(destination=${value})` : 'null';
			return `The provided destination config DestinationConfig(onSuccess=${part('OnSuccess', onSuccess)}, onFailure=${part('OnFailure', onFailure)}) is invalid.`;
		}

		if (service === 'lambda') {
			if (destination.split(':')[6] === where.functionName && region === where.region && account === where.accountId) {
				return 'You can\'t specify the function as a destination for itself.';
			}
		} else if (resource === '') {
			return `The destination ARN ${destination} is invalid.`;
		}
	}

	return undefined;
};

/**
Everything the API would refuse in a PutFunctionEventInvokeConfig before looking anything up: the model's constraints (`Value '5' at 'maximumRetryAttempts' failed to satisfy constraint: ...`) and Lambda's own rules. Empty when there is nothing to say; what a form shows as it is typed.
*/
export const eventInvokeConfigProblems = (input: EventInvokeConfigInput, where: {functionName: string; region: string; accountId: string}): string[] => {
	const problems = validateInput(lambdaModel, 'PutFunctionEventInvokeConfigRequest', input as Record<string, unknown>);
	const rule = eventInvokeConfigProblem(input, where);
	return rule ? [...problems, rule] : problems;
};

/**
What Lambda refuses in an SQS event source mapping's batching, in its words, or undefined: a batch size outside 1-10,000 (1-10 for a FIFO queue), or a batch size over 10 with no batching window.
*/
export const batchingProblem = (batchSize: number, windowSeconds: number, fifo: boolean): string | undefined => {
	if (batchSize < 1 || batchSize > 10_000) {
		return 'BatchSize must be between 1 and 10000.';
	}

	if (fifo && batchSize > 10) {
		return 'Batch size for FIFO queues must be between 1 and 10.';
	}

	if (batchSize > 10 && windowSeconds < 1) {
		return 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10';
	}

	return undefined;
};
