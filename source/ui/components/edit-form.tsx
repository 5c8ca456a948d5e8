import {Box, Text} from 'ink';
import type {MutableRefObject} from 'react';
import {actionFor} from '../key-map.js';
import type {KeyEvent} from '../lib/key-events.js';
import {FormFields, useFieldForm, type FieldSpec} from './form.js';

/**
A small form over a tab: its fields, what the API would refuse in the values (checked as they are typed, in the API's words), and what saving does (resolves to whether it worked, which closes the form).
*/
export type FormSpec = {
	title: string;
	fields: FieldSpec[];
	initial: Record<string, string>;
	check: (values: Record<string, string>) => string[];
	submit: (values: Record<string, string>) => Promise<boolean>;
};

/**
A form drawn in a tab, which takes the tab's keys through `handleRef` while open: Enter edits a field, ←/→ choose, `s` saves when nothing is wrong, Esc closes it (or leaves the field being typed).
*/
export const EditForm = ({spec, readonly, handleRef, onClose, notify, width}: {
	spec: FormSpec;
	readonly: boolean;
	handleRef: MutableRefObject<((event: KeyEvent) => void) | undefined>;
	onClose: () => void;
	notify: (message: string, level?: 'info' | 'error') => void;
	width: number;
}) => {
	const form = useFieldForm(spec.fields, spec.initial);
	const problems = spec.check(form.values.current);
	handleRef.current = event => {
		const action = actionFor(['form'], event, readonly);
		if (form.editing.current) {
			form.handle(event, action);
		} else if (action === 'cancel') {
			onClose();
		} else if (action === 'save') {
			const now = spec.check(form.values.current);
			if (now.length > 0) {
				notify(now[0]!, 'error');
			} else {
				void spec.submit(form.values.current).then(done => {
					if (done) {
						onClose();
					}
				});
			}
		} else {
			form.handle(event, action);
		}
	};

	return (
		<Box flexDirection='column' width={width}>
			<Text bold wrap='truncate'>{spec.title}</Text>
			<FormFields fields={spec.fields} values={form.values.current} selected={form.selected.current} editing={Boolean(form.editing.current)} replacing={form.editing.current?.selected}/>
			{problems.slice(0, 2).map(problem => <Text key={problem} color='red' wrap='truncate'>{problem}</Text>)}
			<Text dimColor wrap='truncate'>{form.editing.current ? 'enter: done  esc: undo' : `enter: edit  ←/→: choose  s: save${problems.length > 0 ? ' (fix the above first)' : ''}  esc: cancel`}</Text>
		</Box>
	);
};
