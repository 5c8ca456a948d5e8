import type {ServiceModel, ShapeModel} from './service-model.js';

const typeNames: Partial<Record<ShapeModel['type'], string>> = {
	string: '<class \'str\'>', integer: '<class \'int\'>', long: '<class \'int\'>', boolean: '<class \'bool\'>', list: '<class \'list\'>, <class \'tuple\'>', map: '<class \'dict\'>', structure: '<class \'dict\'>',
};

const pythonType = (value: unknown) => {
	if (typeof value === 'string') {
		return '<class \'str\'>';
	}

	if (typeof value === 'number') {
		return Number.isInteger(value) ? '<class \'int\'>' : '<class \'float\'>';
	}

	if (typeof value === 'boolean') {
		return '<class \'bool\'>';
	}

	return Array.isArray(value) ? '<class \'list\'>' : '<class \'dict\'>';
};

const typeMatches = (shape: ShapeModel, value: unknown) => {
	switch (shape.type) {
		case 'string': {
			return typeof value === 'string';
		}

		case 'integer':
		case 'long': {
			return typeof value === 'number' && Number.isInteger(value);
		}

		case 'boolean': {
			return typeof value === 'boolean';
		}

		case 'list': {
			return Array.isArray(value);
		}

		case 'blob': {
			return value instanceof Uint8Array || typeof value === 'string';
		}

		case 'map':
		case 'structure': {
			return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
		}

		default: {
			return true;
		}
	}
};

/**
Check a request as the AWS CLI does before it sends anything (botocore's ParamValidator): required members, members the model does not know, types, and the minimum lengths and values (botocore checks no maximum). Returns its lines, which follow `Parameter validation failed:`.
*/
export const validateParameters = (model: ServiceModel, shapeName: string, input: Record<string, unknown>): string[] => {
	const errors: string[] = [];
	const visit = (shape: ShapeModel, value: unknown, name: string) => {
		if (!typeMatches(shape, value)) {
			errors.push(`Invalid type for parameter ${name}, value: ${String(value)}, type: ${pythonType(value)}, valid types: ${typeNames[shape.type] ?? shape.type}`);
			return;
		}

		if ((shape.type === 'integer' || shape.type === 'long') && shape.min !== undefined && (value as number) < shape.min) {
			errors.push(`Invalid value for parameter ${name}, value: ${String(value)}, valid min value: ${shape.min}`);
		} else if ((shape.type === 'string' || shape.type === 'list' || shape.type === 'map') && shape.min !== undefined) {
			const length = typeof value === 'string' ? value.length : (Array.isArray(value) ? value.length : Object.keys(value as object).length);
			if (length < shape.min) {
				errors.push(`Invalid length for parameter ${name}, value: ${length}, valid min length: ${shape.min}`);
			}
		}

		if (shape.type === 'structure') {
			structure(shape, value as Record<string, unknown>, `${name}.`);
		} else if (shape.type === 'list') {
			for (const [index, item] of (value as unknown[]).entries()) {
				visit(model.shapes[shape.member!.shape]!, item, `${name}[${index}]`);
			}
		} else if (shape.type === 'map') {
			for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
				visit(model.shapes[shape.value!.shape]!, item, `${name}.${key}`);
			}
		}
	};

	const structure = (shape: ShapeModel, value: Record<string, unknown>, prefix: string) => {
		const name = prefix === '' ? 'input' : prefix.slice(0, -1);
		for (const required of shape.required ?? []) {
			if (value[required] === undefined) {
				errors.push(`Missing required parameter in ${name}: "${required}"`);
			}
		}

		const members = shape.members ?? {};
		for (const key of Object.keys(value)) {
			if (value[key] !== undefined && !members[key]) {
				errors.push(`Unknown parameter in ${name}: "${key}", must be one of: ${Object.keys(members).join(', ')}`);
			}
		}

		for (const [key, item] of Object.entries(value)) {
			if (item !== undefined && members[key]) {
				visit(model.shapes[members[key].shape]!, item, `${prefix}${key}`);
			}
		}
	};

	structure(model.shapes[shapeName]!, input, '');
	return errors;
};
