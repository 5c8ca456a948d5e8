import type {KeyEvent} from './key-events.js';
import {editLine} from './text-edit.js';

/**
A confirmation's focus: Cancel when it opens.
*/
export type ConfirmFocus = 'cancel' | 'confirm';

/**
What a key does to an open confirmation: move the focus, close it, or close it and run the action.
*/
export type ConfirmStep = {kind: 'focus'; focus: ConfirmFocus} | {kind: 'cancel'} | {kind: 'confirm'} | {kind: 'ignore'};

/**
Apply a key to an open confirmation. `y` confirms and `n` cancels at once; the arrows, Tab and h/l move the focus; Enter selects the focused button; Esc cancels. Every other key is swallowed, so nothing reaches the view beneath.
*/
export const confirmKey = (focus: ConfirmFocus, event: KeyEvent): ConfirmStep => {
	if (['left', 'right', 'tab', 'shift+tab', 'h', 'l'].includes(event.name)) {
		return {kind: 'focus', focus: focus === 'cancel' ? 'confirm' : 'cancel'};
	}

	if (event.name === 'escape' || event.name === 'n') {
		return {kind: 'cancel'};
	}

	if (event.name === 'y') {
		return {kind: 'confirm'};
	}

	if (event.name === 'return') {
		return focus === 'confirm' ? {kind: 'confirm'} : {kind: 'cancel'};
	}

	return {kind: 'ignore'};
};

/**
The `:` command line or the `/` filter being typed. A prefilled text is `selected`: the first character typed replaces it, Backspace clears it, and ←/→ keep it for editing.
*/
export type Prompt = {kind: 'command' | 'filter'; text: string; selected?: boolean};

/**
What a key does to a prompt: a new prompt, submit (Enter), cancel (Esc), complete (Tab), or nothing.
*/
export type PromptStep<P = Prompt> = {kind: 'edit'; prompt: P} | {kind: 'submit'} | {kind: 'cancel'} | {kind: 'complete'} | {kind: 'ignore'};

/**
Apply a key to a prompt being typed: the `:` line, the `/` filter, or a view's one-line question. Every key is the prompt's while it is open; those that do nothing are ignored.
*/
export const promptKey = <P extends {text: string; selected?: boolean}>(prompt: P, event: KeyEvent): PromptStep<P> => {
	const {selected, ...rest} = prompt;
	switch (event.name) {
		case 'escape': { return {kind: 'cancel'}; }
		case 'return': { return {kind: 'submit'}; }
		case 'tab': { return {kind: 'complete'}; }
		case 'left': case 'right': case 'end': { return selected ? {kind: 'edit', prompt: {...prompt, selected: false}} : {kind: 'ignore'}; }
		default:
	}

	if (selected && event.name === 'backspace') {
		return {kind: 'edit', prompt: {...rest, text: ''} as P};
	}

	const text = editLine(selected && event.char !== undefined ? '' : prompt.text, event);
	return text === undefined ? {kind: 'ignore'} : {kind: 'edit', prompt: {...rest, text} as P};
};
