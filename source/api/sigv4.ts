import {timingSafeEqual} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import {Hash} from '@smithy/hash-node';
import {HttpRequest} from '@smithy/protocol-http';
import {SignatureV4} from '@smithy/signature-v4';
import {LambdaError} from '../core/errors.js';

/**
A pair of credentials the service accepts.
*/
export type Credentials = {accessKeyId: string; secretAccessKey: string};

/**
What a request must show to be let in: the raw path as it arrived, its headers and body.
*/
export type SignedRequest = {
	method: string;
	rawPath: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
};

const unrecognized = () => new LambdaError('UnrecognizedClientException', 403, 'The security token included in the request is invalid.');
const invalidSignature = () => new LambdaError('InvalidSignatureException', 403, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
const missing = () => new LambdaError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');

const authorizationPattern = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([\da-f]+)$/;

const signingDate = (text: string | undefined) => {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
	return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]))) : undefined;
};

const single = (value: string | string[] | undefined) => Array.isArray(value) ? value.join(',') : value;

/**
Check a request's AWS Signature Version 4 against the configured credentials, by signing it again with `@smithy/signature-v4` and comparing: an unknown key is `UnrecognizedClientException`, a wrong signature `InvalidSignatureException`, both 403 with AWS's messages.
*/
export const verifySignature = async (request: SignedRequest, credentials: Credentials[]) => {
	const authorization = single(request.headers.authorization);
	if (!authorization) {
		throw missing();
	}

	const match = authorizationPattern.exec(authorization);
	if (!match) {
		throw invalidSignature();
	}

	const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
	const known = credentials.find(candidate => candidate.accessKeyId === accessKeyId);
	if (!known) {
		throw unrecognized();
	}

	const date = signingDate(single(request.headers['x-amz-date']));
	if (!date) {
		throw invalidSignature();
	}

	const signedHeaders = signedHeaderList!.split(';');
	const headers: Record<string, string> = {};
	for (const name of signedHeaders) {
		const value = single(request.headers[name]);
		if (value !== undefined) {
			headers[name] = value;
		}
	}

	const query: Record<string, string | string[]> = {};
	for (const key of new Set(request.query.keys())) {
		const values = request.query.getAll(key);
		query[key] = values.length === 1 ? values[0]! : values;
	}

	const [hostname, port] = (headers.host ?? '').split(':');
	const signer = new SignatureV4({
		credentials: {accessKeyId: known.accessKeyId, secretAccessKey: known.secretAccessKey, sessionToken: signedHeaders.includes('x-amz-security-token') ? headers['x-amz-security-token'] : undefined},
		region: region!,
		service: service!,
		sha256: Hash.bind(null, 'sha256'),
		applyChecksum: false,
		// S3 signs the path as it is sent; every other service escapes it once more.
		uriEscapePath: service !== 's3',
	});
	const signed = await signer.sign(new HttpRequest({
		method: request.method,
		protocol: 'http:',
		hostname,
		port: port ? Number(port) : undefined,
		path: request.rawPath,
		query,
		headers,
		body: request.body,
	}), {signingDate: date, signableHeaders: new Set(signedHeaders)});
	const expected = /Signature=([\da-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
	if (expected.length !== signature!.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
		throw invalidSignature();
	}
};
