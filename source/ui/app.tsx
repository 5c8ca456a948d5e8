import {Box, Text, useApp, useInput} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {LambdeckClient} from '../client/client.js';
import {ConsoleContext, type ConfirmRequest, type ConsoleApi, type ListMemory, type KeyHandler, type Route} from './console-context.js';
import {ConfirmDialog} from './components/confirm-dialog.js';
import {Header} from './components/header.js';
import {HelpOverlay, helpLines, helpScrollBy, helpWindow} from './components/help-overlay.js';
import {StatusLine} from './components/status-line.js';
import {actionFor, readonlyNotice, type KeyScope} from './key-map.js';
import {completeCommand, parseCommand} from './lib/commands.js';
import {diagnose} from './lib/diagnostics.js';
import {keyEvents, type KeyEvent} from './lib/key-events.js';
import {applyNoColor} from './lib/no-color.js';
import {useOperations} from './lib/operations.js';
import {filterKey, routeTitle} from './lib/routes.js';
import {confirmKey, promptKey, type ConfirmFocus, type Prompt} from './lib/overlay-keys.js';
import {useSyncState} from './lib/sync-state.js';
import {useNavigation} from './lib/use-navigation.js';
import {useStatus} from './lib/use-status.js';
import type {TestMemory} from './lib/test-memory.js';
import {useServiceData} from './lib/use-service-data.js';
import {useTerminalSize} from './lib/use-terminal-size.js';
import {Body} from './views/body.js';

export type {Operation} from './lib/operations.js';

applyNoColor();

/** Below this size the console says the terminal is too small instead of drawing over itself. */
export const smallest = {columns: 60, rows: 20};

