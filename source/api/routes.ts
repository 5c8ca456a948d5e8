import Router, {type HTTPMethod} from 'find-my-way';
import type {OperationModel, ServiceModel} from '../core/model/service-model.js';

/**
An operation a request was routed to, with the values of its path's labels.
*/
export type RouteMatch = {
	operation: OperationModel;
	labels: Record<string, string | undefined>;
};

type Variant = {operation: OperationModel; query?: [string, string]};

/**
Every operation of a REST service model, routed by method and path with find-my-way.

Paths come from the model's `requestUri`, so an operation's route is declared once, by AWS. Two operations may share a path and tell themselves apart by a query parameter (`GET /2018-10-31/layers?find=LayerVersion` is GetLayerVersionByArn, without it ListLayers); a trailing slash, which older clients send, matches too.
*/
export class RestRoutes {
	readonly #router = Router({ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 2048});
	readonly #variants = new Map<string, Variant[]>();

	constructor(model: ServiceModel) {
		for (const operation of Object.values(model.operations)) {
			const [pathPart, queryPart] = operation.http.requestUri.split('?');
			const path = pathPart!.replaceAll(/\{(\w+)\+?\}/g, ':$1');
			const key = `${operation.http.method} ${path}`;
			const query = queryPart ? queryPart.split('=') as [string, string] : undefined;
			let variants = this.#variants.get(key);
			if (!variants) {
				variants = [];
				this.#variants.set(key, variants);
				this.#router.on(operation.http.method as HTTPMethod, path, () => undefined, variants);
			}

			variants.push({operation, query});
			// The variant that needs a query parameter is tried first.
			variants.sort((a, b) => Number(Boolean(b.query)) - Number(Boolean(a.query)));
		}
	}

	/**
	The operation for a method, path and query string, or undefined when no route matches.
	*/
	match(method: string, path: string, query: URLSearchParams): RouteMatch | undefined {
		const found = this.#router.find(method as HTTPMethod, path);
		if (!found) {
			return undefined;
		}

		const variants = found.store as Variant[];
		const variant = variants.find(candidate => !candidate.query || query.get(candidate.query[0]) === candidate.query[1]);
		return variant ? {operation: variant.operation, labels: found.params} : undefined;
	}
}
