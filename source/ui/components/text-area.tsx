import {Box, Text} from 'ink';
import type {KeyEvent} from '../lib/key-events.js';

/**
A multi-line text and its cursor.
*/
export type TextAreaState = {lines: string[]; row: number; column: number};

/**
Make a text area's state from text, with the cursor at the end.
*/
export const textAreaOf = (text: string): TextAreaState => {
	const lines = text.split('\n');
	return {lines, row: lines.length - 1, column: lines.at(-1)!.length};
};

/**
Apply a keypress to a text area: typing, Enter for a new line, Backspace, and the arrows. Returns undefined for keys it does not use.
*/
export const editTextArea = (state: TextAreaState, event: KeyEvent): TextAreaState | undefined => {
	const {lines, row, column} = state;
	const line = lines[row] ?? '';
	const replace = (next: string[], nextRow: number, nextColumn: number) => ({lines: [...lines.slice(0, row), ...next, ...lines.slice(row + 1)], row: nextRow, column: nextColumn});
	if (event.char !== undefined) {
		return replace([line.slice(0, column) + event.char + line.slice(column)], row, column + 1);
	}

	switch (event.name) {
		case 'return': { return replace([line.slice(0, column), line.slice(column)], row + 1, 0); }
		case 'backspace': {
			if (column > 0) {
				return replace([line.slice(0, column - 1) + line.slice(column)], row, column - 1);
			}

			if (row === 0) {
				return state;
			}

			const above = lines[row - 1]!;
			return {lines: [...lines.slice(0, row - 1), above + line, ...lines.slice(row + 1)], row: row - 1, column: above.length};
		}

		case 'left': { return column > 0 ? {...state, column: column - 1} : row > 0 ? {...state, row: row - 1, column: lines[row - 1]!.length} : state; }
		case 'right': { return column < line.length ? {...state, column: column + 1} : row < lines.length - 1 ? {...state, row: row + 1, column: 0} : state; }
		case 'up': { return row > 0 ? {...state, row: row - 1, column: Math.min(column, lines[row - 1]!.length)} : state; }
		case 'down': { return row < lines.length - 1 ? {...state, row: row + 1, column: Math.min(column, lines[row + 1]!.length)} : state; }
		case 'home': { return {...state, column: 0}; }
		case 'end': { return {...state, column: line.length}; }
		case 'ctrl+u': { return textAreaOf(''); }
		default: { return undefined; }
	}
};

/**
Draw a text area with its cursor when focused, scrolled to keep the cursor in view.
*/
export const TextArea = ({state, focused, height, width}: {state: TextAreaState; focused: boolean; height: number; width: number}) => {
	const start = Math.max(0, Math.min(state.row - height + 1, state.lines.length - height));
	return (
		<Box flexDirection='column' borderStyle='single' borderColor={focused ? 'cyan' : 'gray'} width={width} height={height + 2}>
			{state.lines.slice(start, start + height).map((line, index) => {
				const row = start + index;
				if (!focused || row !== state.row) {
					return <Text key={row} wrap='truncate'>{line || ' '}</Text>;
				}

				return (
					<Text key={row} wrap='truncate'>
						{line.slice(0, state.column)}<Text inverse>{line[state.column] ?? ' '}</Text>{line.slice(state.column + 1)}
					</Text>
				);
			})}
		</Box>
	);
};
