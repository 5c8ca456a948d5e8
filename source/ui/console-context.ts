import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {LambdeckClient} from '../client/client.js';
import type {FunctionConfiguration, InvocationRecord} from '../core/types.js';
import type {KeyScope} from './key-map.js';
import type {KeyEvent} from './lib/key-events.js';
import type {Judge} from './lib/operations.js';
import type {TestMemory} from './lib/test-memory.js';

/**
The tabs of a function's detail, in the order `1`-`9` and `0` select them.
*/
export const detailTabs = ['overview', 'test', 'monitor', 'config', 'env', 'logs', 'invocations', 'environments', 'versions', 'triggers', 'async'] as const;

/** One tab of a function's detail. */
export type DetailTab = typeof detailTabs[number];

/**
Where the console is: which view, and for which function.
*/
export type Route =
	| {view: 'functions'}
	| {view: 'detail'; functionName: string; tab: DetailTab}
	| {view: 'logs'; functionName?: string}
	| {view: 'create'}
	| {view: 'ops'}
	| {view: 'describe'; functionName: string}
	| {view: 'request'; functionName: string; requestId: string}
	| {view: 'queues'}
	| {view: 'queue'; queueUrl: string}
	| {view: 'layers'; functionName?: string}
	| {view: 'url'; functionName: string};

/**
A question with Cancel focused, shown over everything until answered.
*/
export type ConfirmRequest = {
	title: string;
	lines?: string[];
	confirmLabel: string;
	onConfirm: () => void;
};

/**
A handler of keypresses: returns true when it used the key, so that nothing else sees it.
*/
export type KeyHandler = (event: KeyEvent) => boolean;

/**
Where the function list was left: the selected function by name (and its row, for when that function is gone) and the sort. The shell keeps it, so that coming back to the list finds the same function selected.
*/
export type ListMemory = {selected?: string; index: number; sort: {column: number; descending: boolean}};

/**
What every view gets from the console shell.
*/
export type ConsoleApi = {
	client: LambdeckClient;
	readonly: boolean;
	/** Rows and columns the view may draw in. */
	bodyHeight: number;
	columns: number;
	functions: FunctionConfiguration[];
	functionsLoaded: boolean;
	/** Invocation records by function name; read it when `recordsVersion` changes. */
	records: Map<string, InvocationRecord[]>;
	recordsVersion: number;
	/** The `/` filter of the current view. */
	filter: string;
	route: Route;
	navigate: (route: Route) => void;
	/** Change the current route in place (such as the detail's tab) without a step in the back history. */
	replaceRoute: (route: Route) => void;
	back: () => void;
	/** Run an operation, record it in the `@` log and say how it went in the status line. */
	runOp: <T>(label: string, operation: () => Promise<T>, judge?: Judge<T>) => Promise<T | undefined>;
	notify: (message: string, level?: 'info' | 'error') => void;
	/** Clear the status line's error when it starts with `prefix`, because what it was about has been fixed. */
	retract: (prefix: string) => void;
	confirm: (request: ConfirmRequest) => void;
	/** Run an action that leaves the current form, asking first when it has unsaved edits. */
	leave: (action: () => void) => void;
	/** Give the check that says what unsaved edits the current form has (undefined when none); it is asked at the moment of leaving. */
	setDirty: (check: (() => string | undefined) | undefined) => void;
	/** The function list's selection and sort, kept while the list is not shown. */
	listMemory: ListMemory;
	/** Each function's Test tab (payload, invocation type, event, result), kept while the tab is not shown. */
	testMemory: Map<string, TestMemory>;
	registerKeys: (layer: 'view' | 'tab', scopes: KeyScope[] | undefined, handler: KeyHandler | undefined) => void;
};

/** The console shell's API, provided by `App`. */
export const ConsoleContext = createContext<ConsoleApi | undefined>(undefined);

/**
The console shell's API, for views inside `App`.
*/
export const useConsole = (): ConsoleApi => {
	const api = useContext(ConsoleContext);
	if (!api) {
		throw new Error('useConsole must be used inside the console App');
	}

	return api;
};

/**
Take the keys of a layer (the view, or a detail tab) while mounted. The scopes name the key map sections whose hints the header shows.
*/
export const useKeys = (layer: 'view' | 'tab', scopes: KeyScope[], handler: KeyHandler) => {
	const {registerKeys} = useConsole();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const scopeKey = scopes.join(',');
	useLayoutEffect(() => {
		registerKeys(layer, scopeKey ? scopeKey.split(',') as KeyScope[] : [], event => handlerRef.current(event));
	}, [layer, scopeKey, registerKeys]);
	useLayoutEffect(() => () => {
		registerKeys(layer, undefined, undefined);
	}, [layer, registerKeys]);
};
