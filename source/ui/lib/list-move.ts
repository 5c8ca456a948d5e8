/**
Where a list's selection goes for a movement action of the key map (`down`, `up`, `top`, `bottom`, `page-down`, `page-up`), kept within `length` items; undefined for any other action.
*/
export const listMove = (action: string | undefined, index: number, length: number, page: number): number | undefined => {
	const last = Math.max(0, length - 1);
	const clamp = (to: number) => Math.max(0, Math.min(last, to));
	switch (action) {
		case 'down': { return clamp(index + 1); }
		case 'up': { return clamp(index - 1); }
		case 'top': { return 0; }
		case 'bottom': { return last; }
		case 'page-down': { return clamp(index + Math.max(1, page)); }
		case 'page-up': { return clamp(index - Math.max(1, page)); }
		default: { return undefined; }
	}
};

/**
The first item of a window of `rows` items that keeps `selected` in view, as a list scrolls.
*/
export const windowStart = (selected: number, length: number, rows: number) => Math.max(0, Math.min(selected - Math.floor(rows / 2), length - rows));
