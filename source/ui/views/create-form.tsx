import fs from 'node:fs';
import {Box, Text} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';
import {defaultRoleArn} from '../../core/arn.js';
import {limits} from '../../core/limits.js';
import {FormFields, useFieldForm, type FieldSpec} from '../components/form.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {configurationProblems} from '../lib/configuration-problems.js';
import {packageCode} from '../lib/package-code.js';
import {useRetractWhenValid} from '../lib/use-retract-when-valid.js';
import {completePath} from '../lib/path-complete.js';
import {defaultHandler, useRuntimes} from '../lib/use-runtimes.js';

const fields: FieldSpec[] = [
	{id: 'name', label: 'Name'},
	{id: 'runtime', label: 'Runtime'},
	{id: 'handler', label: 'Handler'},
	{id: 'code', label: 'Code', note: 'a folder, or a .zip file'},
	{id: 'memory', label: 'Memory (MB)'},
	{id: 'timeout', label: 'Timeout (s)'},
];

const namePattern = /^[a-zA-Z0-9-_]+$/;

/**
What is wrong with a create form's values, in Lambda's words where Lambda has them.
*/
export const createProblems = (values: Record<string, string>, existing: readonly string[] = []): string[] => {
	const problems: string[] = [];
	const name = values.name ?? '';
	if (name.length === 0) {
		problems.push('Name: a function needs a name.');
	} else if (existing.includes(name)) {
		problems.push(`Function already exist: ${name}`);
	} else if (name.length > limits.functionNameLength) {
		problems.push(`Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to ${limits.functionNameLength}`);
	} else if (!namePattern.test(name)) {
		problems.push(`Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+`);
	}

	problems.push(...configurationProblems({memory: values.memory ?? '', timeout: values.timeout ?? '', handler: values.handler ?? '', runtime: values.runtime ?? '', description: ''}));
	const code = values.code ?? '';
	if (!code) {
		problems.push('Code: give a folder or a .zip file.');
	} else if (!fs.existsSync(code)) {
		problems.push(`Code: ${code} does not exist.`);
	}

	return problems;
};

/**
The create form: name, runtime picker, handler, code from a folder or a zip, memory and timeout, validated as you type.
*/
export const CreateForm = () => {
	const api = useConsole();
	const runtimes = useRuntimes(api.client);
	const formFields = fields.map(field => field.id === 'runtime' ? {...field, choices: runtimes} : field);
	const form = useFieldForm(formFields, {name: '', runtime: 'nodejs20.x', handler: 'index.handler', code: '', memory: String(limits.memoryDefault), timeout: String(limits.timeoutDefault)});
	const existing = api.functions.map(fn => fn.FunctionName);
	const problems = createProblems(form.values.current, existing);
	const [candidates, setCandidates] = useState<string[]>([]);
	// The handler follows the runtime while it is still the previous runtime's default.
	const runtime = form.values.current.runtime ?? '';
	const previousRuntime = useRef(runtime);
	useLayoutEffect(() => {
		const before = previousRuntime.current;
		previousRuntime.current = runtime;
		if (before !== runtime && form.values.current.handler === defaultHandler(before)) {
			form.setValues(previous => ({...previous, handler: defaultHandler(runtime)}));
		}
	}, [runtime]);
	useRetractWhenValid(api, 'Cannot create: ', problems.length === 0);

	useKeys('view', form.editing.current ? [] : ['create'], event => {
		const action = actionFor(['create'], event, api.readonly);
		if (api.readonly) {
			return false;
		}

		const field = formFields[form.selected.current]!;
		if (form.editing.current && field.id === 'code' && event.name === 'tab') {
			const completed = completePath(form.values.current.code ?? '');
			form.setValues(previous => ({...previous, code: completed.text}));
			setCandidates(completed.candidates);
			return true;
		}

		setCandidates([]);
		if (form.handle(event, action)) {
			return true;
		}

		if (action !== 'save') {
			return false;
		}

		const values = form.values.current;
		const found = createProblems(values, existing);
		if (found.length > 0) {
			api.notify(`Cannot create: ${found.join('; ')}`, 'error');
			return true;
		}

		void api.runOp(`Create ${values.name!}`, async () => {
			const {zipFile, sourceDir} = packageCode(values.code!);
			return api.client.createFunction({
				FunctionName: values.name!, Role: defaultRoleArn, Runtime: values.runtime, Handler: values.handler, Code: {ZipFile: zipFile},
				MemorySize: Number(values.memory), Timeout: Number(values.timeout),
			}, {SourceDir: sourceDir});
		}).then(created => {
			if (created) {
				api.replaceRoute({view: 'detail', functionName: created.FunctionName, tab: 'overview'});
			}
		});
		return true;
	});

	return (
		<Box flexDirection='column'>
			<Text bold>Create a function</Text>
			<FormFields fields={formFields} values={form.values.current} selected={form.selected.current} editing={Boolean(form.editing.current)} replacing={Boolean(form.editing.current?.selected)}/>
			<Box flexDirection='column' marginTop={1}>
				{problems.map(problem => <Text key={problem} color='red' wrap='wrap'>✗ {problem}</Text>)}
				{problems.length === 0 ? <Text color='green'>Ready: press s to create.</Text> : null}
				{candidates.length > 0 ? <Text dimColor wrap='truncate'>{candidates.join('  ')}</Text> : null}
				<Text dimColor wrap='wrap'>{form.editing.current ? `Typing: enter to keep, esc to undo, ctrl-u to clear${formFields[form.selected.current]!.id === 'code' ? ', tab to complete the path' : ''}.` : 'j/k to move, enter to type into a field, ←/→ for the runtime, s to create, esc to cancel.'}</Text>
			</Box>
		</Box>
	);
};
