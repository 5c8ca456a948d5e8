/*
Lambda parses an Invoke payload with Jackson (Java) and quotes its error when the payload is not JSON. This reads the
payload the way Jackson's UTF-8 parser does, far enough to find the first problem, and words it as Jackson does,
with the line and column Jackson gives. Only the first root value is read: what follows it is not looked at.
*/

const validValues = '(JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')';
const whitespace = new Set([0x20, 0x09, 0x0A, 0x0D]);

class JacksonError extends Error {}

const isIsoControl = (code: number) => code <= 0x1F || (code >= 0x7F && code <= 0x9F);

/**
A character as Jackson names it in a message: `'x' (code 120)`, or `(CTRL-CHAR, code 10)`.
*/
const describe = (code: number) => {
	if (isIsoControl(code)) {
		return `(CTRL-CHAR, code ${code})`;
	}

	const character = String.fromCodePoint(code);
	return code > 255 ? `'${character}' (code ${code} / 0x${code.toString(16)})` : `'${character}' (code ${code})`;
};

const identifierStart = /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u;
const identifierPart = /[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\u0000-\u0008\u000E-\u001B\u007F-\u009F]/u;

class Reader {
	#position = 0;
	#line = 1;
	#lineStart = 0;

	constructor(readonly bytes: Uint8Array) {}

	/** Fail with Jackson's words and location; `minusOne` points at the character just read, as Jackson does for an unexpected one. */
	fail(message: string, minusOne = false): never {
		const column = this.#position - this.#lineStart + (minusOne ? 0 : 1);
		throw new JacksonError(`${message}\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${this.#line}, column: ${column}]`);
	}

	get atEnd() {
		return this.#position >= this.bytes.length;
	}

	location() {
		return `[Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${this.#line}, column: ${this.#position - this.#lineStart}]`;
	}

