import type {KeyEvent} from './key-events.js';

/**
Apply a keypress to a one-line text value: characters append, Backspace removes the last one, Ctrl-U clears. Returns undefined when the key is not an edit.
*/
export const editLine = (value: string, event: KeyEvent): string | undefined => {
	if (event.char !== undefined) {
		return value + event.char;
	}

	if (event.name === 'backspace') {
		return value.slice(0, -1);
	}

	if (event.name === 'ctrl+u') {
		return '';
	}

	return undefined;
};
