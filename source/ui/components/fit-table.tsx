import {Box, Text} from 'ink';
import {fit} from '../lib/format.js';
import {Table} from '../lib/ink-table-compat.js';

/** Values are not cut shorter than this (or their column's title, when that is longer). */
const shortestCell = 8;

/**
How wide ink-table draws a table whose columns are `widths` wide: each column with its padding on both sides, and a border before, between and after them.
*/
const tableWidth = (widths: number[], padding: number) => widths.reduce((sum, width) => sum + width + padding * 2, 0) + widths.length + 1;

/**
Cut the values of a table's rows so that the table fits in `width` columns, widest columns first, each cut value ending in `…`. Returns undefined when even the shortest cut does not fit.
*/
export const fitTableRows = (rows: Array<Record<string, string>>, width: number, padding = 1): Array<Record<string, string>> | undefined => {
	const keys = Object.keys(rows[0] ?? {});
	const widths = keys.map(key => Math.max(key.length, ...rows.map(row => (row[key] ?? '').length)));
	const floors = keys.map(key => Math.max(key.length, shortestCell));
	let excess = tableWidth(widths, padding) - width;
	while (excess > 0) {
		let widest = -1;
		for (const [column, columnWidth] of widths.entries()) {
			if (columnWidth > floors[column]! && (widest === -1 || columnWidth > widths[widest]!)) {
				widest = column;
			}
		}

		if (widest === -1) {
			return undefined;
		}

		const cut = Math.min(excess, widths[widest]! - floors[widest]!);
		widths[widest]! -= cut;
		excess -= cut;
	}

	return rows.map(row => Object.fromEntries(keys.map((key, column) => {
		const value = row[key] ?? '';
		return [key, value.length > widths[column]! ? fit(value, widths[column]!) : value];
	})));
};

/**
An ink-table that fits the width it is given: long values are cut with `…`, and when even that does not fit, each value is drawn as a `title  value` row instead.
*/
export const FitTable = ({data, width, padding = 1}: {data: Array<Record<string, string>>; width: number; padding?: number}) => {
	const fitted = fitTableRows(data, width, padding);
	if (fitted) {
		return <Table data={fitted} padding={padding}/>;
	}

	const keyWidth = Math.max(...data.flatMap(row => Object.keys(row).map(key => key.length))) + 2;
	return (
		<Box flexDirection='column'>
			{data.flatMap((row, index) => Object.entries(row).map(([key, value]) => (
				<Text key={`${index}:${key}`} wrap='truncate'><Text dimColor>{fit(key, keyWidth)}</Text>{fit(value, Math.max(1, width - keyWidth))}</Text>
			)))}
		</Box>
	);
};
