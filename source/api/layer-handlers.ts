import type {LambdaService} from '../service/lambda-service.js';
import {Reply, type OperationHandler} from './lambda-api.js';

/**
The Lambda operations of layers and their permissions, by their AWS names, for the API's handler table.
*/
export const layerHandlers = (service: LambdaService): Record<string, OperationHandler> => ({
	async PublishLayerVersion(input) {
		return service.layers.publishLayerVersion(input);
	},
	async GetLayerVersion(input) {
		return service.layers.getLayerVersion(input);
	},
	async GetLayerVersionByArn(input) {
		return service.layers.getLayerVersionByArn(input);
	},
	async ListLayers(input) {
		return service.layers.listLayers(input);
	},
	async ListLayerVersions(input) {
		return service.layers.listLayerVersions(input);
	},
	async DeleteLayerVersion(input) {
		service.layers.deleteLayerVersion(input);
		return new Reply(204);
	},
	async AddLayerVersionPermission(input) {
		return service.layers.addLayerVersionPermission(input);
	},
	async GetLayerVersionPolicy(input) {
		return service.layers.getLayerVersionPolicy(input);
	},
	async RemoveLayerVersionPermission(input) {
		service.layers.removeLayerVersionPermission(input);
		return new Reply(204);
	},
});
