import {limits} from './limits.js';

/**
One page of a sorted list as the Lambda API pages: at most 50 items after `marker`, and the marker of the next page when there is one.
*/
export const pageAfter = <T>(items: T[], keyOf: (item: T) => string, marker?: string, maxItems?: number): {page: T[]; nextMarker?: string} => {
	const size = Math.min(maxItems ?? limits.listPageSize, limits.listPageSize);
	const start = marker ? items.findIndex(item => keyOf(item) > marker) : 0;
	if (start < 0) {
		return {page: []};
	}

	const page = items.slice(start, start + size);
	return start + size < items.length ? {page, nextMarker: keyOf(page.at(-1)!)} : {page};
};
