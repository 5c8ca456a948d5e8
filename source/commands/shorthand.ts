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

/**
A parsed shorthand value: text, lists and objects of them.
*/
export type Parsed = string | Parsed[] | {[key: string]: Parsed};

/**
The AWS CLI's shorthand syntax (`Variables={KEY=value,OTHER=x}`, `A=1,B=2`, `Key=[a,b]`), parsed without looking at the model, as its ShorthandParser does.
*/
export class ShorthandParser {
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
