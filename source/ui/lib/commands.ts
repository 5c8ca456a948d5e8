import {detailTabs, type DetailTab, type Route} from '../console-context.js';

/**
What a `:` command asks for: quit, go to a view, show help, or an error to show.
*/
export type Command = {kind: 'quit'} | {kind: 'navigate'; route: Route} | {kind: 'help'} | {kind: 'none'} | {kind: 'error'; message: string};

/** The commands `:` knows, in the order completion offers them; each tab of a function's detail is a command too (`:monitor NAME`). */
const commandNames = ['functions', 'fn', 'logs', 'describe', ...detailTabs, 'queues', 'layers', 'url', 'ops', 'create', 'help', 'quit'] as const;

/** Commands that take a function's name. */
const takesFunction = new Set<string>(['fn', 'logs', 'describe', ...detailTabs]);

const aliases: Record<string, string> = {
	function: 'fn', f: 'fn', l: 'logs', log: 'logs', operations: 'ops', '@': 'ops', q: 'quit', 'q!': 'quit', exit: 'quit', '?': 'help',
	sqs: 'queues', queue: 'queues', trig: 'triggers', destinations: 'async', inv: 'invocations', envs: 'environments', vars: 'env', configuration: 'config', conf: 'config', desc: 'describe', json: 'describe',
};

/**
Read a `:` command line: `functions`, `fn NAME` (a function's detail), `logs [NAME]`, `describe NAME`, `queues`, `layers [NAME]` (the layers, and a function's when named or in view), `url NAME` (a function's URLs and a test request), a detail tab with a name (`monitor NAME`, `invocations NAME`), `ops`, `create`, `help`, `q`. `create` is refused in read-only mode. Without a name, a tab command opens that tab of the function in view, when there is one.
*/
export const parseCommand = (text: string, readonly: boolean, {functionNames = [], current}: {functionNames?: readonly string[]; current?: string} = {}): Command => {
	const [typed = '', ...rest] = text.trim().split(/\s+/);
	const command = aliases[typed] ?? typed;
	const argument = rest.join(' ') || undefined;
	if (command === 'quit') {
		return {kind: 'quit'};
	}

	if (command === 'functions' || (command === 'fn' && !argument)) {
		return {kind: 'navigate', route: {view: 'functions'}};
	}

	if (command === 'ops') {
		return {kind: 'navigate', route: {view: 'ops'}};
	}

	if (command === 'layers') {
		if (argument && functionNames.length > 0 && !functionNames.includes(argument)) {
			return {kind: 'error', message: `Function not found: ${argument}. Tab completes names.`};
		}

		return {kind: 'navigate', route: {view: 'layers', functionName: argument ?? current}};
	}

	if (command === 'url') {
		const name = argument ?? current;
		if (!name || (functionNames.length > 0 && !functionNames.includes(name))) {
			return {kind: 'error', message: name ? `Function not found: ${name}. Tab completes names.` : ':url needs a function\'s name: :url NAME (Tab completes it).'};
		}

		return {kind: 'navigate', route: {view: 'url', functionName: name}};
	}

	if (command === 'queues') {
		return {kind: 'navigate', route: {view: 'queues'}};
	}

	if (command === 'create') {
		return readonly ? {kind: 'error', message: 'Read-only: creating functions is off.'} : {kind: 'navigate', route: {view: 'create'}};
	}

	if (command === 'help') {
		return {kind: 'help'};
	}

	if (command === 'logs' && !argument) {
		return {kind: 'navigate', route: {view: 'logs'}};
	}

	if (takesFunction.has(command)) {
		const name = argument ?? current;
		if (!name) {
			return {kind: 'error', message: `:${command} needs a function's name: :${command} NAME (Tab completes it).`};
		}

		if (functionNames.length > 0 && !functionNames.includes(name)) {
			return {kind: 'error', message: `Function not found: ${name}. Tab completes names.`};
		}

		if (command === 'logs') {
			return {kind: 'navigate', route: {view: 'logs', functionName: name}};
		}

		if (command === 'describe') {
			return {kind: 'navigate', route: {view: 'describe', functionName: name}};
		}

		const tab: DetailTab = command === 'fn' ? 'overview' : command as DetailTab;
		return {kind: 'navigate', route: {view: 'detail', functionName: name, tab}};
	}

	return command ? {kind: 'error', message: `Unknown command :${typed}. Try :fn NAME, :functions, :logs [NAME], :describe NAME, :queues, :layers, :url NAME, :triggers NAME, :async NAME, :ops${readonly ? '' : ', :create'} or :q (Tab completes).`} : {kind: 'none'};
};

const commonPrefix = (words: string[]) => words.reduce((prefix, word) => {
	let length = 0;
	while (length < prefix.length && prefix[length] === word[length]) {
		length++;
	}

	return prefix.slice(0, length);
});

/**
Complete a `:` command line: the command's name, then a function's name for commands that take one. Returns the completed text (as far as all candidates agree, with a space after a unique match) and the candidates, at most `limit`.
*/
export const completeCommand = (text: string, functionNames: readonly string[], limit = 8): {text: string; candidates: string[]} => {
	const match = /^(\s*)(\S*)(\s+)?(\S*)$/.exec(text);
	if (!match) {
		return {text, candidates: []};
	}

	const [, lead = '', word = '', space, argument = ''] = match;
	const complete = (prefix: string, pool: readonly string[], before: string) => {
		const candidates = pool.filter(candidate => candidate.startsWith(prefix));
		if (candidates.length === 0) {
			return {text, candidates: []};
		}

		const common = commonPrefix(candidates);
		return {text: `${before}${candidates.length === 1 ? `${candidates[0]!} ` : common}`, candidates: candidates.slice(0, limit)};
	};

	if (!space) {
		return complete(word, commandNames, lead);
	}

	const command = aliases[word] ?? word;
	return takesFunction.has(command) || command === 'layers' || command === 'url' ? complete(argument, [...functionNames].sort(), `${lead}${word} `) : {text, candidates: []};
};
