import type {ServiceModel, ShapeModel} from '../core/model/service-model.js';
import {ShorthandParser} from './shorthand.js';

/**
Python's `int()` of a string, as the AWS CLI applies it: a ValueError in Python's words when the text is no integer.
*/
export const pythonInt = (text: string): number => {
	if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)) {
		throw new PythonValueError(`invalid literal for int() with base 10: '${text}'`);
	}

	return Number(text.replaceAll('_', '').trim());
};

/**
A Python ValueError the AWS CLI lets through to its general handler (exit 255), such as `invalid literal for int() with base 10: 'x'`.
*/
export class PythonValueError extends Error {
	override readonly name = 'PythonValueError';
}

/**
Turn parsed shorthand into the model's types as the AWS CLI's BackCompatVisitor does: numbers and booleans from text, a single value where a list belongs wrapped in a list.
*/
const fitToModel = (model: ServiceModel, shape: ShapeModel, value: unknown): unknown => {
	if (value === undefined) {
		return undefined;
	}

	switch (shape.type) {
		case 'structure': {
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				return value;
			}

			const record = value as Record<string, unknown>;
			for (const [name, member] of Object.entries(shape.members ?? {})) {
				if (name in record) {
					record[name] = fitToModel(model, model.shapes[member.shape]!, record[name]);
				}
			}

			return record;
		}

		case 'list': {
			const items = Array.isArray(value) ? value : [value];
			return items.map(item => fitToModel(model, model.shapes[shape.member!.shape]!, item));
		}

		case 'map': {
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				return value;
			}

			const valueShape = model.shapes[shape.value!.shape]!;
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fitToModel(model, valueShape, item)]));
		}

		case 'integer':
		case 'long': {
			return typeof value === 'string' ? pythonInt(value) : value;
		}

		case 'double':
		case 'float': {
			return typeof value === 'string' ? Number(value) : value;
		}

		case 'boolean': {
			if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) {
				return value.toLowerCase() === 'true';
			}

			return value;
		}

		default: {
			return value;
		}
	}
};

/**
Parse a shorthand value for an argument of `shape`, giving the model's types as the AWS CLI would.
*/
export const parseShorthand = (model: ServiceModel, shape: ShapeModel, value: string): unknown => fitToModel(model, shape, new ShorthandParser().parse(value));

/**
Whether the AWS CLI reads an argument of this shape as shorthand: structures, maps, and lists of them.
*/
export const supportsShorthand = (model: ServiceModel, shape: ShapeModel) => {
	if (shape.type === 'list') {
		return ['structure', 'list', 'map'].includes(model.shapes[shape.member!.shape]!.type);
	}

	return shape.type === 'structure' || shape.type === 'map';
};