	next() {
		return this.bytes[this.#position++]!;
	}

	peek() {
		return this.bytes[this.#position];
	}

	/** The next byte that is not whitespace, consumed; undefined at the end. */
	skipWhitespace() {
		while (!this.atEnd) {
			const byte = this.next();
			if (!whitespace.has(byte)) {
				return byte;
			}

			if (byte === 0x0A || byte === 0x0D) {
				this.#line++;
				this.#lineStart = this.#position;
			}
		}

		return undefined;
	}

	/** Decode the character a byte starts, as Jackson does when it quotes a bad token. */
	decodeForError(first: number) {
		if (first <= 0x7F) {
			return first;
		}

		let needed: number;
		let code: number;
		if ((first & 0xE0) === 0xC0) {
			[code, needed] = [first & 0x1F, 1];
		} else if ((first & 0xF0) === 0xE0) {
			[code, needed] = [first & 0x0F, 2];
		} else if ((first & 0xF8) === 0xF0) {
			[code, needed] = [first & 0x07, 3];
		} else {
			return this.fail(`Invalid UTF-8 start byte 0x${first.toString(16)}`);
		}

		for (let index = 0; index < needed; index++) {
			if (this.atEnd) {
				return this.fail('Unexpected end-of-input in character');
			}

			const next = this.next();
			if ((next & 0xC0) !== 0x80) {
				this.fail(`Invalid UTF-8 middle byte 0x${next.toString(16)}`);
			}

			code = (code << 6) | (next & 0x3F);
		}

		return code;
	}

	/** `Unrecognized token 'xyz'`: the part matched so far and every identifier character after it. */
	invalidToken(matched: string, expected: string): never {
		let token = matched;
		while (token.length < 256 && !this.atEnd) {
			const code = this.decodeForError(this.next());
			if (!identifierPart.test(String.fromCodePoint(code))) {
				break;
			}

			token += String.fromCodePoint(code);
		}

		return this.fail(`Unrecognized token '${token}': was expecting ${expected}`);
	}
}

const readLiteral = (reader: Reader, literal: string) => {
	for (let index = 1; index < literal.length; index++) {
		if (reader.atEnd || reader.peek() !== literal.charCodeAt(index)) {
			reader.invalidToken(literal.slice(0, index), validValues);
		}

		reader.next();
	}

	const after = reader.peek();
	if (after !== undefined && after < 0x80 && identifierPart.test(String.fromCharCode(after))) {
		reader.invalidToken(literal, validValues);
	}
};

const readString = (reader: Reader) => {
	for (;;) {
		if (reader.atEnd) {
			reader.fail('Unexpected end-of-input: was expecting closing quote for a string value');
		}

		const byte = reader.next();
		if (byte === 0x22) {
			return;
		}

		if (byte === 0x5C) {
			const escaped = reader.atEnd ? reader.fail('Unexpected end-of-input in character escape sequence') : reader.next();
			if (escaped === 0x75) {
				for (let index = 0; index < 4; index++) {
					const digit = reader.atEnd ? reader.fail('Unexpected end-of-input in character escape sequence') : reader.next();
					if (!/[\da-fA-F]/.test(String.fromCharCode(digit))) {
						reader.fail(`Unexpected character (${describe(digit)}): expected a hex-digit for character escape sequence`);
					}
				}
			} else if (!'"\\/bfnrt'.includes(String.fromCharCode(escaped))) {
				reader.fail(`Unrecognized character escape ${describe(reader.decodeForError(escaped))}`);
			}
		} else if (byte < 0x20) {
			reader.fail(`Illegal unquoted character (${describe(byte)}): has to be escaped using backslash to be included in string value`);
		} else if (byte >= 0x80) {
			if ((byte & 0xE0) !== 0xC0 && (byte & 0xF0) !== 0xE0 && (byte & 0xF8) !== 0xF0) {
				reader.fail(`Invalid UTF-8 start byte 0x${byte.toString(16)}`);
			}

			reader.decodeForError(byte);
		}
	}
};

const readNumber = (reader: Reader, first: number) => {
	const digit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
	let leading = first;
	if (first === 0x2D) {
		const next = reader.peek();
		if (!digit(next)) {
			if (next !== undefined) {
				reader.next();
			}

			reader.fail(`Unexpected character (${describe(next ?? 0)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`, true);
		}

		leading = reader.next();
	}

	if (leading === 0x30 && digit(reader.peek())) {
		reader.fail('Invalid numeric value: Leading zeroes not allowed');
	}

	while (digit(reader.peek())) {
		reader.next();
	}

	for (const [marker, what] of [[0x2E, 'Decimal point'], [0x65, 'Exponent indicator']] as const) {
		const next = reader.peek();
		if (next === marker || (marker === 0x65 && next === 0x45)) {
			reader.next();
			if (marker === 0x65 && (reader.peek() === 0x2B || reader.peek() === 0x2D)) {
				reader.next();
			}

			if (!digit(reader.peek())) {
				const bad = reader.atEnd ? undefined : reader.next();
				reader.fail(`Unexpected character (${describe(bad ?? 0)}) in numeric value: ${what} not followed by a digit`, true);
			}

			while (digit(reader.peek())) {
				reader.next();
			}
		}
	}
};

const readContainer = (reader: Reader, close: number, kind: 'Object' | 'Array') => {
	const start = reader.location();
	const endOfInput = () => reader.fail(`Unexpected end-of-input: expected close marker for ${kind} (start marker at ${start})`);
	let first = true;
	for (;;) {
		let byte = reader.skipWhitespace() ?? endOfInput();
		if (byte === close && first) {
			return;
		}

		if (!first) {
			if (byte === close) {
				return;
			}

			if (byte !== 0x2C) {
				reader.fail(`Unexpected character (${describe(reader.decodeForError(byte))}): was expecting comma to separate ${kind} entries`, true);
			}

			byte = reader.skipWhitespace() ?? endOfInput();
		}

		first = false;
		if (kind === 'Object') {
			if (byte !== 0x22) {
				reader.fail(`Unexpected character (${describe(reader.decodeForError(byte))}): was expecting double-quote to start field name`, true);
			}

			readString(reader);
			const colon = reader.skipWhitespace() ?? endOfInput();
			if (colon !== 0x3A) {
				reader.fail(`Unexpected character (${describe(reader.decodeForError(colon))}): was expecting a colon to separate field name and value`, true);
			}

			byte = reader.skipWhitespace() ?? endOfInput();
		}

		readValue(reader, byte, close);
	}
};

function readValue(reader: Reader, byte: number, closing?: number) {
	switch (byte) {
		case 0x22: {
			readString(reader);
			return;
		}

		case 0x7B: {
			readContainer(reader, 0x7D, 'Object');
			return;
		}

		case 0x5B: {
			readContainer(reader, 0x5D, 'Array');
			return;
		}

		case 0x74: {
			readLiteral(reader, 'true');
			return;
		}

		case 0x66: {
			readLiteral(reader, 'false');
			return;
		}

		case 0x6E: {
			readLiteral(reader, 'null');
			return;
		}

		default:
	}

	if (byte === 0x2D || (byte >= 0x30 && byte <= 0x39)) {
		readNumber(reader, byte);
		return;
	}

	if (byte === closing && closing === 0x5D) {
		reader.fail(`Unexpected character (${describe(byte)}): expected a value`, true);
	}

	if (identifierStart.test(String.fromCharCode(byte))) {
		reader.invalidToken(String.fromCharCode(byte), validValues);
	}

	reader.fail(`Unexpected character (${describe(byte)}): expected a valid value ${validValues}`, true);
}

/**
What Jackson says of a payload that is not JSON, with its line and column, or undefined when Jackson reads its first value without complaint.
*/
export const jacksonParseError = (payload: Uint8Array): string | undefined => {
	const reader = new Reader(payload);
	try {
		const first = reader.skipWhitespace();
		if (first !== undefined) {
			readValue(reader, first);
		}

		return undefined;
	} catch (error) {
		if (error instanceof JacksonError) {
			return error.message;
		}

		throw error;
	}
};
