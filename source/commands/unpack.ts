import fs from 'node:fs';
import os from 'node:os';
import type {ServiceModel, ShapeModel} from '../core/model/service-model.js';
import type {CliArgument} from './cli-arguments.js';
import {pythonJsonError} from './python-json.js';
import {ShorthandParseError} from './shorthand.js';
import {parseShorthand, pythonInt, PythonValueError, supportsShorthand} from './shorthand-model.js';

/**
An argument's value the AWS CLI cannot use (bad JSON or shorthand, an unreadable file, `--zip-file` not a zip): it prints the message alone, exit 252.
*/
export class ParamError extends Error {
	override readonly name = 'ParamError';
}

/**
The AWS CLI's ParamError: `Error parsing parameter '--environment': ...`.
*/
export const paramError = (argument: CliArgument, message: string) => new ParamError(`Error parsing parameter '--${argument.name}': ${message}`);

const pythonOsError = (error: NodeJS.ErrnoException, file: string) => {
	const known: Record<string, [number, string]> = {ENOENT: [2, 'No such file or directory'], EISDIR: [21, 'Is a directory'], EACCES: [13, 'Permission denied']};
	const [number, text] = known[error.code ?? ''] ?? [5, error.message];
	return `[Errno ${number}] ${text}: '${file}'`;
};

/**
Load `file://PATH` (text) or `fileb://PATH` (bytes) as the AWS CLI does for any argument; other values pass as given.
*/
export const loadParamFile = (argument: CliArgument, value: string): string | Buffer | undefined => {
	const prefix = ['fileb://', 'file://'].find(candidate => value.startsWith(candidate));
	if (!prefix) {
		return undefined;
	}

	const file = value.slice(prefix.length).replace(/^~(?=\/|$)/, os.homedir()).replaceAll(/\$(\w+)|\$\{(\w+)\}/g, (whole, plain?: string, braced?: string) => process.env[plain ?? braced!] ?? whole);
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file);
	} catch (error) {
		throw paramError(argument, `Unable to load paramfile ${value}: ${pythonOsError(error as NodeJS.ErrnoException, file)}`);
	}

	if (prefix === 'fileb://') {
		return bytes;
	}

	const text = new TextDecoder('utf-8', {fatal: true});
	try {
		return text.decode(bytes);
	} catch {
		throw paramError(argument, `Unable to load paramfile (${file}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`);
	}
};

const parseJson = (argument: CliArgument, text: string): unknown => {
	const problem = pythonJsonError(text);
	if (problem) {
		throw paramError(argument, `Invalid JSON: ${problem}\nJSON received: ${text}`);
	}

	return JSON.parse(text.replaceAll(/\b(?:NaN|-?Infinity)\b/g, 'null')) as unknown;
};

const scalar = (argument: CliArgument, shape: ShapeModel, value: string | Buffer): unknown => {
	if (Buffer.isBuffer(value)) {
		return shape.type === 'blob' ? value : value.toString('utf8');
	}

	switch (shape.type) {
		case 'integer':
		case 'long': {
			return pythonInt(value);
		}

		case 'double':
		case 'float': {
			return Number(value);
		}

		case 'boolean': {
			return value.toLowerCase() !== 'false' && value !== '';
		}

		case 'blob': {
			if ((shape as {streaming?: boolean}).streaming) {
				if (!fs.statSync(value, {throwIfNoEntry: false})?.isFile()) {
					throw paramError(argument, 'Blob values must be a path to a file.');
				}

				return fs.readFileSync(value);
			}

			return value;
		}

		default: {
			return value;
		}
	}
};

const looksLikeJson = (value: string | Buffer) => typeof value === 'string' && /^\s*[[{]/.test(value);

/**
One argument's words as the value of its member, the way the AWS CLI unpacks it: a `file://`/`fileb://` file loaded, shorthand or JSON for structures, maps and lists of them, several words for a list, numbers and booleans from text.
*/
export const unpackArgument = (model: ServiceModel, argument: CliArgument, shape: ShapeModel, words: string | string[]): unknown => {
	let value: string | Buffer | Array<string | Buffer> = words;
	const single = Array.isArray(value) && value.length === 1 ? value[0]! : value;
	if (typeof single === 'string') {
		const loaded = loadParamFile(argument, single);
		if (loaded !== undefined) {
			value = Array.isArray(value) ? [loaded] : loaded;
		}
	}

	const first = Array.isArray(value) ? value[0] : value;
	if (supportsShorthand(model, shape) && first !== undefined && !looksLikeJson(first)) {
		try {
			if (Array.isArray(value)) {
				return value.flatMap(item => parseShorthand(model, shape, item.toString()) as unknown[]);
			}

			return parseShorthand(model, shape, value.toString());
		} catch (error) {
			if (error instanceof ShorthandParseError) {
				throw paramError(argument, error.message);
			}

			throw error;
		}
	}

	if (shape.type === 'structure' || shape.type === 'map') {
		const text = value.toString();
		if (!looksLikeJson(text)) {
			throw paramError(argument, `Invalid JSON:\n${text}`);
		}

		return parseJson(argument, text);
	}

	if (shape.type === 'list') {
		const items = Array.isArray(value) ? value : [value];
		if (items.length === 1 && looksLikeJson(items[0]!) && items[0]!.toString().trimStart().startsWith('[')) {
			return parseJson(argument, items[0]!.toString());
		}

		try {
			return items.map(item => scalar(argument, model.shapes[shape.member!.shape]!, item));
		} catch (error) {
			if (error instanceof PythonValueError) {
				throw paramError(argument, items[0]!.toString());
			}

			throw error;
		}
	}

	if ((shape as {jsonvalue?: boolean}).jsonvalue) {
		return parseJson(argument, value.toString());
	}

	return scalar(argument, shape, value as string | Buffer);
};

/**
Whether bytes are a zip archive, as Python's zipfile decides: an end-of-central-directory record near the end.
*/
export const isZip = (bytes: Buffer) => {
	const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
	return tail.lastIndexOf(Buffer.from([0x50, 0x4B, 0x05, 0x06])) !== -1;
};

/**
A blob given as text, decoded as the AWS CLI's default `--cli-binary-format base64` decodes it (Python's lenient b64decode), or undefined when Python would refuse it.
*/
export const decodeBase64 = (text: string): Buffer | undefined => {
	const kept = text.replaceAll(/[^A-Za-z\d+/=]/g, '');
	const data = kept.replace(/=.*$/s, '');
	const padding = kept.length - data.length;
	const remainder = data.length % 4;
	if (remainder === 1 || (remainder === 2 && padding < 2) || (remainder === 3 && padding < 1)) {
		return undefined;
	}

	return Buffer.from(data, 'base64');
};
