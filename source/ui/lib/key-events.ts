import type {Key} from 'ink';

/**
One keypress as the console handles it: its name (`j`, `G`, `return`, `ctrl+e`) and, for printable keys, the character.
*/
export type KeyEvent = {
	name: string;
	char?: string;
};

const namedKeys: Array<[keyof Key, string]> = [
	['upArrow', 'up'], ['downArrow', 'down'], ['leftArrow', 'left'], ['rightArrow', 'right'], ['pageUp', 'pageup'],
	['pageDown', 'pagedown'], ['home', 'home'], ['end', 'end'], ['return', 'return'], ['escape', 'escape'],
	['backspace', 'backspace'], ['delete', 'backspace'],
];

/**
Split what Ink's `useInput` delivers into single keypresses. Printable keys that arrived together (`jjj`, `/abc`) become one event each, in order.
*/
export const keyEvents = (input: string, key: Key): KeyEvent[] => {
	if (key.tab) {
		return [{name: key.shift ? 'shift+tab' : 'tab'}];
	}

	for (const [flag, name] of namedKeys) {
		if (key[flag]) {
			return [{name}];
		}
	}

	if (key.ctrl && input.length === 1) {
		return [{name: `ctrl+${input.toLowerCase()}`}];
	}

	const events: KeyEvent[] = [];
	for (const char of input.replaceAll('\r\n', '\n')) {
		if (char === '\r' || char === '\n') {
			events.push({name: 'return'});
		} else if (char === '\u007F' || char === '\b') {
			events.push({name: 'backspace'});
		} else if (char === '\t') {
			events.push({name: 'tab'});
		} else if (char >= '\u0001' && char <= '\u001A') {
			// A control key that arrived with other keys, such as Ctrl-U followed by typing.
			events.push({name: `ctrl+${String.fromCharCode(char.charCodeAt(0) + 96)}`});
		} else if (char >= ' ') {
			events.push({name: char, char});
		}
	}

	return events;
};
