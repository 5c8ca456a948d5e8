import {Box, Text} from 'ink';
import {useLayoutEffect, useRef} from 'react';
import {limits} from '../../core/limits.js';
import type {FunctionConfiguration} from '../../core/types.js';
import {environmentSize, validateEnvironment} from '../../core/validate.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {useLatestConfiguration} from '../lib/latest-configuration.js';
import {useUnsavedGuard} from '../lib/use-unsaved-guard.js';
import {useRetractWhenValid} from '../lib/use-retract-when-valid.js';
import {fit} from '../lib/format.js';
import {useSyncState} from '../lib/sync-state.js';
import {editLine} from '../lib/text-edit.js';
import {describeChanges} from './config-tab.js';

type Entry = {key: string; value: string};
type Prompt = {kind: 'add-key' | 'add-value' | 'edit' | 'rename'; text: string; key?: string};

const entriesOf = (configuration: FunctionConfiguration): Entry[] =>
	Object.entries(configuration.Environment?.Variables ?? {}).map(([key, value]) => ({key, value}));

/** How much of a validation message the tab shows: Lambda's size error quotes the whole measured JSON, which can run to thousands of characters. */
const problemLength = 400;

/**
A validation message short enough to show: the start of the measured string of the 4 KB error with its size, or the start of any other long message with its length.
*/
export const shortenProblem = (problem: string): string => {
	const marker = 'String measured: ';
	const at = problem.indexOf(marker);
	if (at !== -1) {
		const measured = problem.slice(at + marker.length);
		const start = measured.length > 40 ? `${measured.slice(0, 40)}…` : measured;
		return `${problem.slice(0, at)}${marker}${start} (${Buffer.byteLength(measured)} bytes)`;
	}

	return problem.length > problemLength ? `${problem.slice(0, problemLength - 1)}… (${problem.length} characters)` : problem;
};

const toVariables = (entries: Entry[]) => Object.fromEntries(entries.map(entry => [entry.key, entry.value]));

/**
What Lambda would say is wrong with a set of environment variables (shortened to fit the screen), or an empty list.
*/
export const environmentProblems = (variables: Record<string, string>): string[] => {
	try {
		validateEnvironment(variables);
		return [];
	} catch (error) {
		return [shortenProblem((error as Error).message)];
	}
};

/**
What saving a set of variables would change, `KEY: old → new`, with removed keys shown as `(deleted)`.
*/
export const environmentChanges = (original: Record<string, string>, variables: Record<string, string>) =>
	describeChanges({...Object.fromEntries(Object.keys(variables).map(key => [key, ''])), ...original}, {...Object.fromEntries(Object.keys(original).map(key => [key, '(deleted)'])), ...variables}, {});

