import {LambdaError} from '../core/errors.js';

/**
A CloudWatch Logs term filter pattern, compiled: terms that must all appear, `?` terms of which one must appear (when there are any), and `-` terms that must not appear. Matching is case-sensitive, as CloudWatch's is.
*/
export type FilterPattern = {
	required: string[];
	anyOf: string[];
	excluded: string[];
};

const unsupported = (pattern: string) => new LambdaError('InvalidParameterException', 400, `lambdeck supports term filter patterns only (terms, "quoted phrases", ?alternatives and -exclusions), not JSON, space-delimited or regular-expression patterns: ${pattern}`);

const invalid = () => new LambdaError('InvalidParameterException', 400, 'Invalid filter pattern: a quoted phrase is not closed.');

/**
Parse a filter pattern as CloudWatch Logs reads plain terms: `ERROR Timeout` (both), `"Task timed out"` (the phrase), `?ERROR ?WARN` (either), `ERROR -Retrying` (without). An empty pattern matches everything.
*/
export const parseFilterPattern = (pattern: string | undefined): FilterPattern => {
	const compiled: FilterPattern = {required: [], anyOf: [], excluded: []};
	const text = (pattern ?? '').trim();
	if (/^[{[]/.test(text) || /^%.*%$/.test(text)) {
		throw unsupported(text);
	}

	let index = 0;
	while (index < text.length) {
		if (/\s/.test(text[index]!)) {
			index++;
			continue;
		}

		let target = compiled.required;
		if (text[index] === '?' || text[index] === '-') {
			target = text[index] === '?' ? compiled.anyOf : compiled.excluded;
			index++;
		}

		let term: string;
		if (text[index] === '"') {
			const close = text.indexOf('"', index + 1);
			if (close === -1) {
				throw invalid();
			}

			term = text.slice(index + 1, close);
			index = close + 1;
		} else {
			const start = index;
			while (index < text.length && !/\s/.test(text[index]!)) {
				index++;
			}

			term = text.slice(start, index);
		}

		if (term) {
			target.push(term);
		}
	}

	return compiled;
};

/**
Whether a log message matches a compiled pattern.
*/
export const matchesFilter = (filter: FilterPattern, message: string) =>
	filter.required.every(term => message.includes(term))
	&& !filter.excluded.some(term => message.includes(term))
	&& (filter.anyOf.length === 0 || filter.anyOf.some(term => message.includes(term)));
