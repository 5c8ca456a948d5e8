import {randomUUID} from 'node:crypto';
import type {LambdaError} from '../core/errors.js';
import {limits} from '../core/limits.js';
import {urlPathPrefix, type UrlTarget} from '../service/function-urls.js';
import type {LambdaService} from '../service/lambda-service.js';
import type {ApiPlugin, ApiRequest, ApiResponse} from './server.js';
import {verifySignature, type Credentials} from './sigv4.js';

/**
What the function URL endpoint needs: the service, and the credentials an `AWS_IAM` URL's requests must be signed with.
*/
export type FunctionUrlApiOptions = {
	service: LambdaService;
	credentials?: Credentials[];
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');
const requestTime = (date: Date) =>
	`${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

const forbidden = (): ApiResponse => ({status: 403, headers: {'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException'}, body: '{"Message":null}'});

/** A URL that exists refusing a request it cannot authorize, in AWS's words (LocalStack's recording of `test_lambda_permission_url_invocation`). */
const denied = (): ApiResponse => ({
	status: 403,
	headers: {'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException'},
	body: JSON.stringify({Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'}),
});

const isText = (contentType: string, body: Buffer) => /text|json|xml|javascript|x-www-form-urlencoded/i.test(contentType) && !body.includes(0);

/**
Where a request to a function URL goes: `/lambda-url/<url-id>/<path>` on the service's port, or any path on a host named `<url-id>.lambda-url.<region>.<anything>`.
*/
const urlIdAndPath = (request: Omit<ApiRequest, 'body'>) => {
	if (request.rawPath.startsWith(urlPathPrefix)) {
		const rest = request.rawPath.slice(urlPathPrefix.length);
		const slash = rest.indexOf('/');
		return {urlId: slash < 0 ? rest : rest.slice(0, slash), path: slash < 0 ? '/' : rest.slice(slash)};
	}

	const host = /^([a-z\d]+)\.lambda-url\./.exec(String(request.headers.host ?? ''));
	return host ? {urlId: host[1]!, path: request.rawPath} : undefined;
};

/**
The payload format version 2.0 event of one request, as Lambda's URL endpoints build it.
*/
export const urlEvent = (request: ApiRequest, urlId: string, path: string, region: string, requestId: string = randomUUID()) => {
	const headers: Record<string, string> = {};
	let cookies: string[] | undefined;
	for (const [name, value] of Object.entries(request.headers)) {
		if (value === undefined) {
			continue;
		}

		if (name === 'cookie') {
			cookies = (Array.isArray(value) ? value : [value]).flatMap(item => item.split(/;\s*/)).filter(Boolean);
			continue;
		}

		headers[name] = Array.isArray(value) ? value.join(',') : value;
	}

	const query: Record<string, string> = {};
	for (const [key, value] of request.query) {
		query[key] = key in query ? `${query[key]},${value}` : value;
	}

	const rawQueryString = request.query.toString();
	const now = new Date();
	const text = isText(String(request.headers['content-type'] ?? ''), request.body);
	const domainName = `${urlId}.lambda-url.${region}.on.aws`;
	return {
		version: '2.0',
		routeKey: '$default',
		rawPath: path,
		rawQueryString,
		...(cookies ? {cookies} : {}),
		headers,
		...(Object.keys(query).length > 0 ? {queryStringParameters: query} : {}),
		requestContext: {
			accountId: 'anonymous',
			apiId: urlId,
			domainName,
			domainPrefix: urlId,
			http: {method: request.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? ''},
			requestId,
			routeKey: '$default',
			stage: '$default',
			time: requestTime(now),
			timeEpoch: now.getTime(),
		},
		...(request.body.length > 0 ? {body: text ? request.body.toString('utf8') : request.body.toString('base64')} : {}),
		isBase64Encoded: request.body.length > 0 && !text,
	};
};

type UrlResult = {statusCode?: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean};

/**
A function's result as the HTTP response Lambda's URL endpoints make of it: an object with `statusCode` gives its status, headers, cookies and body (decoded when `isBase64Encoded`); anything else is a 200 JSON body, a JSON string unwrapped.
*/
export const urlResponse = (payload: Uint8Array): {status: number; headers: Record<string, string | string[]>; body: Buffer} => {
	const text = Buffer.from(payload).toString('utf8');
	let result: unknown;
	try {
		result = JSON.parse(text);
	} catch {
		return {status: 200, headers: {'Content-Type': 'application/json'}, body: Buffer.from(text)};
	}

	if (result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result) {
		const {statusCode, headers = {}, cookies, body = '', isBase64Encoded} = result as UrlResult;
		const hasType = Object.keys(headers).some(name => name.toLowerCase() === 'content-type');
		return {
			status: Number(statusCode) || 200,
			headers: {...(hasType ? {} : {'Content-Type': 'application/json'}), ...headers, ...(cookies?.length ? {'Set-Cookie': cookies} : {})},
			body: isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body),
		};
	}

	return {status: 200, headers: {'Content-Type': 'application/json'}, body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result))};
};

const corsHeaders = (target: UrlTarget, origin: string | undefined): Record<string, string> => {
	const cors = target.config.Cors as {AllowOrigins?: string[]; AllowCredentials?: boolean; ExposeHeaders?: string[]} | undefined;
	if (!cors || !origin || !(cors.AllowOrigins ?? []).some(allowed => allowed === '*' || allowed === origin)) {
		return {};
	}

	return {
		'Access-Control-Allow-Origin': cors.AllowOrigins!.includes('*') && !cors.AllowCredentials ? '*' : origin,
		...(cors.AllowCredentials ? {'Access-Control-Allow-Credentials': 'true'} : {}),
		...(cors.ExposeHeaders?.length ? {'Access-Control-Expose-Headers': cors.ExposeHeaders.join(',')} : {}),
	};
};

const preflight = (target: UrlTarget, request: ApiRequest): ApiResponse => {
	const cors = target.config.Cors as {AllowMethods?: string[]; AllowHeaders?: string[]; MaxAge?: number} | undefined;
	return {
		status: 200,
		headers: {
			...corsHeaders(target, request.headers.origin),
			...(cors?.AllowMethods?.length ? {'Access-Control-Allow-Methods': cors.AllowMethods.join(',')} : {}),
			...(cors?.AllowHeaders?.length ? {'Access-Control-Allow-Headers': cors.AllowHeaders.join(',')} : {}),
			...(cors?.MaxAge === undefined ? {} : {'Access-Control-Max-Age': String(cors.MaxAge)}),
		},
	};
};

/**
Function URLs on the service's port: each request becomes a payload format 2.0 event for a synchronous invoke of the URL's function (or alias), and its result the HTTP response, as Lambda's URL endpoints map them. `AWS_IAM` URLs take only requests signed with the service's credentials; `NONE` ones take any.
*/
export const functionUrlApi = ({service, credentials = []}: FunctionUrlApiOptions): ApiPlugin => ({
	name: 'function-url',
	verifiesItself: true,
	claims: request => urlIdAndPath(request) !== undefined,
	bodyLimit: () => limits.syncPayloadBytes,
	async handle(request) {
		const {urlId, path} = urlIdAndPath(request)!;
		const target = service.functionUrls.byUrlId(urlId);
		if (!target) {
			return forbidden();
		}

		if (target.config.AuthType === 'AWS_IAM') {
			if (!request.headers.authorization) {
				return denied();
			}

			if (credentials.length > 0) {
				try {
					await verifySignature(request, credentials);
				} catch {
					return denied();
				}
			}
		}

		if (request.method === 'OPTIONS' && target.config.Cors && request.headers['access-control-request-method']) {
			return preflight(target, request);
		}

		// One request id names the request, the event's requestContext and the invocation (its START/END/REPORT lines), as on AWS.
		const {requestId} = request;
		const event = urlEvent(request, urlId, path, service.settings.region, requestId);
		const result = await service.invoke({FunctionName: target.functionName, Qualifier: target.qualifier, Payload: JSON.stringify(event), RequestId: requestId});
		const headers = {...corsHeaders(target, request.headers.origin), 'x-amzn-RequestId': requestId};
		if (result.FunctionError) {
			return {status: 502, headers: {'Content-Type': 'application/json', ...headers}, body: 'Internal Server Error'};
		}

		const response = urlResponse(result.Payload);
		return {status: response.status, headers: {...response.headers, ...headers}, body: response.body};
	},
	renderError: (error: LambdaError) => ({
		status: error.statusCode === 429 ? 429 : (error.statusCode >= 500 ? 502 : error.statusCode),
		headers: {'Content-Type': 'application/json', 'x-amzn-ErrorType': error.type},
		body: JSON.stringify({Message: error.message}),
	}),
});

/**
Answer a function URL request in this process, as `serve` would over HTTP (a client on an embedded service has no port): the same checks, event, invoke and response, with the headers' names in lower case.
*/
export const answerUrlRequest = async (service: LambdaService, request: {url: string; method: string; headers: Record<string, string>; body?: string}): Promise<{status: number; headers: Record<string, string>; body: string}> => {
	const url = new URL(request.url);
	const {headers} = request;
	const plugin = functionUrlApi({service});
	const apiRequest: ApiRequest = {
		method: request.method, rawPath: url.pathname, query: url.searchParams, body: Buffer.from(request.body ?? ''), requestId: randomUUID(),
		headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
	};
	let answer: ApiResponse;
	try {
		answer = await plugin.handle(apiRequest);
	} catch (error) {
		answer = plugin.renderError(error as LambdaError, apiRequest);
	}

	if ('stream' in answer) {
		throw new Error('A function URL answered with a stream, which the console cannot show.');
	}

	const answered: Record<string, string> = {'x-amzn-requestid': apiRequest.requestId};
	for (const [name, value] of Object.entries(answer.headers ?? {})) {
		answered[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}

	return {status: answer.status, headers: answered, body: Buffer.from(answer.body ?? '').toString('utf8')};
};
