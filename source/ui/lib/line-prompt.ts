import type {KeyEvent} from './key-events.js';
import {editLine} from './text-edit.js';

/**
A one-line question a view asks in place (a number, a qualifier, a path): what it is for, its label, and the text typed so far. A prefilled text is `selected`: the first character typed replaces it.
*/
export type LinePrompt = {purpose: string; label: string; text: string; selected?: boolean};

/**
What a key does to a line prompt: a new prompt, submit (Enter), cancel (Esc), complete (Tab), or nothing.
*/
export type LinePromptStep = {kind: 'edit'; prompt: LinePrompt} | {kind: 'submit'} | {kind: 'cancel'} | {kind: 'complete'} | {kind: 'ignore'};

/**
Apply a key to a line prompt. Every key is the prompt's while it is open; those that do nothing are ignored.
*/
export const linePromptKey = (prompt: LinePrompt, event: KeyEvent): LinePromptStep => {
	switch (event.name) {
		case 'escape': { return {kind: 'cancel'}; }
		case 'return': { return {kind: 'submit'}; }
		case 'tab': { return {kind: 'complete'}; }
		case 'left': case 'right': case 'end': { return prompt.selected ? {kind: 'edit', prompt: {...prompt, selected: false}} : {kind: 'ignore'}; }
		default:
	}

	const replacing = prompt.selected && (event.char !== undefined || event.name === 'backspace');
	const text = replacing && event.name === 'backspace' ? '' : editLine(replacing ? '' : prompt.text, event);
	return text === undefined ? {kind: 'ignore'} : {kind: 'edit', prompt: {...prompt, text, selected: false}};
};
