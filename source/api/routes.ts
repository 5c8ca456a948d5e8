import Router, {type HTTPMethod} from 'find-my-way';
import type {OperationModel, ServiceModel} from '../core/model/service-model.js';

/**
An operation a request was routed to, with the values of its path's labels.
*/
export type RouteMatch = {
	operation: OperationModel;
	labels: Record<string, string | undefined>;
};

/** A query parameter a route needs: a value (`find=LayerVersion`), or only its presence (S3's `?notification`). */
type Variant = {operation: OperationModel; query?: [string, string | undefined]; greedy?: string};

/**
Every operation of a REST service model, routed by method and path with find-my-way.

Paths come from the model's `requestUri`, so an operation's route is declared once, by AWS. Two operations may share a path and tell themselves apart by a query parameter (`GET /2018-10-31/layers?find=LayerVersion` is GetLayerVersionByArn, without it ListLayers; S3's `PUT /{Bucket}?notification` is PutBucketNotificationConfiguration, without it CreateBucket); a trailing slash, which older clients send, matches too. A greedy label (S3's `{Key+}`) takes the rest of the path, slashes and all. The SDKs' `x-id=Operation` hint is not required, as the AWS CLI does not send it.
*/
export class RestRoutes {
	readonly #router = Router({ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 2048});
	readonly #variants = new Map<string, Variant[]>();

	constructor(model: ServiceModel) {
		for (const operation of Object.values(model.operations)) {
			const [pathPart, queryPart] = operation.http.requestUri.split('?');
			const greedy = /\{(\w+)\+\}$/.exec(pathPart!)?.[1];
			const path = pathPart!.replace(/\{\w+\+\}$/, '*').replaceAll(/\{(\w+)\}/g, ':$1');
			const key = `${operation.http.method} ${path}`;
			const parameter = queryPart?.split('&').find(part => !part.startsWith('x-id='));
			const query = parameter ? parameter.split('=') as [string, string | undefined] : undefined;
			let variants = this.#variants.get(key);
			if (!variants) {
				variants = [];
				this.#variants.set(key, variants);
				this.#router.on(operation.http.method as HTTPMethod, path, () => undefined, variants);
			}

			variants.push({operation, query, greedy});
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
		const variant = variants.find(candidate => !candidate.query || (candidate.query[1] === undefined ? query.has(candidate.query[0]) : query.get(candidate.query[0]) === candidate.query[1]));
		if (!variant) {
			return undefined;
		}

		const {'*': rest, ...labels} = found.params;
		return {operation: variant.operation, labels: variant.greedy ? {...labels, [variant.greedy]: rest} : labels};
	}
}
