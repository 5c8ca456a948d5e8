import {
	CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient,
	ListFunctionsCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import {fromSdkError} from './sdk-errors.js';
import type {
	CreateFunctionRequest, FunctionConfiguration, GetFunctionResponse, InvocationRequest, InvocationResponse, ListFunctionsRequest, ListFunctionsResponse,
	UpdateFunctionCodeRequest, UpdateFunctionConfigurationRequest,
} from '../core/types.js';

export {fromSdkError} from './sdk-errors.js';

const call = async <T>(send: () => Promise<T & {$metadata?: unknown}>): Promise<T> => {
	try {
		const {$metadata, ...output} = await send();
		return output as T;
	} catch (error) {
		throw fromSdkError(error);
	}
};

/**
The Lambda API's function operations through the AWS SDK for JavaScript v3, in the shapes of lambdeck's own client: what a client of any Lambda endpoint (a lambdeck serve, LocalStack, AWS) builds on.
*/
export const lambdaSdkOperations = (sdk: LambdaClient) => ({
	createFunction: async (request: CreateFunctionRequest) => call(async () => sdk.send(new CreateFunctionCommand(request as never))) as Promise<FunctionConfiguration>,
	getFunction: async (request: {FunctionName: string; Qualifier?: string}) => call(async () => sdk.send(new GetFunctionCommand(request))) as Promise<GetFunctionResponse>,
	getFunctionConfiguration: async (request: {FunctionName: string; Qualifier?: string}) => call(async () => sdk.send(new GetFunctionConfigurationCommand(request))) as Promise<FunctionConfiguration>,
	listFunctions: async (request: ListFunctionsRequest = {}) => call(async () => sdk.send(new ListFunctionsCommand(request))) as Promise<ListFunctionsResponse>,
	updateFunctionCode: async (request: UpdateFunctionCodeRequest) => call(async () => sdk.send(new UpdateFunctionCodeCommand(request as never))) as Promise<FunctionConfiguration>,
	updateFunctionConfiguration: async (request: UpdateFunctionConfigurationRequest) => call(async () => sdk.send(new UpdateFunctionConfigurationCommand(request as never))) as Promise<FunctionConfiguration>,
	async deleteFunction(request: {FunctionName: string; Qualifier?: string}) {
		await call(async () => sdk.send(new DeleteFunctionCommand(request)));
	},
	async invoke(request: InvocationRequest): Promise<InvocationResponse> {
		const output = await call(async () => sdk.send(new InvokeCommand({...request, Payload: typeof request.Payload === 'string' ? Buffer.from(request.Payload) : request.Payload})));
		return {...output, StatusCode: output.StatusCode ?? 200, Payload: output.Payload ?? new Uint8Array()} as InvocationResponse;
	},
});
