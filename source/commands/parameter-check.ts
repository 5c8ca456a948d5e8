import type {LambdeckClient} from '../client/client.js';
import {lambdaModel} from '../core/model/service-model.js';
import {validateParameters} from '../core/model/parameter-validation.js';

/**
A request the AWS CLI would refuse before sending it; the message is botocore's lines.
*/
export class ParameterValidationError extends Error {
	override readonly name = 'ParameterValidationError';
}

/**
The client a CLI verb uses: its call for `operation` is checked first as the AWS CLI checks it (exit 252, `Parameter validation failed:`), so a bad value never reaches the service.
*/
export const validatingClient = (client: LambdeckClient, operation: string): LambdeckClient => {
	const method = operation.charAt(0).toLowerCase() + operation.slice(1);
	const shape = lambdaModel.operations[operation]?.input?.shape;
	if (!shape) {
		return client;
	}

	return new Proxy(client, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (property !== method || typeof value !== 'function') {
				return value;
			}

			return async (request: Record<string, unknown>, ...rest: unknown[]) => {
				const errors = validateParameters(lambdaModel, shape, request);
				if (errors.length > 0) {
					throw new ParameterValidationError(errors.join('\n'));
				}

				return (value as (...parameters: unknown[]) => Promise<unknown>).call(target, request, ...rest);
			};
		},
	});
};
