import {Box, Text, useStdin, useStdout} from 'ink';
import {useLayoutEffect, useState} from 'react';
import type {FunctionConfiguration, InvocationType} from '../../core/types.js';
import {clampScroll, ScrolledLines} from '../components/result-pane.js';
import {editTextArea, TextArea, textAreaOf} from '../components/text-area.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {eventTemplates, templateText} from '../lib/event-templates.js';
import {editInExternalEditor} from '../lib/external-editor.js';
import {jsonProblem} from '../lib/format.js';
import {invokeFailure, resultLines, resultOf} from '../lib/invoke-result.js';
import {listQualifiers} from '../lib/qualifiers.js';
import {testMemoryOf, type TestMemory} from '../lib/test-memory.js';
import {useRetractWhenValid} from '../lib/use-retract-when-valid.js';
import {useSyncState} from '../lib/sync-state.js';
import {testEventNameProblem} from '../lib/test-event-name.js';
import {editLine} from '../lib/text-edit.js';

const invocationTypes: InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];

/** The prompt for a test event's name. A prefilled name is `selected`: the first key typed replaces it rather than appending to it. */
type NamePrompt = {kind: 'save' | 'rename'; text: string; selected?: boolean};

/**
The Test tab: a JSON payload editor that says where the JSON is broken, saved test events and event templates, the invocation type, and the whole result (status, REPORT figures, the response or error, the log tail) wrapped and scrollable, with a full-screen view. Its state is kept by the shell, so it survives tab switches.
*/
export const TestTab = ({configuration, height}: {configuration: FunctionConfiguration; height: number}) => {
	const api = useConsole();
	const {stdin} = useStdin();
	const {stdout} = useStdout();
	const name = configuration.FunctionName;
	const memory = testMemoryOf(api.testMemory, name);
	const [, setTick] = useState(0);
	const update = (patch: Partial<TestMemory>) => {
		Object.assign(memory, patch);
		setTick(tick => tick + 1);
	};

	const [editing, setEditing] = useSyncState(false);
	const [prompt, setPrompt] = useSyncState<NamePrompt | undefined>(undefined);
	const payload = memory.editor.lines.join('\n');
	const problem = jsonProblem(payload);
	useRetractWhenValid(api, 'The payload is not valid JSON', problem === undefined);

	const loadEvents = async () => {
		const loaded: Record<string, string> = await api.client.listTestEvents(name).catch(() => ({}));
		update({events: loaded});
		return loaded;
	};

	const invoke = async () => {
		const text = memory.editor.lines.join('\n');
		const broken = jsonProblem(text);
		if (broken) {
			api.notify(`The payload is not valid JSON: ${broken}`, 'error');
			return;
		}

		const invocationType = memory.type;
		const qualifier = memory.qualifier;
		const invokedAt = Date.now();
		const response = await api.runOp(`Invoke ${name}${qualifier ? `:${qualifier}` : ''} (${invocationType})`, async () => api.client.invoke({FunctionName: name, Qualifier: qualifier, Payload: text || '{}', LogType: 'Tail', InvocationType: invocationType}), invokeFailure);
		if (response) {
			update({result: resultOf(response, invocationType, invokedAt), scroll: 0});
		}
	};

	const loadQualifiers = async () => {
		const qualifiers = await listQualifiers(api.client, name).catch(() => ['$LATEST']);
		update({qualifiers});
		return qualifiers;
	};

	const chooseQualifier = async () => {
		const qualifiers = memory.qualifiers ?? await loadQualifiers();
		const at = qualifiers.indexOf(memory.qualifier ?? '$LATEST');
		const next = qualifiers[(at + 1) % qualifiers.length]!;
		update({qualifier: next === '$LATEST' ? undefined : next});
		// The next press sees versions and aliases made since.
		void loadQualifiers();
	};

	useLayoutEffect(() => {
		void loadEvents();
		void loadQualifiers();
		if (memory.invokeOnOpen) {
			memory.invokeOnOpen = false;
			void invoke();
		}
	}, [name]);

	/** Replace the payload with another text, asking first when the current one has edits of its own. */
	const replacePayload = (text: string, source: string, patch: Partial<TestMemory>) => {
		const apply = () => {
			update({...patch, editor: textAreaOf(text), loaded: text});
		};

		if (memory.editor.lines.join('\n') === memory.loaded) {
			apply();
			return;
		}

		api.confirm({title: 'Replace the edited payload?', lines: [`The payload has edits that are not saved; ${source} replaces them (n saves them as a test event).`], confirmLabel: 'Replace', onConfirm: apply});
	};

	const names = Object.keys(memory.events ?? {}).sort();
	const choose = async (step: number) => {
		// Saved events not read yet (a key pressed as the tab opens) are read first.
		const events = memory.events ?? await loadEvents();
		const names = Object.keys(events).sort();
		if (names.length === 0) {
			api.notify('No saved test events yet: press n to save this payload as one, or T for a template.');
			return;
		}

		const at = memory.eventName === undefined ? -1 : names.indexOf(memory.eventName);
		const next = names[(at + step + names.length) % names.length]!;
		replacePayload(events[next]!, `the saved event ${next}`, {eventName: next, template: undefined});
	};

	const chooseTemplate = () => {
		const next = ((memory.template ?? -1) + 1) % eventTemplates.length;
		const template = eventTemplates[next]!;
		replacePayload(templateText(template), `the ${template.name} template`, {template: next, eventName: undefined});
	};

	const finishPrompt = async (current: NamePrompt) => {
		const newName = current.text.trim();
		const old = memory.eventName;
		const nameProblem = testEventNameProblem(newName);
		if (nameProblem) {
			api.notify(`Cannot ${current.kind === 'save' ? 'save' : 'rename'} the test event: ${nameProblem}`, 'error');
			return;
		}

		if (current.kind === 'rename' && newName === old) {
			return;
		}

		const saved = await loadEvents();
		if (current.kind === 'rename' && Object.hasOwn(saved, newName)) {
			api.notify(`Cannot rename ${old ?? ''} to ${newName}: a test event named ${newName} already exists. Delete it first or choose another name.`, 'error');
			return;
		}

		const text = memory.editor.lines.join('\n');
		const write = async () => {
			await api.runOp(current.kind === 'save' ? `Save test event ${newName}` : `Rename test event ${old ?? ''} to ${newName}`, async () => {
				await api.client.saveTestEvent(name, newName, current.kind === 'rename' && old ? saved[old]! : text);
				if (current.kind === 'rename' && old) {
					await api.client.deleteTestEvent(name, old);
				}
			});
			update({eventName: newName, template: undefined, loaded: current.kind === 'save' ? text : memory.loaded});
			await loadEvents();
		};

		if (current.kind === 'save' && newName !== old && Object.hasOwn(saved, newName)) {
			api.confirm({title: `Overwrite the test event ${newName}?`, lines: [`A test event named ${newName} already exists; saving replaces its payload.`], confirmLabel: 'Overwrite', onConfirm() {
				void write();
			}});
			return;
		}

		await write();
	};

	const wide = api.columns >= 100;
	const half = wide ? Math.floor(api.columns / 2) - 1 : api.columns - 1;
	const editorRows = wide ? Math.max(3, Math.min(12, height - 6)) : Math.max(2, Math.min(6, Math.floor(height / 3) - 1));
	const paneWidth = memory.full || !wide ? api.columns - 1 : api.columns - half - 2;
	const paneHeight = memory.full ? height - 1 : wide ? height - 1 : Math.max(2, height - editorRows - 5 - (prompt.current ? 1 : 0));
	const outcome = memory.result?.type === 'Event' ? (api.records.get(name) ?? []).find(record => record.timestamp >= memory.result!.invokedAt) : undefined;
	const lines = memory.result ? resultLines(memory.result, paneWidth, outcome) : [];
	const scrollBy = (by: number) => {
		update({scroll: clampScroll(memory.scroll + by, lines.length, paneHeight - 1)});
	};

	useKeys('tab', editing.current || prompt.current ? [] : (memory.full ? ['result'] : ['test']), event => {
		if (prompt.current) {
			const current = prompt.current;
			if (event.name === 'escape') {
				setPrompt(undefined);
			} else if (event.name === 'return') {
				setPrompt(undefined);
				void finishPrompt(current);
			} else {
				const text = editLine(current.selected ? '' : current.text, event);
				if (text !== undefined) {
					setPrompt({kind: current.kind, text});
				}
			}

			return true;
		}

		if (editing.current) {
			if (event.name === 'escape') {
				setEditing(false);
			} else if (event.name === 'ctrl+e') {
				openExternal();
			} else {
				const next = editTextArea(memory.editor, event);
				if (next) {
					update({editor: next});
				}
			}

			return true;
		}

		if (memory.full) {
			const page = paneHeight - 1;
			switch (event.name === 'escape' ? 'full-result' : actionFor(['result'], event, api.readonly)) {
				case 'full-result': { update({full: false}); return true; }
				case 'down': { scrollBy(1); return true; }
				case 'up': { scrollBy(-1); return true; }
				case 'page-down': { scrollBy(page); return true; }
				case 'page-up': { scrollBy(-page); return true; }
				case 'top': { update({scroll: 0}); return true; }
				case 'bottom': { scrollBy(lines.length); return true; }
				default: { return false; }
			}
		}

		switch (actionFor(['test'], event, api.readonly)) {
			case 'edit-payload': { setEditing(true); return true; }
			case 'invoke': { void invoke(); return true; }
			case 'external-editor': { openExternal(); return true; }
			case 'qualifier': { void chooseQualifier(); return true; }
			case 'invocation-type': { update({type: invocationTypes[(invocationTypes.indexOf(memory.type) + 1) % invocationTypes.length]!}); return true; }
			case 'saved-event': { void choose(event.name === '<' ? -1 : 1); return true; }
			case 'template': { chooseTemplate(); return true; }
			case 'full-result': { update({full: true}); return true; }
			case 'result-down': { scrollBy(Math.max(1, paneHeight - 2)); return true; }
			case 'result-up': { scrollBy(-Math.max(1, paneHeight - 2)); return true; }
			case 'save-event': { setPrompt({kind: 'save', text: ''}); return true; }
			case 'rename-event': {
				if (memory.eventName) {
					setPrompt({kind: 'rename', text: memory.eventName, selected: true});
				} else {
					api.notify('Choose a saved test event first (< and >).');
				}

				return true;
			}

			case 'delete-event': {
				const old = memory.eventName;
				if (old) {
					api.confirm({title: `Delete the test event ${old}?`, confirmLabel: 'Delete', onConfirm() {
						void api.runOp(`Delete test event ${old}`, async () => api.client.deleteTestEvent(name, old)).then(async () => {
							update({eventName: undefined});
							await loadEvents();
						});
					}});
				}

				return true;
			}

			default: { return false; }
		}
	});

	function openExternal() {
		void editInExternalEditor(memory.editor.lines.join('\n'), {stdin, stdout}).then(edited => {
			// The status line changes either way, so the whole frame is drawn again on the cleared screen.
			if (edited === undefined) {
				api.notify(`The editor exited with an error; the payload is unchanged. (${new Date().toLocaleTimeString()})`, 'error');
			} else {
				update({editor: textAreaOf(edited.replace(/\n$/, ''))});
				api.notify(`Back from the editor. (${new Date().toLocaleTimeString()})`);
			}
		});
	}

	const source = memory.eventName ?? (memory.template === undefined ? '(unsaved)' : `template: ${eventTemplates[memory.template]!.name}`);
	const edited = payload !== memory.loaded ? ' (edited)' : '';
	const pane = memory.result
		? <ScrolledLines lines={lines} offset={memory.scroll} height={paneHeight} width={paneWidth} hint={memory.full ? 'j/k scroll  f or esc: back' : 'J/K scroll  f full screen'}/>
		: <Text dimColor>No result yet: press i to invoke.</Text>;
	if (memory.full) {
		return <Box flexDirection='column'>{pane}</Box>;
	}

	const editorBox = (
		<Box flexDirection='column' width={half} flexShrink={0}>
			<TextArea state={memory.editor} focused={editing.current} height={editorRows} width={half}/>
			{problem ? <Text color='red' wrap='truncate'>✗ JSON: {problem}</Text> : <Text color='green'>✓ valid JSON</Text>}
			{prompt.current ? <Text><Text color='cyan'>{prompt.current.kind === 'save' ? 'Save as' : 'Rename to'}: </Text><Text inverse={prompt.current.selected}>{prompt.current.text}</Text>{prompt.current.selected ? null : <Text inverse> </Text>}</Text> : null}
			{editing.current ? <Text dimColor wrap='truncate'>Editing: esc to leave, ctrl-e for $EDITOR</Text> : <Text dimColor wrap='truncate'>{api.readonly ? 'Read-only: invoking is off.' : 'enter edit  i invoke  T templates  < > saved'}</Text>}
		</Box>
	);
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate'>
				<Text dimColor>type </Text><Text color='cyan'>{memory.type}</Text>
				<Text dimColor>  qualifier </Text><Text color='cyan'>{memory.qualifier ?? '$LATEST'}</Text>
				<Text dimColor>  event </Text><Text>{source}{edited}</Text>
				<Text dimColor>  saved: {names.length === 0 ? 'none' : names.join(', ')}</Text>
			</Text>
			{wide
				? <Box>{editorBox}<Box marginLeft={1} flexDirection='column'>{pane}</Box></Box>
				: <Box flexDirection='column'>{editorBox}{pane}</Box>}
		</Box>
	);
};
