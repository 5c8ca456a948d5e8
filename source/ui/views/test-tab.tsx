import {Box, Text, useStdin, useStdout} from 'ink';
import {useLayoutEffect, useState} from 'react';
import {parseReportLine, type ReportFigures} from '../../core/format.js';
import type {FunctionConfiguration, InvocationResponse, InvocationType} from '../../core/types.js';
import {editTextArea, TextArea, textAreaOf, type TextAreaState} from '../components/text-area.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {editInExternalEditor} from '../lib/external-editor.js';
import {jsonProblem} from '../lib/format.js';
import {useUnsavedGuard} from '../lib/use-unsaved-guard.js';
import {useSyncState} from '../lib/sync-state.js';
import {useRetractWhenValid} from '../lib/use-retract-when-valid.js';
import {testEventNameProblem} from '../lib/test-event-name.js';
import {editLine} from '../lib/text-edit.js';

const invocationTypes: InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];

type Result = {response: InvocationResponse; body: string; logTail: string[]; report?: ReportFigures; type: InvocationType};

const resultOf = (response: InvocationResponse, type: InvocationType): Result => {
	const text = Buffer.from(response.Payload ?? []).toString('utf8');
	let body = text;
	try {
		body = text ? JSON.stringify(JSON.parse(text), undefined, 2) : '';
	} catch {}

	const logTail = response.LogResult ? Buffer.from(response.LogResult, 'base64').toString('utf8').split('\n').filter(Boolean) : [];
	const report = logTail.map(line => parseReportLine(line)).find(Boolean);
	return {response, body, logTail, report, type};
};

/** The prompt for a test event's name. A prefilled name is `selected`: the first key typed replaces it rather than appending to it. */
type NamePrompt = {kind: 'save' | 'rename'; text: string; selected?: boolean};

const defaultPayload = '{\n  "name": "lambdeck"\n}';

