import {LambdaError} from '../core/errors.js';

const metadataFields = new Set(['$metadata', '$fault', '$response', '$retryable', 'name', 'message', 'Message', 'Type', '__type']);

type ServiceException = Error & {$metadata: {httpStatusCode?: number}; $fault: 'client' | 'server'};

/**
An error from the AWS SDK as the LambdaError lambdeck renders everywhere: AWS's error type, HTTP status, message and extra members (such as a 429's `Reason`). Any AWS service's exception (Lambda's, CloudWatch Logs') carries the response's metadata, which is how it is told apart without loading the SDK; any other error is returned as it is.
*/
export const fromSdkError = (error: unknown): unknown => {
	if (!(error instanceof Error && '$metadata' in error && '$fault' in error)) {
		return error;
	}

	const exception = error as ServiceException;
	const fields = Object.fromEntries(Object.entries(error).filter(([key, value]) => !metadataFields.has(key) && typeof value === 'string')) as Record<string, string>;
	return new LambdaError(error.name, exception.$metadata.httpStatusCode ?? 500, error.message, exception.$fault === 'server' ? 'Service' : 'User', fields);
};
