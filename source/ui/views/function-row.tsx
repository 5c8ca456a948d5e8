import {Box, Text} from 'ink';
import {memo} from 'react';
import {fit} from '../lib/format.js';

/**
A line of the function list: its cells fitted to the column widths with one space between them.
*/
export const rowText = (cells: string[], widths: number[]) => cells.map((cell, index) => fit(cell, widths[index]!)).join(' ');

/**
A row's line cut into segments where the group of its columns changes (such as name, configuration, invocations), each fitted to its columns and ending in the space before the next.
*/
export const rowSegments = (cells: string[], widths: number[], groups: number[]) => {
	const segments: string[] = [];
	for (const [index, cell] of cells.entries()) {
		const text = `${fit(cell, widths[index]!)}${index < cells.length - 1 ? ' ' : ''}`;
		if (index > 0 && groups[index] === groups[index - 1]) {
			segments[segments.length - 1] += text;
		} else {
			segments.push(text);
		}
	}

	return segments;
};

type FunctionRowProps = {
	segments: string[];
	selected: boolean;
	failing: boolean;
};

const sameStrings = (left: readonly string[], right: readonly string[]) => left.length === right.length && left.every((value, index) => value === right[index]);

/**
One row of the function list, re-rendered only when its text or highlight changes. The selected row is a single inverse bar; the others draw each segment as its own text, because Ink tokenizes every text it draws, character by character, and segments that many rows share (runtime, memory, timeout, state) are tokenized once per frame where whole lines all differ.
*/
export const FunctionRow = memo(({segments, selected, failing}: FunctionRowProps) => {
	if (selected) {
		return <Text inverse wrap='truncate'>{segments.join('')}</Text>;
	}

	const last = segments.length - 1;
	return (
		<Box height={1} flexShrink={0}>
			{segments.map((segment, index) => (
				// Segments are fixed positions of one row, so their index is their identity.
				<Text key={index} wrap='truncate' color={failing ? 'red' : undefined}>{index === last ? segment.trimEnd() : segment}</Text>
			))}
		</Box>
	);
}, (previous, next) => previous.selected === next.selected && previous.failing === next.failing && sameStrings(previous.segments, next.segments));
