import type {InvocationRecord} from '../../core/types.js';
import {percentile} from './stats.js';

/**
The monitor's windows: the last 15 minutes, hour or day.
*/
export const monitorWindows = [
	{label: '15m', ms: 15 * 60_000},
	{label: '1h', ms: 3_600_000},
	{label: '1d', ms: 86_400_000},
] as const;

/**
Metrics over a window, one value per bucket, oldest first.
*/
export type WindowSeries = {
	invocations: number[];
	errors: number[];
	/** Percent of invocations that succeeded; NaN where there were none. */
	successRate: number[];
	throttles: number[];
	p50: number[];
	p99: number[];
	/** The most invocations running at once in each bucket. */
	concurrency: number[];
	coldStarts: number[];
};

/**
Bucket invocation records over the `windowMs` that ends at `now`, in `buckets` equal buckets.
*/
export const windowSeries = (records: readonly InvocationRecord[], now: number, windowMs: number, buckets: number): WindowSeries => {
	const size = windowMs / buckets;
	const from = now - windowMs;
	const zeros = () => Array<number>(buckets).fill(0);
	const series: WindowSeries = {invocations: zeros(), errors: zeros(), successRate: zeros(), throttles: zeros(), p50: zeros(), p99: zeros(), concurrency: zeros(), coldStarts: zeros()};
	const durations: number[][] = Array.from({length: buckets}, () => []);
	const bucketOf = (time: number) => Math.floor((time - from) / size);
	const edges: Array<[number, number]> = [];
	for (const record of records) {
		const index = bucketOf(record.timestamp);
		if (record.timestamp > from && index < buckets && index >= 0) {
			// As CloudWatch counts them: a throttled request is a throttle only, not an invocation, an error or a duration.
			if (record.throttled) {
				series.throttles[index]!++;
			} else {
				series.invocations[index]!++;
				series.errors[index]! += record.error ? 1 : 0;
				durations[index]!.push(record.durationMs);
			}

			if (record.coldStart) {
				series.coldStarts[index]!++;
			}
		}

		if (!record.throttled && record.timestamp > from) {
			edges.push([record.timestamp - record.durationMs, 1], [record.timestamp, -1]);
		}
	}

	// Concurrency: sweep over starts and ends, keeping each bucket's highest count.
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let running = 0;
	for (const [time, change] of edges) {
		running += change;
		const index = Math.min(buckets - 1, Math.max(0, bucketOf(time)));
		series.concurrency[index] = Math.max(series.concurrency[index]!, running);
	}

	for (const [index, values] of durations.entries()) {
		values.sort((a, b) => a - b);
		series.p50[index] = percentile(values, 0.5) ?? 0;
		series.p99[index] = percentile(values, 0.99) ?? 0;
		const count = series.invocations[index]!;
		series.successRate[index] = count === 0 ? Number.NaN : 100 * (count - series.errors[index]!) / count;
	}

	return series;
};

const blocks = ' ▁▂▃▄▅▆▇█';

/**
Draw values as a bar graph `height` rows tall, each column one value scaled to `max`: the rows top first. NaN is a gap.
*/
export const barGraph = (values: number[], height: number, max = Math.max(0, ...values.filter(value => !Number.isNaN(value)))): string[] => {
	const levels = height * 8;
	const heights = values.map(value => Number.isNaN(value) || value <= 0 || max <= 0 ? 0 : Math.max(1, Math.round((value / max) * levels)));
	return Array.from({length: height}, (_, row) => {
		const floor = (height - 1 - row) * 8;
		return heights.map(level => blocks[Math.max(0, Math.min(8, level - floor))]).join('');
	});
};

/**
The x axis under a graph `width` columns wide over a window: the window's start at the left, its middle, and `now` at the right.
*/
export const timeAxis = (width: number, windowLabel: string): string => {
	const left = `-${windowLabel}`;
	const right = 'now';
	const middle = windowLabel === '15m' ? '-7.5m' : windowLabel === '1h' ? '-30m' : '-12h';
	const gap = Math.max(1, width - left.length - middle.length - right.length);
	const before = Math.floor(gap / 2);
	return `${left}${' '.repeat(before)}${middle}${' '.repeat(gap - before)}${right}`;
};