/**
The console: header, the current view, and the status line, with the command line, filter, help and confirmations on top. All input enters here and goes to the topmost layer that wants it.
*/
export const App = ({client, readonly = false, initialRoute = {view: 'functions'}}: {client: LambdeckClient; readonly?: boolean; initialRoute?: Route}) => {
	const {exit} = useApp();
	const {rows, columns} = useTerminalSize();
	const [prompt, setPrompt] = useSyncState<Prompt | undefined>(undefined);
	const [help, setHelp] = useSyncState(false);
	const [helpOffset, setHelpOffset] = useSyncState(0);
	const [confirmState, setConfirm] = useSyncState<{request: ConfirmRequest; focus: ConfirmFocus} | undefined>(undefined);
	const [candidates, setCandidates] = useState<string[]>([]);
	const [filters, setFilters] = useSyncState<Record<string, string>>({});
	const layers = useRef<{view?: {scopes: KeyScope[]; handler: KeyHandler}; tab?: {scopes: KeyScope[]; handler: KeyHandler}}>({});
	const [scopes, setScopes] = useState<KeyScope[]>([]);
	const listMemory = useRef<ListMemory>({index: 0, sort: {column: 0, descending: false}});
	const testMemory = useRef(new Map<string, TestMemory>());
	const queue = useRef<KeyEvent[]>([]);
	const draining = useRef(false);
	const awaitRender = useRef(false);
	const {status, notify, retract, commandFailed, clearCommandError} = useStatus();
	const confirm = useCallback((request: ConfirmRequest) => {
		setConfirm({request, focus: 'cancel'});
	}, [setConfirm]);
	const {history, dirty, leave, navigate, replaceRoute, back} = useNavigation(initialRoute, confirm, clearCommandError, awaitRender);
	const route = history.current.at(-1)!;
	const {functions, functionsLoaded, records, recordsVersion, connection} = useServiceData(client, notify);
	const {operations, runOp} = useOperations(notify);

	const resume = useRef<{timer?: NodeJS.Timeout; drain?: () => void}>({});
	const registerKeys = useCallback((layer: 'view' | 'tab', layerScopes: KeyScope[] | undefined, handler: KeyHandler | undefined) => {
		layers.current[layer] = layerScopes && handler ? {scopes: layerScopes, handler} : undefined;
		setScopes([...layers.current.tab?.scopes ?? [], ...layers.current.view?.scopes ?? [], 'global']);
		// A view or tab that mounted after a move takes the keys that waited for it, once the whole commit is done.
		if (handler && awaitRender.current) {
			awaitRender.current = false;
			clearTimeout(resume.current.timer);
			resume.current.timer = setTimeout(() => resume.current.drain?.(), 0);
		}
	}, []);

	const runCommand = (text: string) => {
		const current = history.current.at(-1)!;
		const command = parseCommand(text, readonly, {functionNames: functions.map(fn => fn.FunctionName), current: 'functionName' in current ? current.functionName : undefined});
		if (command.kind === 'quit') {
			leave(exit);
		} else if (command.kind === 'navigate') {
			navigate(command.route);
		} else if (command.kind === 'help') {
			setHelpOffset(0);
			setHelp(true);
		} else if (command.kind === 'error') {
			commandFailed(command.message);
		}
	};

	const dispatch = (event: KeyEvent) => {
		const currentConfirm = confirmState.current;
		if (currentConfirm) {
			const step = confirmKey(currentConfirm.focus, event);
			if (step.kind === 'focus') {
				setConfirm({...currentConfirm, focus: step.focus});
			} else if (step.kind !== 'ignore') {
				setConfirm(undefined);
				if (step.kind === 'confirm') {
					currentConfirm.request.onConfirm();
				}
			}

			return;
		}

		const currentPrompt = prompt.current;
		if (currentPrompt) {
			const key = filterKey(history.current.at(-1)!);
			const step = promptKey(currentPrompt, event);
			if (step.kind === 'cancel') {
				setPrompt(undefined);
				if (currentPrompt.kind === 'filter') {
					setFilters(previous => ({...previous, [key]: ''}));
				}
			} else if (step.kind === 'submit') {
				setPrompt(undefined);
				if (currentPrompt.kind === 'command') {
					runCommand(currentPrompt.text);
				}
			} else if (step.kind === 'complete' && currentPrompt.kind === 'command') {
				const completed = completeCommand(currentPrompt.text, functions.map(fn => fn.FunctionName));
				setPrompt({kind: 'command', text: completed.text});
				setCandidates(completed.candidates);
			} else if (step.kind === 'edit') {
				setPrompt(step.prompt);
				setCandidates([]);
				if (currentPrompt.kind === 'filter') {
					setFilters(previous => ({...previous, [key]: step.prompt.text}));
				}
			}

			return;
		}

		if (help.current) {
			if (['escape', '?', 'q'].includes(event.name)) {
				setHelp(false);
			} else {
				const lineCount = helpLines(scopes, readonly, columns).length;
				const offset = helpScrollBy(event.name, helpOffset.current, lineCount, helpWindow(lineCount, bodyHeight).rows);
				if (offset !== undefined) {
					setHelpOffset(offset);
				}
			}

			return;
		}

		if (layers.current.tab?.handler(event) || layers.current.view?.handler(event)) {
			return;
		}

		const key = filterKey(history.current.at(-1)!);
		const refused = readonly ? readonlyNotice([...layers.current.tab?.scopes ?? [], ...layers.current.view?.scopes ?? []], event) : undefined;
		if (refused) {
			notify(refused);
			return;
		}

		switch (actionFor(['global'], event, readonly)) {
			case 'command': {
				setPrompt({kind: 'command', text: ''});
				setCandidates([]);
				break;
			}

			case 'filter': {
				setPrompt({kind: 'filter', text: filters.current[key] ?? '', selected: Boolean(filters.current[key])});
				break;
			}

			case 'help': {
				setHelpOffset(0);
				setHelp(true);
				break;
			}

			case 'ops': {
				navigate({view: 'ops'});
				break;
			}

			case 'back': {
				if (filters.current[key]) {
					setFilters(previous => ({...previous, [key]: ''}));
				} else {
					back();
				}

				break;
			}

			case 'quit': {
				leave(exit);
				break;
			}

			default:
		}
	};

	// Keys that arrived together are handled in order; after one that changes the view, the rest wait for the new view to mount.
	const dispatchRef = useRef(dispatch);
	dispatchRef.current = dispatch;
	// A move that mounts no new keys (such as back on the first view) resumes after a moment instead.
	const drain = () => {
		clearTimeout(resume.current.timer);
		while (queue.current.length > 0) {
			if (awaitRender.current) {
				resume.current.timer = setTimeout(() => {
					awaitRender.current = false;
					drain();
				}, 100);
				return;
			}

			dispatchRef.current(queue.current.shift()!);
		}

		draining.current = false;
	};

	resume.current.drain = drain;

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			exit();
			return;
		}

		queue.current.push(...keyEvents(input, key));
		if (!draining.current) {
			draining.current = true;
			drain();
		}
	});

	// Effects run in order, so this one runs after useInput has put the terminal in raw mode: from here on a key, Ctrl-C too, reaches the console.
	useEffect(() => {
		diagnose('keys ready');
	}, []);

	// Errors are shown in full: up to three lines, and the view gets what is left.
	const statusLines = prompt.current ? (candidates.length > 0 ? 2 : 1) : status.level === 'error' ? Math.min(3, Math.max(1, Math.ceil(status.message.length / Math.max(1, columns)))) : 1;
	const bodyHeight = Math.max(3, rows - 1 - 3 - statusLines);
	const api: ConsoleApi = useMemo(() => ({
		client, readonly, bodyHeight, columns, functions, functionsLoaded,
		records, recordsVersion, filter: filters.current[filterKey(route)] ?? '', route, navigate, replaceRoute, back,
		runOp, notify, retract, confirm, leave, setDirty(value) {
			dirty.current = value;
		}, registerKeys, listMemory: listMemory.current, testMemory: testMemory.current,
	}), [client, readonly, rows, statusLines, columns, functions, functionsLoaded, recordsVersion, filters.current, route, navigate, replaceRoute, back, runOp, notify, retract, confirm, leave, registerKeys]);

	if (columns < smallest.columns || rows < smallest.rows) {
		return <Text wrap='wrap'>The terminal is too small ({columns}x{rows}): lambdeck needs at least {smallest.columns}x{smallest.rows}. Make it larger, or press q to quit.</Text>;
	}

	return (
		<ConsoleContext.Provider value={api}>
			<Box flexDirection='column' height={rows - 1} width={columns} overflowY='hidden'>
				<Header endpoint={client.endpoint} connection={connection} dataDir={client.dataDir} sandbox={client.sandbox} functionCount={functions.length} readonly={readonly} scopes={scopes} columns={columns} title={routeTitle(route)}/>
				<Box flexGrow={1} flexDirection='column' overflowY='hidden'>
					{help.current ? <HelpOverlay scopes={scopes} readonly={readonly} columns={columns} height={bodyHeight} offset={helpOffset.current}/> : null}
					{confirmState.current ? <ConfirmDialog request={confirmState.current.request} focus={confirmState.current.focus}/> : null}
					<Box display={help.current || confirmState.current ? 'none' : 'flex'} flexDirection='column' flexGrow={1}>
						<Body route={route} operations={operations}/>
					</Box>
				</Box>
				<StatusLine prompt={prompt.current} candidates={candidates} status={status} height={statusLines}/>
			</Box>
		</ConsoleContext.Provider>
	);
};
