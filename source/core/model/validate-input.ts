import type {ServiceModel, ShapeModel} from './service-model.js';

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
Every constraint a shape declares, in AWS's words, as they are listed inside `Member must satisfy constraint: [...]`.
*/
const constraintsOf = (shape: ShapeModel): string[] => {
	const rules: string[] = [];
	if (shape.enum) {
		rules.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
	}

	const measure = isNumeric(shape) ? 'value' : 'length';
	if (shape.min !== undefined) {
		rules.push(`Member must have ${measure} greater than or equal to ${shape.min}`);
	}

	if (shape.max !== undefined) {
		rules.push(`Member must have ${measure} less than or equal to ${shape.max}`);
	}

	if (shape.pattern) {
		rules.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
	}

	return rules;
};

const isFloat = (shape: ShapeModel) => shape.type === 'double' || shape.type === 'float';

const javaNumber = (shape: ShapeModel, value: unknown) => isFloat(shape) && typeof value === 'number' && Number.isInteger(value) ? value.toFixed(1) : show(value);

/**
A shape's constraints as AWS lists them for a map's keys or values: the upper bound before the lower, floats' bounds as Java prints them.
*/
const upperBoundFirst = (shape: ShapeModel) => {
	const bounded = {...shape, min: undefined, max: undefined};
	const measure = isNumeric(shape) ? 'value' : 'length';
	return [
		...(shape.max === undefined ? [] : [`Member must have ${measure} less than or equal to ${javaNumber(shape, shape.max)}`]),
		...(shape.min === undefined ? [] : [`Member must have ${measure} greater than or equal to ${javaNumber(shape, shape.min)}`]),
		...constraintsOf(bounded),
	];
};

/**
Every constraint of its own shape a value breaks, in AWS's words (a value both too long and off its pattern breaks two, and AWS lists both).
*/
const constraintFailures = (shape: ShapeModel, value: unknown): string[] => {
	if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) {
		return [`Member must satisfy enum value set: [${shape.enum.join(', ')}]`];
	}

	const failures: string[] = [];
	if (isNumeric(shape) && typeof value === 'number') {
		if (shape.min !== undefined && value < shape.min) {
			failures.push(`Member must have value greater than or equal to ${shape.min}`);
		}

		if (shape.max !== undefined && value > shape.max) {
			failures.push(`Member must have value less than or equal to ${shape.max}`);
		}

		return failures;
	}

	if (shape.min !== undefined && lengthOf(value) < shape.min) {
		failures.push(`Member must have length greater than or equal to ${shape.min}`);
	}

	if (shape.max !== undefined && lengthOf(value) > shape.max) {
		failures.push(`Member must have length less than or equal to ${shape.max}`);
	}

	if (shape.pattern && typeof value === 'string' && !matchesPattern(shape.pattern, value)) {
		failures.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
	}

	return failures;
};

const breaks = (shape: ShapeModel, value: unknown) => constraintFailures(shape, value).length > 0;

/**
A copy of a model with some shapes' constraints replaced, where AWS's service checks differ from what its published model says (a newer name pattern, an enum the service checks itself).
*/
export const withShapeOverrides = (model: ServiceModel, overrides: Record<string, Partial<ShapeModel>>): ServiceModel => ({
	...model,
	shapes: {...model.shapes, ...Object.fromEntries(Object.entries(overrides).map(([name, override]) => [name, {...model.shapes[name]!, ...override}]))},
});

/**
Check a request against its input shape as AWS does before an operation runs: required members, lengths, ranges, patterns and enums, nested structures, lists and maps too. Returns the problems in AWS's words (`Value '3000' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`), in member order.
*/
export const validateInput = (model: ServiceModel, shapeName: string, input: Record<string, unknown>): string[] => {
	const problems: string[] = [];
	const check = (shape: ShapeModel, value: unknown, at: string) => {
		const fail = (constraint: string, shown = show(value)) => problems.push(`Value ${shape.sensitive ? '' : `'${shown}' `}at '${at}' failed to satisfy constraint: ${constraint}`);
		const failures = constraintFailures(shape, value);
		if (failures.length > 0) {
			for (const failure of failures) {
				fail(failure);
			}

			return;
		}

		if (shape.type === 'structure' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
			structure(shape, value as Record<string, unknown>, `${at}.`);
		} else if (shape.type === 'list' && Array.isArray(value)) {
			const memberShape = model.shapes[shape.member!.shape]!;
			if (value.some(item => item === null || item === undefined || breaks(memberShape, item))) {
				fail(`Member must satisfy constraint: [${[...constraintsOf(memberShape), 'Member must not be null'].join(', ')}]`);
			} else if (memberShape.type === 'structure') {
				for (const [index, item] of value.entries()) {
					structure(memberShape, item as Record<string, unknown>, `${at}.${index + 1}.member.`);
				}
			}
		} else if (shape.type === 'map' && value !== null && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			const keyShape = model.shapes[shape.key!.shape]!;
			const valueShape = model.shapes[shape.value!.shape]!;
			// Inside a map's constraint list AWS names the upper bound first, and shows floats as Java does (`{2=2.0}`).
			const shown = `{${Object.entries(record).map(([key, item]) => `${key}=${javaNumber(valueShape, item)}`).join(', ')}}`;
			if (Object.keys(record).some(key => breaks(keyShape, key))) {
				fail(`Map keys must satisfy constraint: [${upperBoundFirst(keyShape).join(', ')}]`, shown);
			} else if (Object.values(record).some(item => item === null || breaks(valueShape, item))) {
				fail(`Map value must satisfy constraint: [${[...upperBoundFirst(valueShape), 'Member must not be null'].join(', ')}]`, shown);
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
