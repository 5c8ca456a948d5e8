import type {MemberModel, ServiceModel, ShapeModel} from '../core/model/service-model.js';

const nameOf = (member: MemberModel, fallback: string) => member.locationName ?? fallback;

const isFlattened = (member: MemberModel, shape: ShapeModel) => Boolean(member.flattened ?? shape.flattened);

/**
Read a query-protocol request (`Attribute.1.Name=...&MessageAttribute.2.Value.DataType=...`) into the input structure its model shape describes, keyed the way botocore's query serializer writes them.
*/
export const decodeQueryInput = (model: ServiceModel, shapeName: string, params: URLSearchParams): Record<string, unknown> => {
	const read = (shape: ShapeModel, member: MemberModel, prefix: string): unknown => {
		switch (shape.type) {
			case 'structure': {
				const result: Record<string, unknown> = {};
				for (const [name, child] of Object.entries(shape.members ?? {})) {
					const value = read(model.shapes[child.shape]!, child, `${prefix}${prefix ? '.' : ''}${nameOf(child, name)}`);
					if (value !== undefined) {
						result[name] = value;
					}
				}

				return Object.keys(result).length > 0 || prefix === '' ? result : undefined;
			}

			case 'list': {
				const item = shape.member!;
				const base = isFlattened(member, shape)
					? (item.locationName ? [...prefix.split('.').slice(0, -1), item.locationName].join('.') : prefix)
					: `${prefix}.${item.locationName ?? 'member'}`;
				const values: unknown[] = [];
				for (let index = 1; ; index++) {
					const value = read(model.shapes[item.shape]!, item, `${base}.${index}`);
					if (value === undefined) {
						break;
					}

					values.push(value);
				}

				return values.length > 0 ? values : undefined;
			}

			case 'map': {
				const base = isFlattened(member, shape) ? prefix : `${prefix}.entry`;
				const result: Record<string, unknown> = {};
				for (let index = 1; ; index++) {
					const key = params.get(`${base}.${index}.${shape.key!.locationName ?? 'key'}`);
					if (key === null) {
						break;
					}

					result[key] = read(model.shapes[shape.value!.shape]!, shape.value!, `${base}.${index}.${shape.value!.locationName ?? 'value'}`);
				}

				return Object.keys(result).length > 0 ? result : undefined;
			}

			default: {
				const text = params.get(prefix);
				if (text === null) {
					return undefined;
				}

				if (shape.type === 'integer' || shape.type === 'long') {
					return /^-?\d+$/.test(text) ? Number(text) : text;
				}

				return shape.type === 'boolean' ? text === 'true' : text;
			}
		}
	};

	return read(model.shapes[shapeName]!, {shape: shapeName}, '') as Record<string, unknown>;
};

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('\r', '&#xD;');

/**
Write an output structure as the query protocol's XML: members under their element names, flattened lists and maps as repeated elements.
*/
export const encodeQueryOutput = (model: ServiceModel, shapeName: string, value: Record<string, unknown>): string => {
	const write = (shape: ShapeModel, member: MemberModel, element: string, data: unknown): string => {
		switch (shape.type) {
			case 'structure': {
				const inner = Object.entries(shape.members ?? {}).map(([name, child]) => {
					const childValue = (data as Record<string, unknown>)[name];
					return childValue === undefined || childValue === null ? '' : write(model.shapes[child.shape]!, child, nameOf(child, name), childValue);
				}).join('');
				return element ? `<${element}>${inner}</${element}>` : inner;
			}

			case 'list': {
				const item = shape.member!;
				const items = (data as unknown[]).map(entry => write(model.shapes[item.shape]!, item, isFlattened(member, shape) ? (item.locationName ?? element) : (item.locationName ?? 'member'), entry)).join('');
				return isFlattened(member, shape) ? items : `<${element}>${items}</${element}>`;
			}

			case 'map': {
				const keyName = shape.key!.locationName ?? 'key';
				const valueName = shape.value!.locationName ?? 'value';
				const entries = Object.entries(data as Record<string, unknown>).map(([key, entry]) =>
					`<${isFlattened(member, shape) ? element : 'entry'}><${keyName}>${escapeXml(key)}</${keyName}>${write(model.shapes[shape.value!.shape]!, shape.value!, valueName, entry)}</${isFlattened(member, shape) ? element : 'entry'}>`).join('');
				return isFlattened(member, shape) ? entries : `<${element}>${entries}</${element}>`;
			}

			default: {
				return `<${element}>${escapeXml(String(data))}</${element}>`;
			}
		}
	};

	return write(model.shapes[shapeName]!, {shape: shapeName}, '', value);
};
