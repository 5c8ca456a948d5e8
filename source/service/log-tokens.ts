import {LambdaError} from '../core/errors.js';
import type {LogPosition} from '../store/log-scan.js';

/**
The error for a token this service did not hand out.
*/
export const badToken = () => new LambdaError('InvalidParameterException', 400, 'The specified nextToken is invalid.');

/**
A log position as 24 digits: the event ids FilterLogEvents hands out, unique and stable within a group.
*/
export const positionDigits = ({segment, offset}: LogPosition) => `${String(segment).padStart(8, '0')}${String(offset).padStart(16, '0')}`;

/**
GetLogEvents' tokens as AWS spells them (`f/` or `b/` and 56 digits); the digits are the log position, so a token means the same place however much is appended.
*/
export const sequenceToken = (direction: 'f' | 'b', position: LogPosition) => `${direction}/${positionDigits(position).padStart(56, '0')}`;

/**
Read a GetLogEvents token back into its direction and position.
*/
export const parseSequenceToken = (token: string) => {
	const match = /^([fb])\/(\d{56})$/.exec(token);
	if (!match) {
		throw badToken();
	}

	return {direction: match[1] as 'f' | 'b', position: {segment: Number(match[2]!.slice(32, 40)), offset: Number(match[2]!.slice(40))}};
};

/**
A token for the other operations: base64url of a JSON array whose first item says which operation made it.
*/
export const opaqueToken = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
Read a token made by `opaqueToken` for `kind`; anything else is InvalidParameterException.
*/
export const parseOpaqueToken = (token: string, kind: string): unknown[] => {
	try {
		const parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
		if (Array.isArray(parts) && parts[0] === kind) {
			return parts;
		}
	} catch {}

	throw badToken();
};
