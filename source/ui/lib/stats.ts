import type {InvocationRecord} from '../../core/types.js';

/**
What the function list shows of a function's invocations.
*/
export type FunctionStats = {
	/** Invocations, not counting throttled requests (CloudWatch's Invocations). */
	count: number;
	/** Invocations that failed (CloudWatch's Errors: throttles are not errors). */
	errors: number;
	/** Errors and throttles in the last `recentWindowMs`. */
	recentErrors: number;
	/** The last invocation: when it ended, and its error type (throttles are `Throttled`), if it failed. */
	last?: {timestamp: number; error?: string; errorMessage?: string};
	p50?: number;
	lastColdStart?: number;
};

/** The window of the function list's recent errors: 15 minutes, as the monitor's shortest window. */
export const recentWindowMs = 15 * 60_000;

/**
The value below which `fraction` of the sorted numbers fall (nearest rank).
*/
export const percentile = (sorted: number[], fraction: number): number | undefined => {
	if (sorted.length === 0) {
		return undefined;
	}

	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
};

/**
Sum up one function's invocation records for the function list.
*/
export const functionStats = (records: InvocationRecord[] | undefined, now = Date.now()): FunctionStats => {
	if (!records || records.length === 0) {
		return {count: 0, errors: 0, recentErrors: 0};
	}

	let errors = 0;
	let recentErrors = 0;
	let last: InvocationRecord | undefined;
	let lastColdStart: number | undefined;
	const durations: number[] = [];
	let count = 0;
	for (const record of records) {
		if ((record.error || record.throttled) && record.timestamp > now - recentWindowMs) {
			recentErrors++;
		}

		if (!last || record.timestamp >= last.timestamp) {
			last = record;
		}

		if (record.coldStart && (lastColdStart === undefined || record.timestamp > lastColdStart)) {
			lastColdStart = record.timestamp;
		}

		// As CloudWatch counts them, a throttled request is neither an invocation nor an error, and has no duration.
		if (!record.throttled) {
			count++;
			errors += record.error ? 1 : 0;
			durations.push(record.durationMs);
		}
	}

	durations.sort((a, b) => a - b);
	return {
		count, errors, recentErrors, p50: percentile(durations, 0.5), lastColdStart,
		last: last && {timestamp: last.timestamp, error: last.throttled ? 'Throttled' : last.error, errorMessage: last.errorMessage},
	};
};

/**
Per-minute series over a window (the last hour by default) for the monitor's sparklines.
*/
export type MinuteSeries = {
	invocations: number[];
	errors: number[];
	throttles: number[];
	p50: number[];
	p99: number[];
	coldStarts: number[];
};

/**
Bucket invocation records by minute, oldest first, ending with the minute that holds `now`.
*/
export const minuteSeries = (records: InvocationRecord[], now = Date.now(), minutes = 60): MinuteSeries => {
	const end = Math.floor(now / 60_000);
	const durations: number[][] = Array.from({length: minutes}, () => []);
	const series: MinuteSeries = {
		invocations: Array(minutes).fill(0), errors: Array(minutes).fill(0), throttles: Array(minutes).fill(0),
		p50: Array(minutes).fill(0), p99: Array(minutes).fill(0), coldStarts: Array(minutes).fill(0),
	};
	for (const record of records) {
		const index = minutes - 1 - (end - Math.floor(record.timestamp / 60_000));
		if (index < 0 || index >= minutes) {
			continue;
		}

		series.invocations[index]++;
		if (record.error) {
			series.errors[index]++;
		}

		if (record.throttled) {
			series.throttles[index]++;
		} else {
			durations[index]!.push(record.durationMs);
		}

		if (record.coldStart) {
			series.coldStarts[index]++;
		}
	}

	for (const [index, values] of durations.entries()) {
		values.sort((a, b) => a - b);
		series.p50[index] = percentile(values, 0.5) ?? 0;
		series.p99[index] = percentile(values, 0.99) ?? 0;
	}

	return series;
};

const bars = '▁▂▃▄▅▆▇█';

/**
Draw numbers as a one-line sparkline; zero is a blank-ish low bar so quiet minutes still show.
*/
export const sparkline = (values: number[]): string => {
	const max = Math.max(0, ...values);
	return values.map(value => (value <= 0 || max === 0) ? ' ' : bars[Math.min(bars.length - 1, Math.floor((value / max) * (bars.length - 1)))]).join('');
};

/**
An error message without the `RequestId: ID Error: ` that Lambda puts before its platform errors' messages, for places that show one line.
*/
export const plainErrorMessage = (message: string) => message.replace(/^RequestId: \S+ Error: /, '');
