import type {LambdaService} from '../service/lambda-service.js';
import {Reply, type OperationHandler} from './lambda-api.js';

/**
The Lambda operations of event-driven invocation: Put, Update, Get, Delete and ListFunctionEventInvokeConfig(s), and Create, Get, Update, Delete and ListEventSourceMappings.
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
	async CreateEventSourceMapping(input) {
		return new Reply(202, await service.events.mappings.create(input));
	},
	async GetEventSourceMapping(input) {
		return service.events.mappings.get(input);
	},
	async UpdateEventSourceMapping(input) {
		return new Reply(202, await service.events.mappings.update(input));
	},
	async DeleteEventSourceMapping(input) {
		return new Reply(202, await service.events.mappings.delete(input));
	},
	async ListEventSourceMappings(input) {
		return service.events.mappings.list(input);
	},
});
