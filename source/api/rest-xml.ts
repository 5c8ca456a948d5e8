import type {IncomingHttpHeaders, OutgoingHttpHeaders} from 'node:http';
import {XMLParser} from 'fast-xml-parser';
import type {MemberModel, OperationModel, ServiceModel, ShapeModel} from '../core/model/service-model.js';
import {s3Error} from '../core/s3-errors.js';
import type {RestRequest, RestResponse} from './rest-json.js';

const parser = new XMLParser({ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true});

const malformed = () => s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

const scalarFrom = (shape: ShapeModel, text: string): unknown => {
	switch (shape.type) {
		case 'integer':
		case 'long':
		case 'double':
		case 'float': {
			return Number(text);
		}

		case 'boolean': {
			return text === 'true';
		}

		case 'timestamp': {
			return new Date(text);
		}

		default: {
			return text;
		}
	}
};

const asArray = (value: unknown) => value === undefined ? [] : (Array.isArray(value) ? value : [value]);

/**
A parsed XML element as the shape's value: members by their element names, lists flattened or wrapped as the model says.
*/
const fromXml = (model: ServiceModel, shape: ShapeModel, node: unknown): unknown => {
	if (shape.type !== 'structure') {
		return typeof node === 'string' ? scalarFrom(shape, node) : (node === '' || node === undefined ? undefined : scalarFrom(shape, String(node)));
	}

	const element = typeof node === 'object' && node !== null ? node as Record<string, unknown> : {};
	const result: Record<string, unknown> = {};
	for (const [name, member] of Object.entries(shape.members ?? {})) {
		if (member.location) {
			continue;
		}

		const memberShape = model.shapes[member.shape]!;
		const elementName = member.locationName ?? name;
		if (memberShape.type === 'list') {
			const itemShape = model.shapes[memberShape.member!.shape]!;
			const items = member.flattened ?? memberShape.flattened
				? asArray(element[elementName])
				: asArray((element[elementName] as Record<string, unknown> | undefined)?.[memberShape.member!.locationName ?? 'member']);
			if (element[elementName] !== undefined) {
				result[name] = items.map(item => fromXml(model, itemShape, item));
			}
		} else if (element[elementName] !== undefined) {
			result[name] = fromXml(model, memberShape, element[elementName]);
		}
	}

	return result;
};

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
A value of the shape as XML elements named `elementName`; a flattened list repeats the element without a wrapper.
*/
export const toXml = (model: ServiceModel, shape: ShapeModel, value: unknown, elementName: string, member?: MemberModel): string => {
	if (value === undefined || value === null) {
		return '';
	}

	switch (shape.type) {
		case 'structure': {
			const inner = Object.entries(shape.members ?? {})
				.filter(([, child]) => !child.location)
				.map(([name, child]) => toXml(model, model.shapes[child.shape]!, (value as Record<string, unknown>)[name], child.locationName ?? name, child))
				.join('');
			return `<${elementName}>${inner}</${elementName}>`;
		}

		case 'list': {
			const itemShape = model.shapes[shape.member!.shape]!;
			if (member?.flattened ?? shape.flattened) {
				return (value as unknown[]).map(item => toXml(model, itemShape, item, elementName)).join('');
			}

			const itemName = shape.member!.locationName ?? 'member';
			return `<${elementName}>${(value as unknown[]).map(item => toXml(model, itemShape, item, itemName)).join('')}</${elementName}>`;
		}

		case 'timestamp': {
			return `<${elementName}>${new Date(value as string | number | Date).toISOString()}</${elementName}>`;
		}

		default: {
			return `<${elementName}>${escape(String(value))}</${elementName}>`;
		}
	}
};

const headerValue = (headers: IncomingHttpHeaders, name: string) => {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(',') : value;
};

/**
Read an operation's input from a request as AWS's REST-XML protocol binds it: members from the URI, the query string and headers, and the payload member from the body (raw bytes for a blob, else an XML document).
*/
export const parseRestXmlRequest = (model: ServiceModel, operation: OperationModel, request: RestRequest): Record<string, unknown> => {
	const input: Record<string, unknown> = {};
	const shape = operation.input ? model.shapes[operation.input.shape]! : undefined;
	for (const [name, member] of Object.entries(shape?.members ?? {})) {
		const memberShape = model.shapes[member.shape]!;
		const key = member.locationName ?? name;
		const text = member.location === 'uri'
			? request.labels[key]
			: (member.location === 'querystring' ? request.query.get(key) ?? undefined : (member.location === 'header' ? headerValue(request.headers, key) : undefined));
		if (text !== undefined) {
			input[name] = scalarFrom(memberShape, text);
		} else if (!member.location && shape!.payload === name && request.body.length > 0) {
			if (memberShape.type === 'blob') {
				input[name] = request.body;
				continue;
			}

			let document: Record<string, unknown>;
			try {
				document = parser.parse(request.body.toString('utf8'), true) as Record<string, unknown>;
			} catch {
				throw malformed();
			}

			const root = Object.keys(document).find(element => element !== '?xml');
			if (!root || (member.locationName && root !== member.locationName)) {
				throw malformed();
			}

			input[name] = fromXml(model, memberShape, document[root]);
		}
	}

	return input;
};

/**
Write an operation's output as REST-XML does: header members as headers, the rest (or the payload member) as one XML document whose root is `rootName`.
*/
export const serializeRestXmlResponse = (model: ServiceModel, operation: OperationModel, output: Record<string, unknown> | undefined, rootName: string, status = operation.http.responseCode ?? 200): RestResponse => {
	const headers: OutgoingHttpHeaders = {};
	if (!operation.output || output === undefined) {
		return {status, headers, body: Buffer.alloc(0)};
	}

	const shape = model.shapes[operation.output.shape]!;
	for (const [name, member] of Object.entries(shape.members ?? {})) {
		if (member.location === 'header' && output[name] !== undefined) {
			headers[member.locationName ?? name] = String(output[name]);
		}
	}

	const bodyShape = shape.payload ? model.shapes[shape.members![shape.payload]!.shape]! : shape;
	const bodyValue = shape.payload ? output[shape.payload] : output;
	const hasBody = bodyShape.type === 'structure' && Object.entries(bodyShape.members ?? {}).some(([, member]) => !member.location);
	if (!hasBody) {
		return {status, headers, body: Buffer.alloc(0)};
	}

	const namespace = model.metadata.xmlNamespace ?? 'http://s3.amazonaws.com/doc/2006-03-01/';
	const xml = toXml(model, bodyShape, bodyValue ?? {}, rootName).replace(`<${rootName}>`, `<${rootName} xmlns="${namespace}">`);
	return {status, headers: {...headers, 'Content-Type': 'application/xml'}, body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`)};
};
