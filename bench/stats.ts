/**
The value at percentile `p` (0 to 100) of some samples, by the nearest-rank method. Zero samples give NaN.
*/
export const percentile = (samples: readonly number[], p: number): number => {
	if (samples.length === 0) {
		return Number.NaN;
	}

	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
};

/**
The median of some samples: the mean of the two middle values when their count is even.
*/
export const median = (samples: readonly number[]): number => {
	if (samples.length === 0) {
		return Number.NaN;
	}

	const sorted = [...samples].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
Round a figure to `digits` decimals, for the JSON report, keeping NaN out of it as null.
*/
export const round = (value: number, digits = 3): number | null =>
	Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null;
