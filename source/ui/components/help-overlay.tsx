import {Box, Text} from 'ink';
import {hintsFor, type KeyScope} from '../key-map.js';

type Segment = {text: string; color?: string; bold?: boolean; dim?: boolean};

/** Width of the scope column; a scope's bindings that wrap continue under its first one. */
const indent = 10;
/** The overlay's border and padding take two columns on each side, its border and title three rows. */
const chrome = {columns: 4, rows: 3};

/**
The help's lines at a width: one paragraph per place keys apply (its bindings packed after the scope's name and wrapped under the first, a binding kept whole where it fits), then the `:` commands.
*/
export const helpLines = (scopes: KeyScope[], readonly: boolean, columns: number): Segment[][] => {
	const width = Math.max(indent + 10, columns - chrome.columns);
	const lines: Segment[][] = [];
	let line: Segment[] = [];
	let used = 0;
	const newLine = (lead: Segment) => {
		line = [lead];
		lines.push(line);
		used = lead.text.length;
	};

	const add = (words: Segment[], separator: string) => {
		const size = words.reduce((sum, word) => sum + word.text.length + 1, -1);
		if (used > indent && used + separator.length + size > width && indent + size <= width) {
			newLine({text: ' '.repeat(indent)});
		} else if (used > indent) {
			line.push({text: separator});
			used += separator.length;
		}

		for (const [index, word] of words.entries()) {
			if (index > 0 && used + 1 + word.text.length > width) {
				newLine({text: ' '.repeat(indent)});
			} else if (index > 0) {
				line.push({text: ' '});
				used += 1;
			}

			line.push(word);
			used += word.text.length;
		}
	};

	for (const scope of scopes) {
		const hints = hintsFor([scope], readonly, {all: true});
		if (hints.length > 0) {
			newLine({text: scope.padEnd(indent), color: 'cyan'});
			for (const {keys, hint} of hints) {
				add([{text: keys, bold: true}, ...hint.split(' ').map(word => ({text: word}))], '   ');
			}
		}
	}

	const commands = `commands: :functions  :fn name  :logs [name]  :describe name  :queues  :layers [name]  :url name  :triggers/:async [name]  :ops  ${readonly ? '' : ':create  '}:q${readonly ? '   read-only: actions that change things are hidden' : ''}`;
	let text = '';
	for (const word of commands.split(' ')) {
		if (text && text.length + 1 + word.length > width) {
			lines.push([{text, dim: true}]);
			text = word;
		} else {
			text = text ? `${text} ${word}` : word;
		}
	}

	lines.push([{text, dim: true}]);
	return lines;
};

/**
How many of the help's lines fit in a body `height` rows tall, and whether it scrolls (then one row says what is above and below).
*/
export const helpWindow = (lineCount: number, height: number) => {
	const room = Math.max(1, height - chrome.rows);
	return lineCount <= room ? {rows: lineCount, scrolls: false} : {rows: Math.max(1, room - 1), scrolls: true};
};

/**
The help's scroll position after a key (j/k and the arrows by a line, PgDn/PgUp and Ctrl-F/Ctrl-B by a page, g/G to the ends), or undefined when the key does not scroll it.
*/
export const helpScrollBy = (name: string, offset: number, lineCount: number, rows: number): number | undefined => {
	const steps: Record<string, number> = {
		j: 1, down: 1, k: -1, up: -1, pagedown: rows - 1, 'ctrl+f': rows - 1, ' ': rows - 1, pageup: 1 - rows, 'ctrl+b': 1 - rows, g: -lineCount, home: -lineCount, G: lineCount, end: lineCount,
	};
	const step = steps[name];
	return step === undefined ? undefined : Math.max(0, Math.min(offset + step, lineCount - rows));
};

/**
Every key valid in the current view, from the key map, one paragraph per place it applies; on a short terminal it scrolls, and a line says how much is above and below.
*/
export const HelpOverlay = ({scopes, readonly, columns, height, offset}: {scopes: KeyScope[]; readonly: boolean; columns: number; height: number; offset: number}) => {
	const lines = helpLines(scopes, readonly, columns);
	const {rows, scrolls} = helpWindow(lines.length, height);
	const top = Math.max(0, Math.min(offset, lines.length - rows));
	const below = lines.length - top - rows;
	return (
		<Box flexDirection='column' borderStyle='round' borderColor='cyan' paddingX={1} flexShrink={0}>
			<Text bold wrap='truncate'>Keys (esc or ? to close)</Text>
			{lines.slice(top, top + rows).map((line, index) => (
				<Text key={top + index} wrap='truncate'>
					{line.map((segment, at) => <Text key={at} color={segment.color} bold={segment.bold} dimColor={segment.dim}>{segment.text}</Text>)}
				</Text>
			))}
			{scrolls ? <Text color='yellow' wrap='truncate'>{top > 0 ? `↑ ${top} above  ` : ''}{below > 0 ? `↓ ${below} more` : 'end'}  (j/k, PgUp/PgDn)</Text> : null}
		</Box>
	);
};
