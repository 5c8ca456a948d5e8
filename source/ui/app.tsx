import {Box, Text, useApp, useInput} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {LambdeckClient} from '../client/client.js';
import {ConsoleContext, type ConfirmRequest, type ConsoleApi, type ListMemory, type KeyHandler, type Route} from './console-context.js';
import {ConfirmDialog} from './components/confirm-dialog.js';
import {Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {actionFor, readonlyNotice, type KeyScope} from './key-map.js';
import {parseCommand} from './lib/commands.js';
import {diagnose} from './lib/diagnostics.js';
import {describeError} from './lib/errors.js';
import {keyEvents, type KeyEvent} from './lib/key-events.js';
import {useSyncState} from './lib/sync-state.js';
import {editLine} from './lib/text-edit.js';
import {useServiceData} from './lib/use-service-data.js';
import {useTerminalSize} from './lib/use-terminal-size.js';
import {Body} from './views/body.js';

/**
One entry of the `@` operations log.
*/
export type Operation = {time: number; label: string; outcome: 'running' | 'ok' | 'error'; detail?: string};

type Prompt = {kind: 'command' | 'filter'; text: string};

const routeTitle = (route: Route) => route.view === 'detail' ? `${route.functionName} › ${route.tab}` : route.view === 'logs' ? `logs${route.functionName ? ` › ${route.functionName}` : ''}` : route.view;

const filterKey = (route: Route) => route.view === 'detail' ? `detail:${route.tab}` : route.view;

/**
The console: header, the current view, and the status line, with the command line, filter, help and confirmations on top. All input enters here and goes to the topmost layer that wants it.
*/
export const App = ({client, readonly = false, initialRoute = {view: 'functions'}}: {client: LambdeckClient; readonly?: boolean; initialRoute?: Route}) => {
	const {exit} = useApp();
	const {rows, columns} = useTerminalSize();
	const [history, setHistory] = useSyncState<Route[]>([initialRoute]);
	const route = history.current.at(-1)!;
	const [prompt, setPrompt] = useSyncState<Prompt | undefined>(undefined);
	const [help, setHelp] = useSyncState(false);
	const [confirmState, setConfirm] = useSyncState<{request: ConfirmRequest; focus: 'cancel' | 'confirm'} | undefined>(undefined);
	const [filters, setFilters] = useSyncState<Record<string, string>>({});
	const [status, setStatus] = useState<{message: string; level: 'info' | 'error'}>({message: 'Ready. Press ? for keys.', level: 'info'});
	const [operations, setOperations] = useState<Operation[]>([]);
	const layers = useRef<{view?: {scopes: KeyScope[]; handler: KeyHandler}; tab?: {scopes: KeyScope[]; handler: KeyHandler}}>({});
	const [scopes, setScopes] = useState<KeyScope[]>([]);
	const listMemory = useRef<ListMemory>({index: 0, sort: {column: 0, descending: false}});
	const dirty = useRef<(() => string | undefined) | undefined>(undefined);
	const queue = useRef<KeyEvent[]>([]);
	const draining = useRef(false);
	const awaitRender = useRef(false);

	const notify = useCallback((message: string, level: 'info' | 'error' = 'info') => {
		setStatus({message, level});
	}, []);
	const retract = useCallback((prefix: string) => {
		setStatus(previous => previous.level === 'error' && previous.message.startsWith(prefix) ? {message: '', level: 'info'} : previous);
	}, []);
	// A `:` command's error is about that command: the next move to another view or tab leaves it behind.
	const commandError = useRef<string | undefined>(undefined);
	const clearCommandError = useCallback(() => {
		const message = commandError.current;
		commandError.current = undefined;
		if (message) {
			setStatus(previous => previous.message === message ? {message: '', level: 'info'} : previous);
		}
	}, []);

	const {functions, functionsLoaded, records, recordsVersion, connection} = useServiceData(client, notify);

	const registerKeys = useCallback((layer: 'view' | 'tab', layerScopes: KeyScope[] | undefined, handler: KeyHandler | undefined) => {
		layers.current[layer] = layerScopes && handler ? {scopes: layerScopes, handler} : undefined;
		setScopes([...layers.current.tab?.scopes ?? [], ...layers.current.view?.scopes ?? [], 'global']);
	}, []);

	const confirm = useCallback((request: ConfirmRequest) => {
		setConfirm({request, focus: 'cancel'});
	}, [setConfirm]);

	const leave = useCallback((action: () => void) => {
		const unsaved = dirty.current?.();
		if (!unsaved) {
			action();
			return;
		}

		confirm({title: 'Discard unsaved edits?', lines: [unsaved], confirmLabel: 'Discard', onConfirm() {
			dirty.current = undefined;
			action();
		}});
	}, [confirm]);

	const navigate = useCallback((next: Route) => {
		leave(() => {
			awaitRender.current = true;
			clearCommandError();
			setHistory(previous => [...previous, next]);
		});
	}, [leave, setHistory, clearCommandError]);
	const replaceRoute = useCallback((next: Route) => {
		awaitRender.current = true;
		clearCommandError();
		setHistory(previous => [...previous.slice(0, -1), next]);
	}, [setHistory, clearCommandError]);
	const back = useCallback(() => {
		leave(() => {
			awaitRender.current = true;
			clearCommandError();
			setHistory(previous => previous.length > 1 ? previous.slice(0, -1) : previous);
		});
	}, [leave, setHistory, clearCommandError]);

	const runOp = useCallback(async <T,>(label: string, operation: () => Promise<T>) => {
		const time = Date.now();
		setOperations(previous => [...previous.slice(-199), {time, label, outcome: 'running'}]);
		notify(`${label}…`);
		const settle = (entry: Operation) => {
			setOperations(previous => previous.map(candidate => candidate.time === time && candidate.label === label ? entry : candidate));
		};

		try {
			const result = await operation();
			settle({time, label, outcome: 'ok'});
			notify(`${label}: done`);
			return result;
		} catch (error) {
			const detail = describeError(error);
			diagnose(`${label} failed: ${detail}`);
			settle({time, label, outcome: 'error', detail});
			notify(`${label} failed: ${detail}`, 'error');
			return undefined;
		}
	}, [notify]);

	const runCommand = (text: string) => {
		const command = parseCommand(text, readonly);
		if (command.kind === 'quit') {
			leave(exit);
		} else if (command.kind === 'navigate') {
			navigate(command.route);
		} else if (command.kind === 'help') {
			setHelp(true);
		} else if (command.kind === 'error') {
			notify(command.message, 'error');
			commandError.current = command.message;
		}
	};

	const dispatch = (event: KeyEvent) => {
		const currentConfirm = confirmState.current;
		if (currentConfirm) {
			if (['left', 'right', 'tab', 'shift+tab', 'h', 'l'].includes(event.name)) {
				setConfirm({...currentConfirm, focus: currentConfirm.focus === 'cancel' ? 'confirm' : 'cancel'});
			} else if (event.name === 'escape' || event.name === 'n') {
				setConfirm(undefined);
			} else if (event.name === 'return') {
				setConfirm(undefined);
				if (currentConfirm.focus === 'confirm') {
					currentConfirm.request.onConfirm();
				}
			}

			return;
		}

		const currentPrompt = prompt.current;
		if (currentPrompt) {
			const key = filterKey(history.current.at(-1)!);
			if (event.name === 'escape') {
				setPrompt(undefined);
				if (currentPrompt.kind === 'filter') {
					setFilters(previous => ({...previous, [key]: ''}));
				}
			} else if (event.name === 'return') {
				setPrompt(undefined);
				if (currentPrompt.kind === 'command') {
					runCommand(currentPrompt.text);
				}
			} else {
				const text = editLine(currentPrompt.text, event);
				if (text !== undefined) {
					setPrompt({...currentPrompt, text});
					if (currentPrompt.kind === 'filter') {
						setFilters(previous => ({...previous, [key]: text}));
					}
				}
			}

			return;
		}

		if (help.current) {
			if (['escape', '?', 'q'].includes(event.name)) {
				setHelp(false);
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
				break;
			}

			case 'filter': {
				setPrompt({kind: 'filter', text: filters.current[key] ?? ''});
				break;
			}

			case 'help': {
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
	const drain = () => {
		while (queue.current.length > 0) {
			if (awaitRender.current) {
				awaitRender.current = false;
				setTimeout(drain, 0);
				return;
			}

			dispatchRef.current(queue.current.shift()!);
		}

		draining.current = false;
	};

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
	const statusLines = status.level === 'error' && !prompt.current ? Math.min(3, Math.max(1, Math.ceil(status.message.length / Math.max(1, columns)))) : 1;
	const api: ConsoleApi = useMemo(() => ({
		client, readonly, bodyHeight: Math.max(3, rows - 1 - 3 - statusLines), columns, functions, functionsLoaded,
		records, recordsVersion, filter: filters.current[filterKey(route)] ?? '', route, navigate, replaceRoute, back,
		runOp, notify, retract, confirm, leave, setDirty(value) {
			dirty.current = value;
		}, registerKeys, listMemory: listMemory.current,
	}), [client, readonly, rows, statusLines, columns, functions, functionsLoaded, recordsVersion, filters.current, route, navigate, replaceRoute, back, runOp, notify, retract, confirm, leave, registerKeys]);

	const currentPrompt = prompt.current;
	return (
		<ConsoleContext.Provider value={api}>
			<Box flexDirection='column' height={rows - 1} width={columns} overflowY='hidden'>
				<Header endpoint={client.endpoint} connection={connection} dataDir={client.dataDir} sandbox={client.sandbox} functionCount={functions.length} readonly={readonly} scopes={scopes} columns={columns} title={routeTitle(route)}/>
				<Box flexGrow={1} flexDirection='column' overflowY='hidden'>
					{help.current ? <HelpOverlay scopes={scopes} readonly={readonly}/> : null}
					{confirmState.current ? <ConfirmDialog request={confirmState.current.request} focus={confirmState.current.focus}/> : null}
					<Box display={help.current || confirmState.current ? 'none' : 'flex'} flexDirection='column' flexGrow={1}>
						<Body route={route} operations={operations}/>
					</Box>
				</Box>
				{currentPrompt
					? <Text wrap='truncate'><Text color='cyan'>{currentPrompt.kind === 'command' ? ':' : '/'}</Text>{currentPrompt.text}<Text inverse> </Text></Text>
					: <Box height={statusLines} flexShrink={0} overflowY='hidden'><Text wrap={status.level === 'error' ? 'wrap' : 'truncate'} color={status.level === 'error' ? 'red' : undefined}>{status.message}</Text></Box>}
			</Box>
		</ConsoleContext.Provider>
	);
};
