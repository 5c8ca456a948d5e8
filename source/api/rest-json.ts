import type {IncomingHttpHeaders, OutgoingHttpHeaders} from 'node:http';
import {LambdaError} from '../core/errors.js';
import type {MemberModel, OperationModel, ServiceModel, ShapeModel} from '../core/model/service-model.js';

/**
A request as the REST protocol binds it: the path's labels, the query string, the headers and the raw body.
*/
export type RestRequest = {
	labels: Record<string, string | undefined>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
};

/**
A response ready to write: status, headers and body bytes.
*/
export type RestResponse = {
	status: number;
	headers: OutgoingHttpHeaders;
	body: Buffer;
};

const serializationError = (message: string) => new LambdaError('SerializationException', 400, message);

const scalarFrom = (shape: ShapeModel, text: string): unknown => {
	switch (shape.type) {
		case 'integer':
		case 'long': {
			const value = Number(text);
			if (!Number.isInteger(value)) {
				throw serializationError(`Could not parse '${text}' as a whole number.`);
			}

			return value;
		}

		case 'double':
		case 'float': {
			return Number(text);
		}

		case 'boolean': {
			return text === 'true';
		}

		default: {
			return text;
		}
	}
};

/**
Turn a JSON value of the body into the shape's value: blobs arrive base64-encoded.
*/
const fromJson = (model: ServiceModel, shape: ShapeModel, value: unknown): unknown => {
	if (value === null || value === undefined) {
		return value;
	}

	switch (shape.type) {
		case 'blob': {
			if (typeof value !== 'string') {
				throw serializationError('A blob member must be a base64 string.');
			}

			return Buffer.from(value, 'base64');
		}

		case 'structure': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				throw serializationError('Start of structure or map found where not expected.');
			}

			const result: Record<string, unknown> = {};
			for (const [name, member] of Object.entries(shape.members ?? {})) {
				const item = (value as Record<string, unknown>)[name];
				if (item !== undefined) {
					result[name] = fromJson(model, model.shapes[member.shape]!, item);
				}
			}

			return result;
		}

		case 'list': {
			if (!Array.isArray(value)) {
				throw serializationError('Start of list found where not expected.');
			}

			return value.map(item => fromJson(model, model.shapes[shape.member!.shape]!, item));
		}

		case 'map': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				throw serializationError('Start of structure or map found where not expected.');
			}

			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromJson(model, model.shapes[shape.value!.shape]!, item)]));
		}

		default: {
			return value;
		}
	}
};

/**
Turn a value of the shape into JSON for the body: blobs leave base64-encoded.
*/
const toJson = (model: ServiceModel, shape: ShapeModel, value: unknown): unknown => {
	if (value === null || value === undefined) {
		return value;
	}

	switch (shape.type) {
		case 'blob': {
			return Buffer.from(value as Uint8Array).toString('base64');
		}

		case 'structure': {
			const result: Record<string, unknown> = {};
			for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
				const member = shape.members?.[name];
				if (item !== undefined && (!member || !member.location)) {
					result[name] = member ? toJson(model, model.shapes[member.shape]!, item) : item;
				}
			}

			return result;
		}

		case 'list': {
			return (value as unknown[]).map(item => toJson(model, model.shapes[shape.member!.shape]!, item));
		}

		case 'map': {
			return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, toJson(model, model.shapes[shape.value!.shape]!, item)]));
		}

		default: {
			return value;
		}
	}
};

const headerValue = (headers: IncomingHttpHeaders, name: string) => {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(',') : value;
};

/**
Read an operation's input from a request, as AWS's REST-JSON protocol binds it: members from the URI, the query string and headers, the payload member as the raw body, the rest from the JSON body.
*/
export const parseRestRequest = (model: ServiceModel, operation: OperationModel, request: RestRequest): Record<string, unknown> => {
	const input: Record<string, unknown> = {};
	if (!operation.input) {
		return input;
	}

	const shape = model.shapes[operation.input.shape]!;
	const members = Object.entries(shape.members ?? {});
	const bodyMembers: Array<[string, MemberModel]> = [];
	for (const [name, member] of members) {
		const memberShape = model.shapes[member.shape]!;
		const key = member.locationName ?? name;
		switch (member.location) {
			case 'uri': {
				const value = request.labels[key];
				if (value !== undefined) {
					input[name] = scalarFrom(memberShape, value);
				}

				break;
			}

			case 'querystring': {
				if (memberShape.type === 'list') {
					const values = request.query.getAll(key);
					if (values.length > 0) {
						input[name] = values;
					}
				} else if (request.query.has(key)) {
					input[name] = scalarFrom(memberShape, request.query.get(key)!);
				}

				break;
			}

			case 'header': {
				const value = headerValue(request.headers, key);
				if (value !== undefined) {
					input[name] = scalarFrom(memberShape, value);
				}

				break;
			}

			case undefined: {
				if (shape.payload === name) {
					input[name] = memberShape.type === 'blob' ? request.body : (request.body.length > 0 ? fromJson(model, memberShape, parseBody(request.body)) : undefined);
				} else {
					bodyMembers.push([name, member]);
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	if (bodyMembers.length > 0 && request.body.length > 0) {
		const body = parseBody(request.body);
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw serializationError('Start of structure or map found where not expected.');
		}

		for (const [name, member] of bodyMembers) {
			const value = (body as Record<string, unknown>)[name];
			if (value !== undefined) {
				input[name] = fromJson(model, model.shapes[member.shape]!, value);
			}
		}
	}

	return input;
};

const parseBody = (body: Buffer): unknown => {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch (error) {
		throw serializationError(`Could not parse request body into json: ${(error as Error).message}`);
	}
};

/**
Write an operation's output as AWS's REST-JSON protocol does: header members as headers, a `statusCode` member as the status, the payload member as the raw body, the rest as a JSON body.
*/
export const serializeRestResponse = (model: ServiceModel, operation: OperationModel, output: Record<string, unknown> | undefined, status = operation.http.responseCode ?? 200): RestResponse => {
	const headers: OutgoingHttpHeaders = {};
	if (!operation.output || output === undefined) {
		return {status, headers, body: Buffer.alloc(0)};
	}

	const shape = model.shapes[operation.output.shape]!;
	let body: Buffer | undefined;
	for (const [name, member] of Object.entries(shape.members ?? {})) {
		const value = output[name];
		if (value === undefined || value === null) {
			continue;
		}

		if (member.location === 'header') {
			headers[member.locationName ?? name] = String(value);
		} else if (member.location === 'statusCode') {
			status = Number(value);
		} else if (shape.payload === name) {
			const memberShape = model.shapes[member.shape]!;
			body = memberShape.type === 'blob' ? Buffer.from(value as Uint8Array) : Buffer.from(JSON.stringify(toJson(model, memberShape, value)));
		}
	}

	if (!body && !shape.payload) {
		body = Buffer.from(JSON.stringify(toJson(model, shape, output)));
		headers['Content-Type'] = 'application/json';
	}

	return {status, headers, body: body ?? Buffer.alloc(0)};
};
