import {LambdaError, validationError} from '../core/errors.js';
import {limits} from '../core/limits.js';
import {lambdaModel} from '../core/model/service-model.js';
import {validateInput, withShapeOverrides} from '../core/model/validate-input.js';
import {namePatterns} from '../core/arn.js';
import type {LambdaService} from '../service/lambda-service.js';
import {parseRestRequest, serializeRestResponse} from './rest-json.js';
import {RestRoutes, type RouteMatch} from './routes.js';
import {policyHandlers} from './policy-handlers.js';
import {layerHandlers} from './layer-handlers.js';
import {versionHandlers} from './version-handlers.js';
import {eventHandlers} from './event-handlers.js';
import {renderRestJsonError, type ApiPlugin, type ApiRequest, type ApiResponse} from './server.js';

/**
An answer whose status is not the model's success code (DeleteFunction answers 204 where the model says 200).
*/
export class Reply {
	constructor(readonly status: number, readonly output?: Record<string, unknown>) {}
}

/**
What one Lambda operation does with its parsed, validated input: its output, serialized by the model's output shape, or a Reply.
*/
export type OperationHandler = (input: any, request: ApiRequest) => Promise<object | Reply | void>;

/**
The service the API serves.
*/
export type LambdaApiOptions = {
	service: LambdaService;
};

const createFunctionLimit = 70_167_211;

/**
The tag operations' resource pattern as AWS answers with it today (`eusc-` regions and layers, which the published model lacks).
*/
const taggableResourcePattern = String.raw`arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`;

/**
Where Lambda itself checks differently from its published model: the name and qualifier patterns AWS answers with today (the model lacks `eusc-` regions), and the runtime, which the service checks with its own message (InvalidParameterValueException, `or be a valid ARN`).
*/
const model = withShapeOverrides(lambdaModel, {
	FunctionName: {pattern: namePatterns.create},
	NamespacedFunctionName: {pattern: namePatterns.namespaced},
	Qualifier: {pattern: namePatterns.qualifier},
	Runtime: {enum: undefined},
	TaggableResource: {pattern: taggableResourcePattern},
});

/**
The request id an invocation takes from the API request that asked for it; the CLI runs handlers without one.
*/
const requestIdOf = (request: ApiRequest | undefined) => request?.requestId;

const notImplemented = (operation: string) => new LambdaError('NotImplementedException', 501, `lambdeck does not implement the Lambda operation ${operation} yet.`);

/**
The Lambda operations lambdeck serves, by their AWS names. Every other operation of the model is routed too, and answers 501 naming itself.
*/
export const lambdaHandlers = ({service}: LambdaApiOptions): Record<string, OperationHandler> => ({
	async CreateFunction(input) {
		return service.createFunction(input);
	},
	async GetFunction(input) {
		return service.getFunction(input);
	},
	async GetFunctionConfiguration(input) {
		return service.getFunctionConfiguration(input);
	},
	async ListFunctions(input) {
		return service.listFunctions(input);
	},
	async UpdateFunctionCode(input) {
		return service.updateFunctionCode(input);
	},
	async UpdateFunctionConfiguration(input) {
		return service.updateFunctionConfiguration(input);
	},
	async DeleteFunction(input) {
		await service.deleteFunction(input);
		return new Reply(204);
	},
	async Invoke(input, request) {
		// The invocation's request id is the one the answer carries, as on AWS.
		return service.invoke({...input, RequestId: requestIdOf(request)});
	},
	async InvokeAsync(input, request) {
		await service.invoke({FunctionName: input.FunctionName, InvocationType: 'Event', Payload: input.InvokeArgs, RequestId: requestIdOf(request)});
		return new Reply(202, {Status: 202});
	},
	async GetAccountSettings() {
		return service.getAccountSettings();
	},
	async ListTags(input) {
		return service.tagsAndConcurrency.listTags(input);
	},
	async TagResource(input) {
		service.tagsAndConcurrency.tagResource(input);
		return new Reply(204);
	},
	async UntagResource(input) {
		service.tagsAndConcurrency.untagResource(input);
		return new Reply(204);
	},
	async PutFunctionConcurrency(input) {
		return service.tagsAndConcurrency.putFunctionConcurrency(input);
	},
	async GetFunctionConcurrency(input) {
		return service.tagsAndConcurrency.getFunctionConcurrency(input);
	},
	async DeleteFunctionConcurrency(input) {
		service.tagsAndConcurrency.deleteFunctionConcurrency(input);
		return new Reply(204);
	},
	...versionHandlers(service),
	...policyHandlers(service),
	...eventHandlers(service),
	...layerHandlers(service),
});

