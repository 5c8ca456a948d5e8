import {randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import getRawBody from 'raw-body';
import {isLambdaError, LambdaError, serviceError} from '../core/errors.js';
import {verifySignature, type Credentials} from './sigv4.js';

/**
A request as an emulated service sees it: method, the raw (still percent-encoded) path, the query, headers, the whole body and the request id its answer carries.
*/
export type ApiRequest = {
	method: string;
	rawPath: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	requestId: string;
};

/**
What an emulated service answers: status, headers and body, or a function that writes a streamed answer itself.
*/
export type ApiResponse =
	| {status: number; headers?: http.OutgoingHttpHeaders; body?: Buffer | string}
	| {stream: (response: http.ServerResponse) => void};

/**
One emulated AWS service on the shared port, as Miniflare has a plugin per service: it claims the requests that are its own, answers them, and renders its errors in its own protocol.
*/
export type ApiPlugin = {
	readonly name: string;
	/** The most bytes a request body may have; larger ones are refused before they are read. */
	bodyLimit(request: Omit<ApiRequest, 'body'>): number;
	claims(request: Omit<ApiRequest, 'body'>): boolean;
	handle(request: ApiRequest): Promise<ApiResponse>;
	renderError(error: LambdaError, request: Omit<ApiRequest, 'body'>): ApiResponse;
	/** Whether the plugin checks signatures itself (function URLs: only an `AWS_IAM` URL needs one). */
	readonly verifiesItself?: boolean;
	/** End what the plugin keeps open (long-lived streams) when the server closes. */
	close?(): void;
};

/**
How the server runs: its plugins, and the credentials every request must be signed with (none: any signature is accepted).
*/
export type ApiServerOptions = {
	plugins: ApiPlugin[];
	credentials?: Credentials[];
	/** How long a client may take to send a whole request. */
	requestTimeoutMs?: number;
};

const notFound = (method: string, path: string) => new LambdaError('UnknownOperationException', 404, `lambdeck serves no operation at ${method} ${path}.`);

const tooLarge = (limit: number) => new LambdaError('RequestEntityTooLargeException', 413, `Request must be smaller than ${limit} bytes for this operation.`);

const write = (response: http.ServerResponse, answer: ApiResponse, requestId: string) => {
	if ('stream' in answer) {
		response.setHeader('x-amzn-RequestId', requestId);
		answer.stream(response);
		return;
	}

	const body = answer.body === undefined ? Buffer.alloc(0) : (typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body);
	response.writeHead(answer.status, {'x-amzn-RequestId': requestId, 'Content-Length': body.length, ...answer.headers});
	response.end(body);
};

/**
The HTTP server of `lambdeck serve`: one port for every emulated service. Each request gets an `x-amzn-RequestId`, its body is read only up to the claiming service's limit, its signature is checked when credentials are configured, and every error is rendered by the service's own protocol in one place.
*/
export class ApiServer {
	readonly #server: http.Server;
	readonly #options: ApiServerOptions;

	constructor(options: ApiServerOptions) {
		this.#options = options;
		const requestTimeout = options.requestTimeoutMs ?? 60_000;
		// Node checks for requests past their time only this often (30 s unless told).
		this.#server = http.createServer({connectionsCheckingInterval: Math.min(1000, requestTimeout / 2)}, (request, response) => {
			this.#serve(request, response).catch((error: unknown) => {
				// The error renderer itself failed, or the socket is gone: nothing more can be said to this client.
				response.destroy(error instanceof Error ? error : undefined);
			});
		});
		this.#server.requestTimeout = requestTimeout;
		this.#server.headersTimeout = Math.min(this.#server.requestTimeout, 20_000);
		this.#server.keepAliveTimeout = 60_000;
	}

	/**
	Listen on `host:port` (port 0 picks a free one) and return the URL clients should use.
	*/
	async listen(port: number, host: string): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.#server.once('error', reject);
			this.#server.listen(port, host, () => {
				this.#server.off('error', reject);
				resolve();
			});
		});
		const address = this.#server.address() as AddressInfo;
		return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
	}

	/**
	Stop accepting connections, close idle ones, and wait for requests under way to be answered.
	*/
	async close() {
		const closed = new Promise<void>(resolve => {
			this.#server.close(() => resolve());
		});
		for (const plugin of this.#options.plugins) {
			plugin.close?.();
		}

		this.#server.closeIdleConnections();
		await closed;
	}

	async #serve(request: http.IncomingMessage, response: http.ServerResponse) {
		const requestId = randomUUID();
		const url = new URL(request.url ?? '/', 'http://localhost');
		const head: Omit<ApiRequest, 'body'> = {method: request.method ?? 'GET', rawPath: url.pathname, query: url.searchParams, headers: request.headers, requestId};
		const plugin = this.#options.plugins.find(candidate => candidate.claims(head));
		try {
			if (!plugin) {
				throw notFound(head.method, head.rawPath);
			}

			const limit = plugin.bodyLimit(head);
			const declared = Number(request.headers['content-length'] ?? 0);
			if (declared > limit) {
				response.shouldKeepAlive = false;
				throw tooLarge(limit);
			}

			let body: Buffer;
			try {
				body = await getRawBody(request, {limit});
			} catch (error) {
				response.shouldKeepAlive = false;
				if ((error as {type?: string}).type === 'entity.too.large') {
					throw tooLarge(limit);
				}

				throw new LambdaError('InvalidRequestContentException', 400, `The request body could not be read: ${(error as Error).message}`);
			}

			if (this.#options.credentials?.length && !plugin.verifiesItself) {
				await verifySignature({...head, body}, this.#options.credentials);
			}

			write(response, await plugin.handle({...head, body}), requestId);
		} catch (error) {
			const lambdaError = isLambdaError(error) ? error : serviceError(`lambdeck failed on this request: ${(error as Error).message}`);
			const rendered = plugin ? plugin.renderError(lambdaError, head) : renderRestJsonError(lambdaError);
			if (!response.headersSent) {
				write(response, rendered, requestId);
			}

			if (!request.complete) {
				request.resume();
			}
		}
	}
}

/**
An error as AWS's REST-JSON services (Lambda) send it: the `x-amzn-ErrorType` header and a JSON body with `Type`, `message`/`Message` and `__type`.
*/
export const renderRestJsonError = (error: LambdaError): ApiResponse => ({
	status: error.statusCode,
	headers: {'x-amzn-ErrorType': error.type, 'Content-Type': 'application/json'},
	body: JSON.stringify(error.toBody()),
});
