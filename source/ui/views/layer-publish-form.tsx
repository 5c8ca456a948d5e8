import fs from 'node:fs';
import {Box, Text} from 'ink';
import {useState, type ReactElement} from 'react';
import {FormFields, useFieldForm, type FieldSpec} from '../components/form.js';
import {useConsole} from '../console-context.js';
import {actionFor} from '../key-map.js';
import type {KeyEvent} from '../lib/key-events.js';
import {packageCodeOffThread} from '../lib/package-code.js';
import {completePath} from '../lib/path-complete.js';

const fields: FieldSpec[] = [
	{id: 'name', label: 'Layer name'},
	{id: 'folder', label: 'Content'},
	{id: 'runtimes', label: 'Runtimes'},
	{id: 'architectures', label: 'Archs', choices: ['x86_64', 'arm64', 'x86_64,arm64', '']},
	{id: 'description', label: 'Description'},
];

const layerName = /^[a-zA-Z0-9-_]+$/;

/**
What is wrong with a publish form's values before anything is sent; the rest (runtimes, sizes) the endpoint checks and says in AWS's words.
*/
export const publishProblems = (values: Record<string, string>): string[] => {
	const problems: string[] = [];
	const name = values.name ?? '';
	if (!name) {
		problems.push('Layer name: a layer needs a name.');
	} else if (!layerName.test(name)) {
		problems.push(`Value '${name}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+`);
	}

	const folder = values.folder ?? '';
	if (!folder) {
		problems.push('Content: give a folder or a .zip file.');
	} else if (!fs.existsSync(folder)) {
		problems.push(`Content: ${folder} does not exist.`);
	}

	return problems;
};

const list = (text: string | undefined) => (text ?? '').split(',').map(item => item.trim()).filter(Boolean);

/**
The form that publishes a layer version from a folder (zipped on a worker thread) or a zip: name, content path (Tab completes it), compatible runtimes and architectures, description. Returns `open` (to start it with some values), its key handler (every key is the form's while it is open; `s` publishes, Esc closes) and what to draw; `onClose` gets the new version's ARN when one was published.
*/
export const usePublishForm = (onClose: (publishedArn?: string) => void): {open: (initial: Record<string, string>) => void; handle: (event: KeyEvent) => boolean; element: ReactElement; editing: boolean} => {
	const api = useConsole();
	const blank = {name: '', folder: '', runtimes: '', architectures: 'x86_64', description: ''};
	const form = useFieldForm(fields, blank);
	const [candidates, setCandidates] = useState<string[]>([]);
	const [busy, setBusy] = useState(false);
	const problems = publishProblems(form.values.current);

	const publish = () => {
		const values = form.values.current;
		const found = publishProblems(values);
		if (found.length > 0) {
			api.notify(`Cannot publish: ${found.join('; ')}`, 'error');
			return;
		}

		setBusy(true);
		void api.runOp(`Publish a version of layer ${values.name!} from ${values.folder!}`, async () => api.client.callOperation!('PublishLayerVersion', {
			LayerName: values.name, Content: {ZipFile: await packageCodeOffThread(values.folder!)}, Description: values.description || undefined,
			...(list(values.runtimes).length > 0 ? {CompatibleRuntimes: list(values.runtimes)} : {}),
			...(list(values.architectures).length > 0 ? {CompatibleArchitectures: list(values.architectures)} : {}),
		})).then(published => {
			setBusy(false);
			if (published) {
				onClose(String(published.LayerVersionArn));
			}
		});
	};

	const handle = (event: KeyEvent) => {
		const field = fields[form.selected.current]!;
		if (form.editing.current && field.id === 'folder' && event.name === 'tab') {
			const completed = completePath(form.values.current.folder ?? '');
			form.setValues(previous => ({...previous, folder: completed.text}));
			setCandidates(completed.candidates);
			return true;
		}

		setCandidates([]);
		const action = form.editing.current ? undefined : actionFor(['form'], event, api.readonly);
		if (form.handle(event, action)) {
			return true;
		}

		if (action === 'save' && !busy) {
			publish();
		} else if (action === 'cancel') {
			onClose();
		}

		return true;
	};

	const element = (
		<Box flexDirection='column'>
			<Text bold>Publish a layer version</Text>
			<FormFields fields={fields} values={form.values.current} selected={form.selected.current} editing={Boolean(form.editing.current)} replacing={Boolean(form.editing.current?.selected)}/>
			{problems.map(problem => <Text key={problem} color='red' wrap='wrap'>✗ {problem}</Text>)}
			{problems.length === 0 ? <Text color='green'>{busy ? 'Publishing…' : 'Ready: press s to publish.'}</Text> : null}
			{candidates.length > 0 ? <Text dimColor wrap='truncate'>{candidates.join('  ')}</Text> : null}
			<Text dimColor wrap='wrap'>{form.editing.current ? `Typing: enter to keep, esc to undo${fields[form.selected.current]!.id === 'folder' ? ', tab to complete the path' : ''}.` : 'Content: a folder or a .zip file. Runtimes: comma-separated, may be empty. j/k move, enter types, s publishes, esc cancels.'}</Text>
		</Box>
	);
	const open = (initial: Record<string, string>) => {
		form.setValues({...blank, ...initial});
		form.setEditing(undefined);
		setCandidates([]);
	};

	return {open, handle, element, editing: Boolean(form.editing.current)};
};
