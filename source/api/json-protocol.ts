import {LambdaError} from '../core/errors.js';
import type {ServiceModel, ShapeModel} from '../core/model/service-model.js';
import {validateInput} from '../core/model/validate-input.js';
import type {ApiPlugin, ApiRequest, ApiResponse} from './server.js';

/**
What one operation of a JSON-protocol service does with its parsed, validated input: its output, as the model's output shape.
*/
export type JsonOperationHandler = (input: any, request: ApiRequest) => Promise<object | void>;

/**
A service that speaks AWS's JSON protocol (`POST /`, `X-Amz-Target: <prefix>.<Operation>`), described by its model and the handlers of the operations it implements.
*/
export type JsonServiceOptions = {
	name: string;
	/** The service's name in messages, e.g. `CloudWatch Logs`. */
	title: string;
	model: ServiceModel;
	handlers: Record<string, JsonOperationHandler>;
	/** The error type a failed constraint is reported as (CloudWatch Logs says InvalidParameterException). */
	validationErrorType: string;
	bodyLimit?: number;
};

const serializationError = (message: string) => new LambdaError('SerializationException', 400, message);

const typeOf = (value: unknown) => Array.isArray(value) ? 'list' : (value === null ? 'null' : typeof value);

/**
Check a JSON value against its shape's type, as AWS's deserializer does before any constraint: a string where a number belongs is a SerializationException.
*/
const checkTypes = (model: ServiceModel, shape: ShapeModel, value: unknown, at: string): void => {
	if (value === null || value === undefined) {
		return;
	}

	const expected: Record<string, string> = {string: 'string', integer: 'number', long: 'number', double: 'number', float: 'number', timestamp: 'number', boolean: 'boolean', blob: 'string', list: 'list', structure: 'object', map: 'object'};
	const want = expected[shape.type];
	if (want && typeOf(value) !== want) {
		throw serializationError(`Unexpected ${typeOf(value)} value at '${at}': expected ${shape.type}.`);
	}

	if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) {
		throw serializationError(`Unexpected number value at '${at}': expected ${shape.type}.`);
	}

	if (shape.type === 'structure') {
		for (const [name, member] of Object.entries(shape.members ?? {})) {
			checkTypes(model, model.shapes[member.shape]!, (value as Record<string, unknown>)[name], `${at}${at ? '.' : ''}${name}`);
		}
	} else if (shape.type === 'list') {
		for (const item of value as unknown[]) {
			checkTypes(model, model.shapes[shape.member!.shape]!, item, at);
		}
	}
};

/**
An error as AWS's JSON protocols send it: `{"__type": "<Code>", "message": "..."}`, with the error's status.
*/
export const renderJsonError = (error: LambdaError, contentType: string): ApiResponse => ({
	status: error.statusCode,
	headers: {'Content-Type': contentType, 'x-amzn-ErrorType': error.type},
	body: JSON.stringify({__type: error.type, message: error.message}),
});

/**
A JSON-protocol service (JSON 1.0 or 1.1) as a plugin of the server. The operation comes from `X-Amz-Target`, the input is the JSON body checked against the model's types and constraints (AWS's `1 validation error detected: ...`), the output is the handler's value as JSON. Operations of the model without a handler answer an error naming themselves.
*/
export const jsonServiceApi = (options: JsonServiceOptions): ApiPlugin => {
	const {model, handlers, title} = options;
	const prefix = `${model.metadata.targetPrefix}.`;
	const contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
	const target = (request: Omit<ApiRequest, 'body'>) => {
		const value = request.headers['x-amz-target'];
		return typeof value === 'string' && value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
	};

	return {
		name: options.name,
		claims: request => target(request) !== undefined,
		bodyLimit: () => options.bodyLimit ?? 1024 * 1024,
		async handle(request) {
			const name = target(request)!;
			if (request.method !== 'POST') {
				throw serializationError(`${title} operations are called with POST, not ${request.method}.`);
			}

			const operation = Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
			if (!operation) {
				throw new LambdaError('UnknownOperationException', 400, `${title} has no operation named ${name}.`);
			}

			const handler = handlers[name];
			if (!handler) {
				throw new LambdaError('NotImplementedException', 501, `lambdeck does not implement the ${title} operation ${name} yet.`);
			}

			let input: unknown = {};
			if (request.body.length > 0) {
				try {
					input = JSON.parse(request.body.toString('utf8'));
				} catch (error) {
					throw serializationError(`Could not parse request body into json: ${(error as Error).message}`);
				}
			}

			if (typeof input !== 'object' || input === null || Array.isArray(input)) {
				throw serializationError('Start of structure or map found where not expected.');
			}

			if (operation.input) {
				checkTypes(model, model.shapes[operation.input.shape]!, input, '');
				const problems = validateInput(model, operation.input.shape, input as Record<string, unknown>);
				if (problems.length > 0) {
					throw new LambdaError(options.validationErrorType, 400, `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
				}
			}

			const output = await handler(input, request);
			return {status: 200, headers: {'Content-Type': contentType}, body: JSON.stringify(output ?? {})};
		},
		renderError: error => renderJsonError(error, contentType),
	};
};
