import type {LambdaService} from '../service/lambda-service.js';
import {Reply, type OperationHandler} from './lambda-api.js';

/**
The Lambda operations of versions, aliases, provisioned concurrency and function URLs, by their AWS names, for the API's handler table.
*/
export const versionHandlers = (service: LambdaService): Record<string, OperationHandler> => ({
	async PublishVersion(input) {
		return service.versions.publishVersion(input);
	},
	async ListVersionsByFunction(input) {
		return service.versions.listVersionsByFunction(input);
	},
	async CreateAlias(input) {
		return service.aliases.createAlias(input);
	},
	async GetAlias(input) {
		return service.aliases.getAlias(input);
	},
	async UpdateAlias(input) {
		return service.aliases.updateAlias(input);
	},
	async DeleteAlias(input) {
		await service.aliases.deleteAlias(input);
		return new Reply(204);
	},
	async ListAliases(input) {
		return service.aliases.listAliases(input);
	},
	async PutProvisionedConcurrencyConfig(input) {
		return service.provisioned.putProvisionedConcurrencyConfig(input);
	},
	async GetProvisionedConcurrencyConfig(input) {
		return service.provisioned.getProvisionedConcurrencyConfig(input);
	},
	async DeleteProvisionedConcurrencyConfig(input) {
		await service.provisioned.deleteProvisionedConcurrencyConfig(input);
		return new Reply(204);
	},
	async ListProvisionedConcurrencyConfigs(input) {
		return service.provisioned.listProvisionedConcurrencyConfigs(input);
	},
	async CreateFunctionUrlConfig(input) {
		return service.functionUrls.createFunctionUrlConfig(input);
	},
	async GetFunctionUrlConfig(input) {
		return service.functionUrls.getFunctionUrlConfig(input);
	},
	async UpdateFunctionUrlConfig(input) {
		return service.functionUrls.updateFunctionUrlConfig(input);
	},
	async DeleteFunctionUrlConfig(input) {
		service.functionUrls.deleteFunctionUrlConfig(input);
		return new Reply(204);
	},
	async ListFunctionUrlConfigs(input) {
		return service.functionUrls.listFunctionUrlConfigs(input);
	},
});
