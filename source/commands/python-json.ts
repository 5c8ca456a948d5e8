/**
Why Python's `json.loads` (3.11) refuses a text, in its words (`Expecting value: line 1 column 6 (char 5)`), or undefined when it would accept it. The AWS CLI quotes this message for a bad JSON argument.
*/
export const pythonJsonError = (text: string): string | undefined => {
	let index = 0;
	const at = (position: number) => {
		const line = text.slice(0, position).split('\n').length;
		const column = position - text.lastIndexOf('\n', position - 1);
		return `line ${line} column ${column} (char ${position})`;
	};

	class Refusal extends Error {}
	const fail = (message: string, position: number) => new Refusal(`${message}: ${at(position)}`);
	const skipWhitespace = () => {
		while (index < text.length && ' \t\n\r'.includes(text[index]!)) {
			index++;
		}
	};

	const string = () => {
		const start = index++;
		for (;;) {
			if (index >= text.length) {
				throw fail('Unterminated string starting at', start);
			}

			const character = text[index]!;
			if (character === '"') {
				index++;
				return;
			}

			if (character < ' ') {
				throw fail('Invalid control character at', index);
			}

			if (character === '\\') {
				const escape = text[index + 1];
				if (escape === undefined) {
					throw fail('Unterminated string starting at', start);
				}

				if (escape === 'u') {
					if (!/^[\da-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
						throw fail('Invalid \\uXXXX escape', index + 1);
					}

					index += 6;
					continue;
				}

				if (!'"\\/bfnrt'.includes(escape)) {
					throw fail('Invalid \\escape', index);
				}

				index += 2;
				continue;
			}

			index++;
		}
	};

	const value = (): void => {
		const character = text[index];
		if (character === '"') {
			string();
			return;
		}

		if (character === '{') {
			index++;
			skipWhitespace();
			if (text[index] === '}') {
				index++;
				return;
			}

			for (;;) {
				if (text[index] !== '"') {
					throw fail('Expecting property name enclosed in double quotes', index);
				}

				string();
				skipWhitespace();
				if (text[index] !== ':') {
					throw fail('Expecting \':\' delimiter', index);
				}

				index++;
				skipWhitespace();
				value();
				skipWhitespace();
				if (text[index] === '}') {
					index++;
					return;
				}

				if (text[index] !== ',') {
					throw fail('Expecting \',\' delimiter', index);
				}

				index++;
				skipWhitespace();
			}
		}

		if (character === '[') {
			index++;
			skipWhitespace();
			if (text[index] === ']') {
				index++;
				return;
			}

			for (;;) {
				value();
				skipWhitespace();
				if (text[index] === ']') {
					index++;
					return;
				}

				if (text[index] !== ',') {
					throw fail('Expecting \',\' delimiter', index);
				}

				index++;
				skipWhitespace();
			}
		}

		const rest = text.slice(index);
		const literal = /^(?:true|false|null|NaN|Infinity|-Infinity)/.exec(rest) ?? /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(rest);
		if (!literal) {
			throw fail('Expecting value', index);
		}

		index += literal[0].length;
	};

	try {
		skipWhitespace();
		value();
		skipWhitespace();
		if (index !== text.length) {
			throw fail('Extra data', index);
		}
	} catch (error) {
		if (error instanceof Refusal) {
			return error.message;
		}

		throw error;
	}

	return undefined;
};
