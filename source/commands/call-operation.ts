import type {LambdeckClient} from '../client/client.js';
import {validationError} from '../core/errors.js';
import type {FunctionExtras} from '../core/types.js';
import {callLambdaOperation, lambdaInputProblems} from '../api/lambda-api.js';
import {callS3Operation} from '../api/s3-api.js';
import {s3Model} from '../core/model/service-model.js';
import type {LambdaService} from '../service/lambda-service.js';

/**
Send one Lambda or S3 operation, its input shaped as the API takes it, through whatever client the verb has: an embedded service runs it through the API's own validation and handler table, any other client through its `callOperation`. lambdeck's extras (the folder code came from) go with the client's own create and update calls.
*/
export const callOperation = async (client: LambdeckClient, operation: string, input: Record<string, unknown>, extras?: FunctionExtras): Promise<Record<string, unknown> | undefined> => {
	if (extras && (operation === 'CreateFunction' || operation === 'UpdateFunctionCode')) {
		const problems = lambdaInputProblems(operation, input);
		if (problems.length > 0) {
			throw validationError(problems);
		}

		return operation === 'CreateFunction'
			? client.createFunction(input as never, extras) as Promise<Record<string, unknown>>
			: client.updateFunctionCode(input as never, extras) as Promise<Record<string, unknown>>;
	}

	const {service} = client as LambdeckClient & {service?: LambdaService};
	if (service) {
		return s3Model.operations[operation] ? callS3Operation(service, operation, input) : callLambdaOperation(service, operation, input);
	}

	if (!client.callOperation) {
		throw new Error(`This client (${client.endpoint}) cannot send ${operation}.`);
	}

	return client.callOperation(operation, input);
};
