import {signRequest, type Signing} from './lambdeck-http.js';

/**
An HTTP request to a function URL: `sign` signs it with the client's credentials, as an `AWS_IAM` URL wants.
*/
export type UrlRequest = {url: string; method: string; headers?: Record<string, string>; body?: string; sign?: boolean};

/**
A function URL's whole answer: status, headers (names in lower case, repeated ones joined by `, `) and body as text.
*/
export type UrlResponse = {status: number; headers: Record<string, string>; body: string};

/**
The parts of a URL request as SigV4 signs them: the path and query of `url` and the request's headers and body.
*/
export const signedHeaders = async (url: URL, request: UrlRequest, signing: Signing) => signRequest(url, {
	method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body: request.body,
}, signing);

/**
Send a request to a function URL over HTTP (signed when asked, with the credentials `signing` resolves) and read the whole answer.
*/
export const sendUrlRequest = async (request: UrlRequest, signing?: Signing): Promise<UrlResponse> => {
	const url = new URL(request.url);
	const headers = request.sign && signing ? await signedHeaders(url, request, signing) : {...request.headers};
	const {host: _host, ...sent} = headers;
	const response = await fetch(url, {method: request.method, headers: sent, body: ['GET', 'HEAD'].includes(request.method) ? undefined : request.body, redirect: 'manual'});
	const answered: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		answered[name] = answered[name] === undefined ? value : `${answered[name]}, ${value}`;
	});
	return {status: response.status, headers: answered, body: await response.text()};
};
