import type {MemberModel, ServiceModel, ShapeModel} from './service-model.js';

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const show = (value: unknown): string => {
	if (Array.isArray(value)) {
		return `[${value.map(item => show(item)).join(', ')}]`;
	}

	if (value instanceof Uint8Array) {
		return 'java.nio.HeapByteBuffer';
	}

	if (value !== null && typeof value === 'object') {
		return `{${Object.entries(value).map(([key, item]) => `${key}=${show(item)}`).join(', ')}}`;
	}

	return String(value);
};

const lengthOf = (value: unknown) => {
	if (typeof value === 'string') {
		return [...value].length;
	}

	if (Array.isArray(value)) {
		return value.length;
	}

	if (value instanceof Uint8Array) {
		return value.byteLength;
	}

	return value !== null && typeof value === 'object' ? Object.keys(value).length : 0;
};

const compiled = new Map<string, RegExp>();

/**
AWS's patterns are Java's, matched against the whole value; most compile in JavaScript's Unicode mode (`\p{L}`), a few only without it.
*/
const matchesPattern = (pattern: string, value: string) => {
	let regex = compiled.get(pattern);
	if (!regex) {
		try {
			regex = new RegExp(`^(?:${pattern})$`, 'u');
		} catch {
			regex = new RegExp(`^(?:${pattern})$`);
		}

		compiled.set(pattern, regex);
	}

	return regex.test(value);
};

const isNumeric = (shape: ShapeModel) => ['integer', 'long', 'double', 'float'].includes(shape.type);

/**
Check a request against its input shape as AWS does before an operation runs: required members, lengths, ranges, patterns and enums, nested structures, lists and maps too. Returns the problems in AWS's words (`Value '3000' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`), in member order.
*/
export const validateInput = (model: ServiceModel, shapeName: string, input: Record<string, unknown>): string[] => {
	const problems: string[] = [];
	const check = (shape: ShapeModel, value: unknown, at: string) => {
		const fail = (constraint: string) => problems.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: ${constraint}`);
		if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) {
			fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
			return;
		}

		if (isNumeric(shape) && typeof value === 'number') {
			if (shape.min !== undefined && value < shape.min) {
				fail(`Member must have value greater than or equal to ${shape.min}`);
			} else if (shape.max !== undefined && value > shape.max) {
				fail(`Member must have value less than or equal to ${shape.max}`);
			}

			return;
		}

		if (shape.min !== undefined && lengthOf(value) < shape.min) {
			fail(`Member must have length greater than or equal to ${shape.min}`);
		} else if (shape.max !== undefined && lengthOf(value) > shape.max) {
			fail(`Member must have length less than or equal to ${shape.max}`);
		}

		if (shape.pattern && typeof value === 'string' && !matchesPattern(shape.pattern, value)) {
			fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
		}

		if (shape.type === 'structure' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
			structure(shape, value as Record<string, unknown>, `${at}.`);
		} else if (shape.type === 'list' && Array.isArray(value)) {
			member(shape.member!, value, at, 'member');
		} else if (shape.type === 'map' && value !== null && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			const keys = Object.keys(record);
			const keyShape = model.shapes[shape.key!.shape]!;
			const badKeys = keys.filter(key => (keyShape.pattern && !matchesPattern(keyShape.pattern, key)) || (keyShape.min !== undefined && key.length < keyShape.min) || (keyShape.max !== undefined && key.length > keyShape.max));
			if (badKeys.length > 0) {
				const rules = [keyShape.min === undefined ? undefined : `Member must have length greater than or equal to ${keyShape.min}`, keyShape.pattern ? `Member must satisfy regular expression pattern: ${keyShape.pattern}` : undefined].filter(Boolean);
				problems.push(`Value '${show(record)}' at '${at}' failed to satisfy constraint: Map keys must satisfy constraint: [${rules.join(', ')}]`);
			}

			member(shape.value!, keys.map(key => record[key]), at, 'value');
		}
	};

	const member = (model_: MemberModel, values: unknown[], at: string, kind: string) => {
		const shape = model.shapes[model_.shape]!;
		for (const [index, item] of values.entries()) {
			if (item !== undefined && item !== null && (shape.type === 'structure' || shape.min !== undefined || shape.max !== undefined || shape.pattern || shape.enum)) {
				check(shape, item, kind === 'member' ? `${at}.${index + 1}.member` : `${at}.${kind}`);
			}
		}
	};

	const structure = (shape: ShapeModel, value: Record<string, unknown>, prefix: string) => {
		for (const [name, memberModel] of Object.entries(shape.members ?? {})) {
			const at = `${prefix}${lowerFirst(name)}`;
			const item = value[name];
			if (item === undefined || item === null) {
				if (shape.required?.includes(name)) {
					problems.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
				}

				continue;
			}

			check(model.shapes[memberModel.shape]!, item, at);
		}
	};

	structure(model.shapes[shapeName]!, input, '');
	return problems;
};