/**
The problems the API finds in an operation's input before it runs (AWS's `Value '...' at '...' failed to satisfy constraint` lines), empty when there are none.
*/
export const lambdaInputProblems = (operation: string, input: Record<string, unknown>): string[] => {
	const shape = model.operations[operation]?.input?.shape;
	return shape ? validateInput(model, shape, input) : [];
};

/**
Run one operation on a service in this process as the API runs it (the same validation, then the same handler), for a client that needs no HTTP: its output, or undefined where the API answers no body.
*/
export const callLambdaOperation = async (service: LambdaService, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
	const handler = lambdaHandlers({service})[operation];
	if (!handler) {
		throw notImplemented(operation);
	}

	const problems = lambdaInputProblems(operation, input);
	if (problems.length > 0) {
		throw validationError(problems);
	}

	const result = await handler(input, undefined as never);
	return (result instanceof Reply ? result.output : result ?? undefined) as Record<string, unknown> | undefined;
};

/**
An error as Lambda sends it: where AWS's model declares the exception, its body has exactly the model's members (`{"Type":"User","Message":...}` for a 404, `{"Reason":...,"Type":"User","message":"Rate Exceeded."}` for a 429); lambdeck's own errors keep the general shape.
*/
export const renderLambdaError = (error: LambdaError): ApiResponse => {
	const shape = model.shapes[error.type];
	if (!shape?.exception || !shape.members) {
		return renderRestJsonError(error);
	}

	const body: Record<string, string> = {};
	const headers: Record<string, string> = {'x-amzn-ErrorType': error.type, 'Content-Type': 'application/json'};
	for (const [name, member] of Object.entries(shape.members)) {
		const value = name === 'Type' ? error.kind : (name.toLowerCase() === 'message' ? error.message : error.fields[name]);
		if (value === undefined) {
			continue;
		}

		if (member.location === 'header') {
			headers[member.locationName ?? name] = value;
		} else {
			body[name] = value;
		}
	}

	return {status: error.statusCode, headers, body: JSON.stringify(body)};
};

const bodyLimitOf = (match: RouteMatch | undefined) => {
	switch (match?.operation.name) {
		case 'CreateFunction':
		case 'UpdateFunctionCode':
		case 'PublishLayerVersion': {
			return createFunctionLimit;
		}

		case 'Invoke': {
			return limits.syncPayloadBytes + 1024;
		}

		default: {
			return 1024 * 1024;
		}
	}
};

/**
The Lambda REST API (`lambda-2015-03-31`) as a plugin of the server: routes, request parsing, validation and responses all come from AWS's service model; `handlers` holds what lambdeck does for each operation it implements.
*/
export const lambdaApi = (options: LambdaApiOptions): ApiPlugin => {
	const routes = new RestRoutes(model);
	const handlers = lambdaHandlers(options);
	const route = (request: Omit<ApiRequest, 'body'>) => routes.match(request.method, request.rawPath, request.query);
	return {
		name: 'lambda',
		claims: request => request.headers['x-amz-target'] === undefined && /^\/20\d\d-\d\d-\d\d\//.test(request.rawPath),
		bodyLimit: request => bodyLimitOf(route(request)),
		async handle(request): Promise<ApiResponse> {
			const match = route(request);
			if (!match) {
				throw new LambdaError('UnknownOperationException', 404, `No Lambda operation is served at ${request.method} ${request.rawPath}.`);
			}

			const {operation} = match;
			const handler = handlers[operation.name];
			if (!handler) {
				throw notImplemented(operation.name);
			}

			const input = parseRestRequest(model, operation, {labels: match.labels, query: request.query, headers: request.headers, body: request.body});
			if (operation.input) {
				const problems = validateInput(model, operation.input.shape, input);
				if (problems.length > 0) {
					throw validationError(problems);
				}
			}

			const result = await handler(input, request);
			return result instanceof Reply
				? serializeRestResponse(model, operation, result.output, result.status)
				: serializeRestResponse(model, operation, (result ?? undefined) as Record<string, unknown> | undefined);
		},
		renderError: error => renderLambdaError(error),
	};
};