/**
The environment variables editor: add, edit, rename and delete keys, the 4 KB budget as Lambda measures it, and Lambda's own validation messages.
*/
export const EnvTab = ({configuration: listed}: {configuration: FunctionConfiguration}) => {
	const [configuration, setSaved] = useLatestConfiguration(listed);
	const api = useConsole();
	const name = configuration.FunctionName;
	const [entries, setEntries] = useSyncState<Entry[]>(entriesOf(configuration));
	const [selected, setSelected] = useSyncState(0);
	const [prompt, setPrompt] = useSyncState<Prompt | undefined>(undefined);
	const original = toVariables(entriesOf(configuration));
	const variables = toVariables(entries.current);
	const changes = environmentChanges(original, variables);
	const problems = environmentProblems(variables);
	const size = environmentSize(variables);
	useRetractWhenValid(api, 'Cannot save: ', problems.length === 0);

	useUnsavedGuard(api, () => {
		const unsaved = environmentChanges(original, toVariables(entries.current));
		return unsaved.length > 0 ? `Unsaved environment of ${name}: ${unsaved.join(', ')}` : undefined;
	});
	const base = useRef(original);
	useLayoutEffect(() => {
		// Follow changes made elsewhere unless the user has edits of their own.
		const previous = base.current;
		base.current = original;
		if (environmentChanges(previous, toVariables(entries.current)).length === 0) {
			setEntries(entriesOf(configuration));
		}
	}, [configuration.RevisionId]);

	// After rows go, the selection stays on a row that is there, so that what x deletes is the highlighted row.
	const clampSelection = () => {
		setSelected(previous => Math.max(0, Math.min(previous, entries.current.length - 1)));
	};

	const finishPrompt = (current: Prompt) => {
		const text = current.text;
		if (current.kind === 'add-key') {
			if (entries.current.some(entry => entry.key === text)) {
				api.notify(`${text} is already set; edit it instead.`, 'error');
				setPrompt(undefined);
				return;
			}

			setPrompt({kind: 'add-value', key: text, text: ''});
			return;
		}

		setPrompt(undefined);
		if (current.kind === 'add-value') {
			setEntries(previous => [...previous, {key: current.key!, value: text}]);
			setSelected(entries.current.length - 1);
		} else if (current.kind === 'edit') {
			setEntries(previous => previous.map(entry => entry.key === current.key ? {...entry, value: text} : entry));
		} else if (entries.current.some(entry => entry.key === text && entry.key !== current.key)) {
			api.notify(`Cannot rename to ${text}: that key is already set.`, 'error');
		} else {
			setEntries(previous => previous.map(entry => entry.key === current.key ? {...entry, key: text} : entry));
		}
	};

	useKeys('tab', prompt.current ? [] : ['env'], event => {
		const current = prompt.current;
		if (current) {
			if (event.name === 'escape') {
				setPrompt(undefined);
			} else if (event.name === 'return') {
				finishPrompt(current);
			} else {
				const text = editLine(current.text, event);
				if (text !== undefined) {
					setPrompt({...current, text});
				}
			}

			return true;
		}

		const entry = entries.current[Math.min(selected.current, entries.current.length - 1)];
		switch (actionFor(['env'], event, api.readonly)) {
			case 'down': { setSelected(previous => Math.min(entries.current.length - 1, previous + 1)); return true; }
			case 'up': { setSelected(previous => Math.max(0, previous - 1)); return true; }
			case 'add': { setPrompt({kind: 'add-key', text: ''}); return true; }
			case 'edit-value': { if (entry) setPrompt({kind: 'edit', key: entry.key, text: entry.value}); return true; }
			case 'rename': { if (entry) setPrompt({kind: 'rename', key: entry.key, text: entry.key}); return true; }
			case 'remove': {
				if (entry) {
					setEntries(previous => previous.filter(candidate => candidate.key !== entry.key));
					clampSelection();
				}

				return true;
			}

			case 'undo': { setEntries(entriesOf(configuration)); clampSelection(); return true; }
			case 'save': {
				const now = toVariables(entries.current);
				const found = environmentProblems(now);
				if (changes.length === 0) {
					api.notify('Nothing to save: the environment is unchanged.');
				} else if (found.length > 0) {
					api.notify(`Cannot save: ${found.join('; ')}`, 'error');
				} else {
					api.confirm({title: `Save the environment of ${name}?`, lines: changes, confirmLabel: 'Save', onConfirm() {
						void api.runOp(`Update environment of ${name}`, async () => api.client.updateFunctionConfiguration({FunctionName: name, Environment: {Variables: now}, RevisionId: configuration.RevisionId})).then(saved => {
							if (saved) setSaved(saved);
						});
					}});
				}

				return true;
			}

			default: { return false; }
		}
	});

	const current = prompt.current;
	const keyWidth = Math.max(8, ...entries.current.map(entry => entry.key.length)) + 2;
	const at = Math.min(selected.current, entries.current.length - 1);
	return (
		<Box flexDirection='column'>
			<Text color={size > limits.environmentBytes ? 'red' : undefined} wrap='truncate'>Environment: {entries.current.length} variable{entries.current.length === 1 ? '' : 's'}, {size} of {limits.environmentBytes} bytes{size > limits.environmentBytes ? ` (${size - limits.environmentBytes} over)` : ''}</Text>
			{entries.current.length === 0 ? <Text dimColor>No variables.{api.readonly ? '' : ' Press a to add one.'}</Text> : null}
			{entries.current.map((entry, index) => (
				<Text key={entry.key} inverse={index === at && !current} wrap='truncate'>
					{index === at && !current ? '› ' : '  '}{fit(entry.key, keyWidth)}{entry.value}{original[entry.key] === entry.value ? '' : <Text color='yellow'>  (changed)</Text>}
				</Text>
			))}
			{current ? (
				<Text>
					<Text color='cyan'>{{'add-key': 'New key', 'add-value': `Value of ${current.key ?? ''}`, edit: `Value of ${current.key ?? ''}`, rename: `Rename ${current.key ?? ''} to`}[current.kind]}: </Text>
					{current.text}<Text inverse> </Text>
				</Text>
			) : null}
			{problems.map(problem => <Text key={problem} color='red' wrap='wrap'>✗ {problem}</Text>)}
			{changes.length > 0 ? <Text color='yellow' wrap='truncate'>{changes.length} unsaved change{changes.length === 1 ? '' : 's'}: {problems.length === 0 ? 'press s to review and save' : 'fix the problem above to save'}, u to undo.</Text> : null}
		</Box>
	);
};
