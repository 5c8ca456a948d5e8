import type {LambdaService} from '../service/lambda-service.js';
import {Reply, type OperationHandler} from './lambda-api.js';

/**
The Lambda operations of asynchronous invocation: Put, Update, Get, Delete and ListFunctionEventInvokeConfig(s).
*/
export const eventHandlers = (service: LambdaService): Record<string, OperationHandler> => ({
	async PutFunctionEventInvokeConfig(input) {
		return service.events.configs.put(input);
	},
	async UpdateFunctionEventInvokeConfig(input) {
		return service.events.configs.update(input);
	},
	async GetFunctionEventInvokeConfig(input) {
		return service.events.configs.get(input);
	},
	async DeleteFunctionEventInvokeConfig(input) {
		await service.events.configs.delete(input);
		return new Reply(204);
	},
	async ListFunctionEventInvokeConfigs(input) {
		return service.events.configs.list(input);
	},
});
