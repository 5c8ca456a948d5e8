/**
How a verb prints its answer: `json` (the default, four-space indented as the AWS CLI prints it) or `text` (the AWS CLI's tab-separated form).
*/
export type OutputFormat = 'json' | 'text';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const isComplex = (value: unknown) => Array.isArray(value) || isObject(value);

/** A scalar as Python's str() writes it, which the AWS CLI's text output uses. */
const pythonString = (value: unknown) => {
	if (value === true || value === false) {
		return value ? 'True' : 'False';
	}

	return value === null || value === undefined ? 'None' : String(value);
};

const sortedKeys = (record: Record<string, unknown>) => Object.keys(record).sort((a, b) => a < b ? -1 : (a > b ? 1 : 0));

/**
The AWS CLI's text output (awscli/text.py): each object's scalars on one tab-separated line in key order, prefixed with the upper-cased key it sits under, then its nested values.
*/
const formatText = (item: unknown, lines: string[], identifier?: string, scalarKeys?: string[]) => {
	if (isObject(item)) {
		const keys = scalarKeys ?? sortedKeys(item).filter(key => !isComplex(item[key]));
		const nested = scalarKeys ? sortedKeys(item).filter(key => !scalarKeys.includes(key)) : sortedKeys(item).filter(key => isComplex(item[key]));
		const scalars = keys.map(key => scalarKeys && !(key in item) ? '' : pythonString(item[key]));
		if (scalars.length > 0) {
			lines.push([...(identifier === undefined ? [] : [identifier.toUpperCase()]), ...scalars].join('\t'));
		}

		for (const key of nested) {
			formatText(item[key], lines, key);
		}

		return;
	}

	if (Array.isArray(item)) {
		if (item.length === 0) {
			return;
		}

		if (item.some(element => isObject(element))) {
			const keys = [...new Set(item.flatMap(element => isObject(element) ? Object.keys(element).filter(key => !isComplex(element[key])) : []))].sort();
			for (const element of item) {
				formatText(element, lines, identifier, keys);
			}

			return;
		}

		const scalars = item.filter(element => !isComplex(element));
		if (scalars.length > 0) {
			if (identifier === undefined) {
				lines.push(scalars.map(element => pythonString(element)).join('\t'));
			} else {
				lines.push(...scalars.map(element => `${identifier.toUpperCase()}\t${pythonString(element)}`));
			}
		}

		for (const element of item.filter(element => isComplex(element))) {
			formatText(element, lines, identifier);
		}

		return;
	}

	lines.push(pythonString(item));
};

const jsonReady = (_key: string, value: unknown) => {
	if (value instanceof Uint8Array || (isObject(value) && value.type === 'Buffer' && Array.isArray(value.data))) {
		return Buffer.from(value instanceof Uint8Array ? value : value.data as number[]).toString('base64');
	}

	return value;
};

/**
An answer as the AWS CLI prints it in the given format; blobs as base64.
*/
export const formatOutput = (result: unknown, format: OutputFormat): string => {
	if (format === 'text') {
		const lines: string[] = [];
		formatText(JSON.parse(JSON.stringify(result, jsonReady)) as unknown, lines);
		return lines.join('\n');
	}

	return JSON.stringify(result, jsonReady, 4);
};
