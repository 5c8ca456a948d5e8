import type {ServiceModel, ShapeModel} from '../core/model/service-model.js';

/**
A shorthand value the AWS CLI could not parse, in its words (`Expected: '=', received: 'EOF' for input:` with a caret under the place).
*/
export class ShorthandParseError extends Error {
	override readonly name = 'ShorthandParseError';
}

const errorLocation = (value: string, index: number) => {
	let consumed = value;
	let remaining = '';
	let spaces = index;
	const before = value.slice(0, index);
	if (before.includes('\n')) {
		spaces = index - before.lastIndexOf('\n') - 1;
	}

	const after = value.slice(index).indexOf('\n');
	if (after !== -1) {
		consumed = value.slice(0, index + after);
		remaining = value.slice(index + after);
	}

	return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
};

const syntaxError = (value: string, expected: string, actual: string, index: number) =>
	new ShorthandParseError(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);

// The AWS CLI's own character classes (awscli/shorthand.py), ranges and all.
const singleQuoted = /^'(?:\\\\|\\'|[^'])*'/;
const doubleQuoted = /^"(?:\\\\|\\"|[^"])*"/;
const firstValue = /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[\s!#-&(-+\--\\^-|~-\uFFFF])*/;
const secondValue = /^(?:\\,|[!#-&(-+\--<>-Z\\-z|-\uFFFF])(?:\\,|[\s!#-&(-+\--<>-\uFFFF])*/;
const keyCharacters = /[\w\-.#/:]/;
const whitespace = /\s/;

type Parsed = string | Parsed[] | {[key: string]: Parsed};

/**
The AWS CLI's shorthand syntax (`Variables={KEY=value,OTHER=x}`, `A=1,B=2`, `Key=[a,b]`), parsed without looking at the model, as its ShorthandParser does.
*/
class ShorthandParser {
	#input = '';
	#index = 0;

	parse(value: string): Record<string, Parsed> {
		this.#input = value;
		this.#index = 0;
		return this.#parameter();
	}

	#parameter() {
		const parameters: Record<string, Parsed> = {};
		const [key, value] = this.#keyValue();
		parameters[key] = value;
		let lastIndex = this.#index;
		while (this.#index < this.#input.length) {
			this.#expect(',', true);
			const [nextKey, nextValue] = this.#keyValue();
			if (nextKey in parameters) {
				throw new ShorthandParseError(`Second instance of key "${nextKey}" encountered for input:\n${errorLocation(this.#input, lastIndex + 1)}\nThis is often because there is a preceding "," instead of a space.`);
			}

			parameters[nextKey] = nextValue;
			lastIndex = this.#index;
		}

		return parameters;
	}

	#keyValue(): [string, Parsed] {
		const key = this.#key();
		this.#expect('=', true);
		return [key, this.#values()];
	}

	#key() {
		const start = this.#index;
		while (!this.#atEof() && keyCharacters.test(this.#current()!)) {
			this.#index++;
		}

		return this.#input.slice(start, this.#index);
	}

	#values(): Parsed {
		if (this.#atEof()) {
			return '';
		}

		if (this.#current() === '[') {
			return this.#explicitList();
		}

		return this.#current() === '{' ? this.#hashLiteral() : this.#csvValue();
	}

	#csvValue(): Parsed {
		const first = this.#firstValue();
		this.#consumeWhitespace();
		if (this.#atEof() || this.#current() !== ',') {
			return first;
		}

		this.#expect(',', true);
		const list = [first];
		for (;;) {
			try {
				const current = this.#secondValue();
				this.#consumeWhitespace();
				if (this.#atEof()) {
					list.push(current);
					break;
				}

				this.#expect(',', true);
				list.push(current);
			} catch (error) {
				if (this.#atEof()) {
					throw error;
				}

				this.#backtrackTo(',');
				break;
			}
		}

		return list.length === 1 ? first : list;
	}

	#explicitList(): Parsed[] {
		this.#expect('[', true);
		const values: Parsed[] = [];
		while (this.#current() !== ']') {
			values.push(this.#explicitValues());
			this.#consumeWhitespace();
			if (this.#current() !== ']') {
				this.#expect(',');
				this.#consumeWhitespace();
			}
		}

		this.#expect(']');
		return values;
	}

	#explicitValues(): Parsed {
		if (this.#current() === '[') {
			return this.#explicitList();
		}

		return this.#current() === '{' ? this.#hashLiteral() : this.#firstValue();
	}

	#hashLiteral() {
		this.#expect('{', true);
		const values: Record<string, Parsed> = {};
		while (this.#current() !== '}') {
			const key = this.#key();
			this.#expect('=', true);
			const value = this.#explicitValues();
			this.#consumeWhitespace();
			if (this.#current() !== '}') {
				this.#expect(',');
				this.#consumeWhitespace();
			}

			values[key] = value;
		}

		this.#expect('}');
		return values;
	}

	#firstValue(): string {
		if (this.#current() === '\'') {
			return this.#quoted(singleQuoted, '\'');
		}

		if (this.#current() === '"') {
			return this.#quoted(doubleQuoted, '"');
		}

		const match = firstValue.exec(this.#input.slice(this.#index));
		if (!match) {
			return '';
		}

		this.#index += match[0].length;
		return match[0].replaceAll('\\,', ',').trimEnd();
	}

	#secondValue(): string {
		if (this.#current() === '\'') {
			return this.#quoted(singleQuoted, '\'');
		}

		if (this.#current() === '"') {
			return this.#quoted(doubleQuoted, '"');
		}

		return this.#mustConsume(secondValue, 'second').replaceAll('\\,', ',').trimEnd();
	}

	#quoted(regex: RegExp, quote: string) {
		const name = quote === '"' ? 'double quoted' : 'singled quoted';
		return this.#mustConsume(regex, name).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
	}

	#mustConsume(regex: RegExp, name: string) {
		const match = regex.exec(this.#input.slice(this.#index));
		if (!match) {
			throw syntaxError(this.#input, `<${name}>`, '<none>', this.#index);
		}

		this.#index += match[0].length;
		return match[0];
	}

	#expect(character: string, consumeWhitespace = false) {
		if (consumeWhitespace) {
			this.#consumeWhitespace();
		}

		if (this.#atEof()) {
			throw syntaxError(this.#input, character, 'EOF', this.#index);
		}

		const actual = this.#current()!;
		if (actual !== character) {
			throw syntaxError(this.#input, character, actual, this.#index);
		}

		this.#index++;
		if (consumeWhitespace) {
			this.#consumeWhitespace();
		}
	}

	#current() {
		return this.#index < this.#input.length ? this.#input[this.#index] : undefined;
	}

	#atEof() {
		return this.#index >= this.#input.length;
	}

	#backtrackTo(character: string) {
		while (this.#index >= 0 && this.#input[this.#index] !== character) {
			this.#index--;
		}
	}

	#consumeWhitespace() {
		while (!this.#atEof() && whitespace.test(this.#current()!)) {
			this.#index++;
		}
	}
}

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
