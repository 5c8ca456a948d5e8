import type {LambdaService} from '../service/lambda-service.js';
import {Reply, type OperationHandler} from './lambda-api.js';

/**
The Lambda operations of functions' resource-based policies, by their AWS names, for the API's handler table.
*/
export const policyHandlers = (service: LambdaService): Record<string, OperationHandler> => ({
	async AddPermission(input) {
		return new Reply(201, service.resourcePolicies.addPermission(input));
	},
	async RemovePermission(input) {
		service.resourcePolicies.removePermission(input);
		return new Reply(204);
	},
	async GetPolicy(input) {
		return service.resourcePolicies.getPolicy(input);
	},
});
