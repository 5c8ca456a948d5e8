import type {Route} from '../console-context.js';

/**
What a `:` command asks for: quit, go to a view, show help, or an error to show.
*/
export type Command = {kind: 'quit'} | {kind: 'navigate'; route: Route} | {kind: 'help'} | {kind: 'none'} | {kind: 'error'; message: string};

/**
Read a `:` command line (`functions`, `logs [name]`, `ops`, `create`, `help`, `q`). `create` is refused in read-only mode.
*/
export const parseCommand = (text: string, readonly: boolean): Command => {
	const [command = '', ...rest] = text.trim().split(/\s+/);
	const argument = rest.join(' ') || undefined;
	if (['q', 'q!', 'quit', 'exit'].includes(command)) {
		return {kind: 'quit'};
	}

	if (['functions', 'function', 'fn', 'f'].includes(command)) {
		return {kind: 'navigate', route: {view: 'functions'}};
	}

	if (['logs', 'log', 'l'].includes(command)) {
		return {kind: 'navigate', route: {view: 'logs', functionName: argument}};
	}

	if (['ops', 'operations', '@'].includes(command)) {
		return {kind: 'navigate', route: {view: 'ops'}};
	}

	if (command === 'create') {
		return readonly ? {kind: 'error', message: 'Read-only: creating functions is off.'} : {kind: 'navigate', route: {view: 'create'}};
	}

	if (command === 'help' || command === '?') {
		return {kind: 'help'};
	}

	return command ? {kind: 'error', message: `Unknown command :${command}. Try :functions, :logs [name], :ops${readonly ? '' : ', :create'} or :q.`} : {kind: 'none'};
};