/**
The Test tab: a JSON payload editor that says where the JSON is broken, saved test events, the invocation type, and the result with the REPORT figures and log tail.
*/
export const TestTab = ({configuration, height}: {configuration: FunctionConfiguration; height: number}) => {
	const api = useConsole();
	const {stdin} = useStdin();
	const {stdout} = useStdout();
	const name = configuration.FunctionName;
	const [editor, setEditor] = useSyncState<TextAreaState>(textAreaOf(defaultPayload));
	const [editing, setEditing] = useSyncState(false);
	const [type, setType] = useSyncState<InvocationType>('RequestResponse');
	const [events, setEvents] = useState<Record<string, string>>({});
	const [eventName, setEventName] = useSyncState<string | undefined>(undefined);
	const [prompt, setPrompt] = useSyncState<NamePrompt | undefined>(undefined);
	const [result, setResult] = useState<Result | undefined>();
	const payload = editor.current.lines.join('\n');
	const problem = jsonProblem(payload);
	useRetractWhenValid(api, 'The payload is not valid JSON', problem === undefined);
	useUnsavedGuard(api, () => {
		const saved = eventName.current === undefined ? defaultPayload : events[eventName.current];
		const current = editor.current.lines.join('\n');
		return current === saved ? undefined : `Unsaved payload ${eventName.current ? `of test event ${eventName.current}` : 'edits'} for ${name} (n saves it as a test event)`;
	});

	const loadEvents = async () => {
		const loaded: Record<string, string> = await api.client.listTestEvents(name).catch(() => ({}));
		setEvents(loaded);
		return loaded;
	};

	useLayoutEffect(() => {
		void loadEvents();
	}, [name]);

	const invoke = async () => {
		const text = editor.current.lines.join('\n');
		const broken = jsonProblem(text);
		if (broken) {
			api.notify(`The payload is not valid JSON: ${broken}`, 'error');
			return;
		}

		const invocationType = type.current;
		const response = await api.runOp(`Invoke ${name} (${invocationType})`, async () => api.client.invoke({FunctionName: name, Payload: text || '{}', LogType: 'Tail', InvocationType: invocationType}));
		if (response) {
			setResult(resultOf(response, invocationType));
		}
	};

	const names = Object.keys(events).sort();
	const choose = (step: number) => {
		if (names.length === 0) {
			api.notify('No saved test events yet: press n to save this payload as one.');
			return;
		}

		const at = eventName.current === undefined ? -1 : names.indexOf(eventName.current);
		const next = names[(at + step + names.length) % names.length]!;
		setEventName(next);
		setEditor(textAreaOf(events[next]!));
	};

	const finishPrompt = async (current: NamePrompt) => {
		const newName = current.text.trim();
		const old = eventName.current;
		const problem = testEventNameProblem(newName);
		if (problem) {
			api.notify(`Cannot ${current.kind === 'save' ? 'save' : 'rename'} the test event: ${problem}`, 'error');
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

		const text = editor.current.lines.join('\n');
		const write = async () => {
			await api.runOp(current.kind === 'save' ? `Save test event ${newName}` : `Rename test event ${old ?? ''} to ${newName}`, async () => {
				await api.client.saveTestEvent(name, newName, current.kind === 'rename' && old ? saved[old]! : text);
				if (current.kind === 'rename' && old) {
					await api.client.deleteTestEvent(name, old);
				}
			});
			setEventName(newName);
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

	useKeys('tab', editing.current || prompt.current ? [] : ['test'], event => {
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
				const next = editTextArea(editor.current, event);
				if (next) {
					setEditor(next);
				}
			}

			return true;
		}

		switch (actionFor(['test'], event, api.readonly)) {
			case 'edit-payload': { setEditing(true); return true; }
			case 'invoke': { void invoke(); return true; }
			case 'external-editor': { openExternal(); return true; }
			case 'invocation-type': { setType(previous => invocationTypes[(invocationTypes.indexOf(previous) + 1) % invocationTypes.length]!); return true; }
			case 'saved-event': { choose(event.name === '<' ? -1 : 1); return true; }
			case 'save-event': { setPrompt({kind: 'save', text: ''}); return true; }
			case 'rename-event': {
				if (eventName.current) {
					setPrompt({kind: 'rename', text: eventName.current, selected: true});
				} else {
					api.notify('Choose a saved test event first (< and >).');
				}

				return true;
			}

			case 'delete-event': {
				const old = eventName.current;
				if (old) {
					api.confirm({title: `Delete the test event ${old}?`, confirmLabel: 'Delete', onConfirm() {
						void api.runOp(`Delete test event ${old}`, async () => api.client.deleteTestEvent(name, old)).then(async () => {
							setEventName(undefined);
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
		void editInExternalEditor(editor.current.lines.join('\n'), {stdin, stdout}).then(edited => {
			// The status line changes either way, so the whole frame is drawn again on the cleared screen.
			if (edited === undefined) {
				api.notify(`The editor exited with an error; the payload is unchanged. (${new Date().toLocaleTimeString()})`, 'error');
			} else {
				setEditor(textAreaOf(edited.replace(/\n$/, '')));
				api.notify(`Back from the editor. (${new Date().toLocaleTimeString()})`);
			}
		});
	}

	const half = Math.max(30, Math.floor(api.columns / 2) - 1);
	const editorRows = Math.max(3, Math.min(12, height - 6));
	const report = result?.report;
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate'>
				<Text dimColor>type </Text><Text color='cyan'>{type.current}</Text>
				<Text dimColor>  event </Text><Text>{eventName.current ?? '(unsaved)'}</Text>
				<Text dimColor>  saved: {names.length === 0 ? 'none' : names.join(', ')}</Text>
			</Text>
			<Box>
				<Box flexDirection='column' width={half} flexShrink={0}>
					<TextArea state={editor.current} focused={editing.current} height={editorRows} width={half}/>
					{problem ? <Text color='red' wrap='wrap'>✗ JSON: {problem}</Text> : <Text color='green'>✓ valid JSON</Text>}
					{prompt.current ? <Text><Text color='cyan'>{prompt.current.kind === 'save' ? 'Save as' : 'Rename to'}: </Text><Text inverse={prompt.current.selected}>{prompt.current.text}</Text>{prompt.current.selected ? null : <Text inverse> </Text>}</Text> : null}
					{editing.current ? <Text dimColor>Editing: esc to leave, ctrl-e for $EDITOR</Text> : <Text dimColor>{api.readonly ? 'Read-only: invoking is off.' : 'enter to edit, i to invoke'}</Text>}
				</Box>
				<Box flexDirection='column' marginLeft={1} width={Math.max(20, api.columns - half - 2)} height={Math.max(4, height - 1)} overflow='hidden'>
					{result ? (
						<>
							<Text>
								<Text bold>Status {result.response.StatusCode}</Text>
								{result.response.FunctionError ? <Text color='red'>  FunctionError: {result.response.FunctionError}</Text> : <Text color='green'>  Succeeded</Text>}
								<Text dimColor>  ({result.type})</Text>
							</Text>
							{report ? (
								<>
									<Text wrap='truncate'>Duration {report.durationMs.toFixed(2)} ms  Billed {report.billedDurationMs} ms</Text>
									<Text wrap='truncate'>Memory {report.maxMemoryUsedMb} of {report.memorySizeMb} MB{report.initDurationMs === undefined ? '' : `  Init ${report.initDurationMs.toFixed(2)} ms (cold start)`}</Text>
								</>
							) : null}
							{result.body.split('\n').slice(0, Math.max(2, editorRows - 2)).map((line, index) => <Text key={index} wrap='truncate' color={result.response.FunctionError ? 'red' : undefined}>{line}</Text>)}
							<Text dimColor>Log tail</Text>
							{result.logTail.slice(-Math.max(2, height - 9 - Math.min(result.body.split('\n').length, Math.max(2, editorRows - 2)))).map((line, index) => <Text key={index} dimColor wrap='truncate'>{line.replaceAll('\t', ' ')}</Text>)}
						</>
					) : <Text dimColor>No result yet.</Text>}
				</Box>
			</Box>
		</Box>
	);
};
