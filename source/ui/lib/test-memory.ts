import type {InvocationType} from '../../core/types.js';
import {textAreaOf, type TextAreaState} from '../components/text-area.js';
import type {InvokeResult} from './invoke-result.js';

/**
A function's Test tab as the shell keeps it between visits: the payload and where it came from, the invocation type, the chosen saved event, the last result and how it is scrolled.
*/
export type TestMemory = {
	editor: TextAreaState;
	/** The text the payload was loaded from (default, saved event or template): edits are changes from it. */
	loaded: string;
	type: InvocationType;
	/** The version or alias invoked; `$LATEST` when unset. */
	qualifier?: string;
	/** The function's versions and aliases as last read, the choices of `qualifier`. */
	qualifiers?: string[];
	eventName?: string;
	/** The saved test events as last read, by name. */
	events?: Record<string, string>;
	template?: number;
	result?: InvokeResult;
	scroll: number;
	full: boolean;
	/** Set by `i` outside the tab: invoke as soon as the tab opens. */
	invokeOnOpen?: boolean;
};

/** The payload a new Test tab starts with. */
export const defaultPayload = '{\n  "name": "lambdeck"\n}';

/**
A function's Test tab memory, made on first use.
*/
export const testMemoryOf = (memory: Map<string, TestMemory>, functionName: string): TestMemory => {
	let found = memory.get(functionName);
	if (!found) {
		found = {editor: textAreaOf(defaultPayload), loaded: defaultPayload, type: 'RequestResponse', scroll: 0, full: false};
		memory.set(functionName, found);
	}

	return found;
};
