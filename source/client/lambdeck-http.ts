import http from 'node:http';
import {LambdaError} from '../core/errors.js';

/**
What signs a request for the endpoint: the credentials and region the AWS SDK resolved, so lambdeck's own calls pass the same SigV4 check as the Lambda API's.
*/
export type Signing = () => Promise<{credentials: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}; region: string}>;

/**
A request to one of lambdeck's own endpoints (`/_lambdeck/...`), signed as the AWS SDK would sign a Lambda call.
*/
export type LambdeckRequest = {method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string};

/**
The headers that sign a request to `endpoint` with SigV4 for the Lambda service (function URLs take the same signature), host included.
*/
export const signRequest = async (endpoint: URL, request: LambdeckRequest, signing: Signing) => {
	const [{SignatureV4}, {HttpRequest}, {Hash}, {credentials, region}] = await Promise.all([
		import('@smithy/signature-v4'), import('@smithy/protocol-http'), import('@smithy/hash-node'), signing(),
	]);
	const signer = new SignatureV4({credentials, region, service: 'lambda', sha256: Hash.bind(null, 'sha256'), applyChecksum: false, uriEscapePath: true});
	const signed = await signer.sign(new HttpRequest({
		method: request.method,
		protocol: endpoint.protocol,
		hostname: endpoint.hostname,
		port: endpoint.port ? Number(endpoint.port) : undefined,
		path: request.path,
		query: request.query,
		headers: {host: endpoint.host, ...request.headers},
		body: request.body,
	}));
	return signed.headers;
};

/**
Send a signed request to lambdeck's own endpoint and hand back the response as it starts (for streams).
*/
export const openLambdeckRequest = async (endpoint: URL, request: LambdeckRequest, signing: Signing, signal?: AbortSignal) => {
	const headers = await signRequest(endpoint, request, signing);
	const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
	// TLS loads only for an https endpoint: the console's start does not pay for it.
	const transport = endpoint.protocol === 'https:' ? (await import('node:https')).default : http;
	return new Promise<http.IncomingMessage>((resolve, reject) => {
		const outgoing = transport.request(new URL(`${request.path}${query}`, endpoint), {method: request.method, headers, signal}, resolve);
		outgoing.once('error', reject);
		outgoing.end(request.body);
	});
};

/**
Call one of lambdeck's own JSON endpoints: its parsed answer, undefined for a 204, or the error it rendered as a LambdaError.
*/
export const callLambdeck = async <T>(endpoint: URL, request: LambdeckRequest, signing: Signing): Promise<T> => {
	const response = await openLambdeckRequest(endpoint, request, signing);
	const chunks: Buffer[] = [];
	for await (const chunk of response) {
		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	const status = response.statusCode ?? 500;
	if (status >= 300) {
		let body: Record<string, string> = {};
		try {
			body = JSON.parse(text) as Record<string, string>;
		} catch {}

		const type = String(response.headers['x-amzn-errortype'] ?? body.__type ?? 'ServiceException').split(':')[0]!;
		throw new LambdaError(type, status, body.message ?? body.Message ?? `${request.method} ${request.path} answered ${status}`, status >= 500 ? 'Service' : 'User');
	}

	return (text ? JSON.parse(text) : undefined) as T;
};
