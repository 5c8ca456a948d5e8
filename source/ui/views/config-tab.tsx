import {Box, Text} from 'ink';
import {useLayoutEffect, useRef} from 'react';
import type {FunctionConfiguration, UpdateFunctionConfigurationRequest} from '../../core/types.js';
import {FormFields, useFieldForm, type FieldSpec} from '../components/form.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {useLatestConfiguration} from '../lib/latest-configuration.js';
import {useUnsavedGuard} from '../lib/use-unsaved-guard.js';
import {useRetractWhenValid} from '../lib/use-retract-when-valid.js';
import {useRuntimes} from '../lib/use-runtimes.js';
import {configurationProblems, type ConfigurationDraft} from '../lib/configuration-problems.js';
import {loggingDraftOf, loggingFields, loggingProblems, loggingRequest} from '../lib/logging-draft.js';
import {useConcurrencySection} from './concurrency-section.js';

const fields: FieldSpec[] = [
	{id: 'memory', label: 'Memory (MB)', note: '128-10240'},
	{id: 'timeout', label: 'Timeout (s)', note: '1-900'},
	{id: 'handler', label: 'Handler'},
	{id: 'runtime', label: 'Runtime'},
	{id: 'description', label: 'Description'},
	...loggingFields,
];

const draftOf = (configuration: FunctionConfiguration): Record<string, string> => ({
	memory: String(configuration.MemorySize), timeout: String(configuration.Timeout), handler: configuration.Handler,
	runtime: configuration.Runtime, description: configuration.Description, ...loggingDraftOf(configuration.LoggingConfig),
});

/**
The lines that say what a save would change, `field: old → new`.
*/
export const describeChanges = (original: Record<string, string>, values: Record<string, string>, labels: Record<string, string>) =>
	Object.keys(values).filter(key => original[key] !== values[key]).map(key => `${labels[key] ?? key}: ${original[key] || '""'} → ${values[key] || '""'}`);

/**
The Configuration tab: memory, timeout, handler, runtime, description and logging, validated as you type in Lambda's words, with the changes shown before one UpdateFunctionConfiguration.
*/
export const ConfigTab = ({configuration: listed}: {configuration: FunctionConfiguration}) => {
	const [configuration, setSaved] = useLatestConfiguration(listed);
	const api = useConsole();
	const original = draftOf(configuration);
	const runtimes = useRuntimes(api.client);
	const formFields = fields.map(field => field.id === 'runtime' ? {...field, choices: runtimes} : field);
	const form = useFieldForm(formFields, original);
	const labels = Object.fromEntries(fields.map(field => [field.id, field.label]));
	const changes = describeChanges(original, form.values.current, labels);
	const name = configuration.FunctionName;
	const problemsOf = (values: Record<string, string>) => [...configurationProblems(values as ConfigurationDraft), ...loggingProblems(name, original, values)];
	const problems = problemsOf(form.values.current);
	useRetractWhenValid(api, 'Cannot save: ', problems.length === 0);

	useUnsavedGuard(api, () => {
		const unsaved = describeChanges(original, form.values.current, labels);
		return unsaved.length > 0 ? `Unsaved configuration of ${name}: ${unsaved.join(', ')}` : undefined;
	});
	const base = useRef(original);
	useLayoutEffect(() => {
		// When the function changes underneath (a save, the CLI, a state change), fields the user has not touched follow it; edited ones stay.
		const previous = base.current;
		base.current = original;
		form.setValues(values => Object.fromEntries(Object.entries(original).map(([key, value]) => [key, values[key] === previous[key] ? value : values[key]!])));
	}, [configuration.RevisionId]);

	useLayoutEffect(() => {
		// Lambda keeps no levels with the Text format: switching to it empties them rather than leaving an error to clear.
		if (form.values.current.logFormat === 'Text') {
			form.setValues(values => ({...values, appLevel: '', systemLevel: ''}));
		}
	}, [form.values.current.logFormat]);

	const save = () => {
		const values = form.values.current as ConfigurationDraft;
		const currentChanges = describeChanges(original, values, labels);
		const currentProblems = problemsOf(values);
		if (currentChanges.length === 0) {
			api.notify('Nothing to save: the configuration is unchanged.');
			return;
		}

		if (currentProblems.length > 0) {
			api.notify(`Cannot save: ${currentProblems.join('; ')}`, 'error');
			return;
		}

		const request: UpdateFunctionConfigurationRequest = {FunctionName: name, RevisionId: configuration.RevisionId};
		if (values.memory !== original.memory) request.MemorySize = Number(values.memory);
		if (values.timeout !== original.timeout) request.Timeout = Number(values.timeout);
		if (values.handler !== original.handler) request.Handler = values.handler;
		if (values.runtime !== original.runtime) request.Runtime = values.runtime;
		if (values.description !== original.description) request.Description = values.description;
		request.LoggingConfig = loggingRequest(original, values);
		api.confirm({
			title: `Save the configuration of ${name}?`, lines: currentChanges, confirmLabel: 'Save',
			onConfirm() {
				void api.runOp(`Update configuration of ${name}`, async () => api.client.updateFunctionConfiguration(request)).then(saved => {
					if (saved) setSaved(saved);
				});
			},
		});
	};

	const concurrency = useConcurrencySection(name);
	useKeys('tab', form.editing.current || concurrency.prompting ? [] : ['config', 'concurrency'], event => {
		if (!form.editing.current && concurrency.handle(event)) {
			return true;
		}

		const action = actionFor(['config'], event, api.readonly);
		if (!api.readonly && form.handle(event, action)) {
			return true;
		}

		if (api.readonly && (action === 'down' || action === 'up')) {
			return form.handle(event, action);
		}

		switch (action) {
			case 'save': { save(); return true; }
			case 'undo': { form.setValues(original); return true; }
			default: { return false; }
		}
	});

	return (
		<Box flexDirection='column'>
			<FormFields fields={formFields} values={form.values.current} original={original} selected={form.selected.current} editing={Boolean(form.editing.current)} replacing={Boolean(form.editing.current?.selected)}/>
			<Box flexDirection='column' marginTop={1}>
				{problems.map(problem => <Text key={problem} color='red' wrap='wrap'>✗ {problem}</Text>)}
				{problems.length === 0 && changes.length > 0 ? <Text color='yellow'>{changes.length} unsaved change{changes.length === 1 ? '' : 's'}: press s to review and save, u to undo.</Text> : null}
				{form.editing.current ? <Text dimColor>Typing into {formFields[form.selected.current]!.label}: enter to keep, esc to undo, ctrl-u to clear.</Text> : null}
				{api.readonly ? <Text dimColor>Read-only: editing is off.</Text> : null}
			</Box>
			{concurrency.element}
		</Box>
	);
};
