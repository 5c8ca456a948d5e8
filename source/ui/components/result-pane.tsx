import {Box, Text} from 'ink';
import type {ResultLine} from '../lib/invoke-result.js';

/**
Where a scrolled pane may start so that its last screen is full: `offset` kept between 0 and the last start.
*/
export const clampScroll = (offset: number, total: number, rows: number) => Math.max(0, Math.min(offset, total - rows));

/**
A pane of wrapped lines scrolled to `offset`, with a line saying which lines are in view and how to see the rest.
*/
export const ScrolledLines = ({lines, offset, height, width, hint}: {lines: ResultLine[]; offset: number; height: number; width: number; hint: string}) => {
	const rows = Math.max(1, height - 1);
	const start = clampScroll(offset, lines.length, rows);
	const shown = lines.slice(start, start + rows);
	return (
		<Box flexDirection='column' width={width} height={height} overflow='hidden'>
			{shown.map((line, index) => (
				<Text key={start + index} wrap='truncate' color={line.color} dimColor={line.dim} bold={line.bold}>{line.text || ' '}</Text>
			))}
			{lines.length > rows ? <Text dimColor wrap='truncate'>lines {start + 1}-{start + shown.length} of {lines.length}  {hint}</Text> : null}
		</Box>
	);
};
