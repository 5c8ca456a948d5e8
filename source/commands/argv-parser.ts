import type {CliArgument} from './cli-arguments.js';

/**
A command line argparse refuses (a missing required argument, an option without its value, a bad choice); the AWS CLI prints its usage and `aws: error: ...`, exit 252.
*/
export class ArgParseError extends Error {
	override readonly name = 'ArgParseError';
}

/**
Words on the line no argument takes; the AWS CLI prints its usage and `Unknown options: --bogus, 1`, exit 252.
*/
export class UnknownOptionsError extends Error {
	override readonly name = 'UnknownOptionsError';
}

/**
What a command line gave: each argument's value by its `dest`, and whether help was asked for.
*/
export type ParsedLine = {values: Record<string, string | string[] | boolean>; help: boolean};

const looksLikeOption = (token: string) => token.startsWith('-') && token !== '-' && !/^-\d+$|^-\d*\.\d+$/.test(token);

/**
argparse's `Invalid choice, valid choices are:` with the choices two to a line, as the AWS CLI prints it.
*/
export const choicesMessage = (choices: string[]) => {
	const lines = ['Invalid choice, valid choices are:\n'];
	for (let index = 0; index < choices.length; index += 2) {
		lines.push(choices.slice(index, index + 2).map(choice => choice.padEnd(40)).join(' | '));
	}

	return lines.join('\n');
};

const convert = (argument: CliArgument, text: string) => {
	if (argument.parseType === 'int') {
		if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)) {
			throw new ArgParseError(`argument --${argument.name}: invalid int value: '${text}'`);
		}

		return text;
	}

	if (argument.parseType === 'float' && Number.isNaN(Number(text))) {
		throw new ArgParseError(`argument --${argument.name}: invalid float value: '${text}'`);
	}

	if (argument.choices && !argument.choices.includes(text)) {
		throw new ArgParseError(`argument --${argument.name}: ${choicesMessage(argument.choices)}`);
	}

	return text;
};

/**
Parse a verb's words against its argument table as the AWS CLI's argparse does: `--flag value` and `--flag=value`, unambiguous prefixes of a flag, several words for a list, `--flag`/`--no-flag` for booleans, bare words for positionals (`outfile`); a lone `help` asks for help.
*/
export const parseLine = (table: CliArgument[], argv: string[]): ParsedLine => {
	if (argv.length === 1 && argv[0] === 'help') {
		return {values: {}, help: true};
	}

	const options = new Map(table.filter(argument => argument.kind !== 'positional').map(argument => [argument.name, argument]));
	const find = (name: string) => {
		const exact = options.get(name);
		if (exact) {
			return exact;
		}

		const matches = [...options.keys()].filter(option => option.startsWith(name));
		if (matches.length > 1) {
			throw new ArgParseError(`ambiguous option: --${name} could match ${matches.map(match => `--${match}`).join(', ')}`);
		}

		return matches.length === 1 ? options.get(matches[0]!) : undefined;
	};

	const values: ParsedLine['values'] = {};
	const extras: string[] = [];
	const bare: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index]!;
		if (token === '--') {
			bare.push(...argv.slice(index + 1));
			break;
		}

		if (!looksLikeOption(token)) {
			bare.push(token);
			continue;
		}

		const equals = token.startsWith('--') ? token.indexOf('=') : -1;
		const name = (equals === -1 ? token : token.slice(0, equals)).replace(/^--/, '');
		const explicit = equals === -1 ? undefined : token.slice(equals + 1);
		const argument = token.startsWith('--') ? find(name) : undefined;
		if (!argument) {
			extras.push(token);
			continue;
		}

		if (argument.kind === 'flag') {
			if (explicit !== undefined) {
				throw new ArgParseError(`argument --${argument.name}: ignored explicit argument '${explicit}'`);
			}

			values[argument.dest] = argument.flagValue ?? true;
			continue;
		}

		const words: string[] = explicit === undefined ? [] : [explicit];
		const wanted = argument.kind === 'list' ? Number.POSITIVE_INFINITY : 1;
		while (words.length < wanted && index + 1 < argv.length && !looksLikeOption(argv[index + 1]!)) {
			words.push(argv[++index]!);
		}

		if (argument.kind === 'value') {
			if (words.length === 0) {
				throw new ArgParseError(`argument --${argument.name}: expected one argument`);
			}

			values[argument.dest] = convert(argument, words[0]!);
		} else {
			values[argument.dest] = words;
		}
	}

	const positionals = table.filter(argument => argument.kind === 'positional');
	for (const positional of positionals) {
		const word = bare.shift();
		if (word !== undefined) {
			values[positional.dest] = word;
		}
	}

	const help = bare[0] === 'help';
	if (help) {
		return {values, help};
	}

	const missing = table.filter(argument => argument.required && values[argument.dest] === undefined);
	if (missing.length > 0) {
		throw new ArgParseError(`the following arguments are required: ${missing.map(argument => argument.kind === 'positional' ? argument.name : `--${argument.name}`).join(', ')}`);
	}

	extras.push(...bare);
	if (extras.length > 0) {
		throw new UnknownOptionsError(`Unknown options: ${extras.join(', ')}`);
	}

	return {values, help: false};
};
