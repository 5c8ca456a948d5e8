import type {KeyEvent} from './key-events.js';
import {promptKey, type PromptStep} from './overlay-keys.js';

/**
A one-line question a view asks in place (a number, a qualifier, a path): what it is for, its label, and the text typed so far. A prefilled text is `selected`: the first character typed replaces it.
*/
export type LinePrompt = {purpose: string; label: string; text: string; selected?: boolean};

/**
What a key does to a line prompt: a new prompt, submit (Enter), cancel (Esc), complete (Tab), or nothing.
*/
export type LinePromptStep = PromptStep<LinePrompt>;

/**
Apply a key to a line prompt, as the `:` line and the `/` filter take keys.
*/
export const linePromptKey = (prompt: LinePrompt, event: KeyEvent): LinePromptStep => promptKey(prompt, event);
