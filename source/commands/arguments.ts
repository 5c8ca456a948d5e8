import fs from 'node:fs';
import {invalidParameter} from '../core/errors.js';

/**
A usage error: the command line itself is wrong. Rendered like the AWS CLI's parameter errors, exit code 252.
*/
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/**
Read a blob argument as the AWS CLI does: `fileb://path` as bytes, `file://path` as text, anything else as given.
*/
export const readBlob = (value: string): Buffer => {
	if (value.startsWith('fileb://') || value.startsWith('file://')) {
		const file = value.replace(/^fileb?:\/\//, '');
		try {
			return fs.readFileSync(file);
		} catch (error) {
			throw new UsageError(`Error parsing parameter: Unable to load paramfile ${value}: ${(error as Error).message}`);
		}
	}

	return Buffer.from(value);
};

/**
Parse `--environment` in either of the AWS CLI's forms: shorthand `Variables={KEY=value,OTHER=x}` or JSON `{"Variables":{...}}`.
*/
export const parseEnvironment = (value: string): {Variables: Record<string, string>} => {
	const text = value.startsWith('file://') ? readBlob(value).toString('utf8') : value;
	if (text.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(text) as {Variables?: Record<string, string>};
			return {Variables: parsed.Variables ?? {}};
		} catch (error) {
			throw new UsageError(`Error parsing parameter '--environment': Invalid JSON: ${(error as Error).message}`);
		}
	}

	const match = /^Variables=\{(.*)\}$/s.exec(text.trim());
	if (!match) {
		throw new UsageError(`Error parsing parameter '--environment': Expected: 'Variables={KEY=value,...}' or JSON, received: '${text}'`);
	}

	const variables: Record<string, string> = {};
	for (const pair of match[1]!.split(',').filter(Boolean)) {
		const index = pair.indexOf('=');
		if (index < 1) {
			throw new UsageError(`Error parsing parameter '--environment': Expected: '=', received: '${pair}'`);
		}

		variables[pair.slice(0, index).trim()] = pair.slice(index + 1);
	}

	return {Variables: variables};
};

/**
Parse an integer flag, refusing what is not one.
*/
export const parseInteger = (flag: string, value: string | undefined) => {
	if (value === undefined) {
		return undefined;
	}

	if (!/^-?\d+$/.test(value)) {
		throw new UsageError(`Error parsing parameter '--${flag}': invalid literal for int() with base 10: '${value}'`);
	}

	return Number(value);
};

/**
The payload of `invoke`, honouring `--cli-binary-format`: raw JSON with `raw-in-base64-out`, otherwise base64 as the AWS CLI v2 expects.
*/
export const parsePayload = (value: string | undefined, binaryFormat: string | undefined): Buffer | undefined => {
	if (value === undefined) {
		return undefined;
	}

	if (value.startsWith('fileb://')) {
		return readBlob(value);
	}

	const raw = readBlob(value);
	if (binaryFormat === 'raw-in-base64-out' || value.startsWith('file://')) {
		return raw;
	}

	const text = raw.toString('utf8');
	if (!/^[A-Za-z\d+/]*={0,2}$/.test(text.replaceAll(/\s/g, '')) || text.replaceAll(/\s/g, '').length % 4 !== 0) {
		throw new UsageError(`Invalid base64: "${text}"\n(pass --cli-binary-format raw-in-base64-out to send raw JSON)`);
	}

	return Buffer.from(text, 'base64');
};

export const requireFlag = (flag: string, value: string | undefined): string => {
	if (value === undefined) {
		throw new UsageError(`the following arguments are required: --${flag}`);
	}

	return value;
};

export const zipFromFlags = (zipFile: string | undefined): Buffer | undefined => {
	if (zipFile === undefined) {
		return undefined;
	}

	if (!zipFile.startsWith('fileb://')) {
		throw invalidParameter('--zip-file takes the zip as fileb://PATH');
	}

	return readBlob(zipFile);
};
