import type {UrlResponse} from '../../client/client.js';
import {wrapText, type ResultLine} from './invoke-result.js';

/** The methods the URL test request cycles through. */
export const urlMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
One function URL as the URL view lists it.
*/
export type UrlConfig = {url: string; qualifier: string; authType: string};

/**
Read a headers field, `name: value; other: value`, into headers; parts without a colon are left out.
*/
export const parseHeaders = (text: string): Record<string, string> => Object.fromEntries(text.split(/;\s*/).map(part => /^\s*([^:\s]+)\s*:\s*(.*?)\s*$/.exec(part)).filter(match => match !== null).map(match => [match[1]!.toLowerCase(), match[2]!]));

/**
The address a test request goes to: the URL with the typed path and query (a leading `/` is optional).
*/
export const requestUrl = (base: string, pathAndQuery: string) => `${base.replace(/\/$/, '')}/${pathAndQuery.replace(/^\//, '')}`;

/**
Read a `c` line, `[QUALIFIER] NONE|AWS_IAM`: the qualifier (undefined for the function itself) and the auth type.
*/
export const parseCreateUrl = (text: string): {qualifier?: string; authType: 'NONE' | 'AWS_IAM'} | {problem: string} => {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const authType = (words.at(-1) ?? '').toUpperCase();
	if ((authType !== 'NONE' && authType !== 'AWS_IAM') || words.length > 2) {
		return {problem: 'Type the auth type, NONE or AWS_IAM, after a version\'s alias if the URL is for one (LIVE NONE).'};
	}

	return {qualifier: words.length === 2 ? words[0] : undefined, authType};
};

/**
A URL's answer as lines wrapped to `width`: the status, each header, then the body (pretty-printed when it is JSON).
*/
export const urlResponseLines = (response: UrlResponse, width: number, tookMs?: number): ResultLine[] => {
	const lines: ResultLine[] = [];
	const add = (text: string, style: Omit<ResultLine, 'text'> = {}) => {
		for (const line of wrapText(text, Math.max(10, width))) {
			lines.push({text: line, ...style});
		}
	};

	add(`HTTP ${response.status}${tookMs === undefined ? '' : `  in ${tookMs} ms`}`, {bold: true, color: response.status < 300 ? 'green' : response.status < 500 ? 'yellow' : 'red'});
	for (const [name, value] of Object.entries(response.headers).sort(([a], [b]) => a.localeCompare(b))) {
		add(`${name}: ${value}`, {dim: true});
	}

	let body = response.body;
	try {
		body = JSON.stringify(JSON.parse(response.body), undefined, 2);
	} catch {}

	add(body ? 'Body' : '(no body)', {dim: true});
	if (body) {
		add(body);
	}

	return lines;
};
