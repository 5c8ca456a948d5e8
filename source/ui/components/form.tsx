import {Box, Text} from 'ink';
import {useSyncState} from '../lib/sync-state.js';
import type {KeyEvent} from '../lib/key-events.js';
import {editLine} from '../lib/text-edit.js';

/**
One field of a form. Fields with choices cycle through them with ←/→ as well as taking typed text.
*/
export type FieldSpec = {id: string; label: string; choices?: readonly string[]; note?: string};

/**
A form's editing state: the values, the selected field, and whether that field is being typed into. Readable at once through refs, so coalesced keys edit correctly.
*/
export const useFieldForm = (fields: FieldSpec[], initial: Record<string, string>) => {
	const [values, setValues] = useSyncState(initial);
	const [selected, setSelected] = useSyncState(0);
	// While `selected`, the value is highlighted and the first character typed replaces it (as in a browser's field); any other key keeps it for editing.
	const [editing, setEditing] = useSyncState<{before: string; selected?: boolean} | undefined>(undefined);

	/**
	Handle a key as the form would, given the action the key map found for it. Returns true when the form used the key.
	*/
	const handle = (event: KeyEvent, action: string | undefined): boolean => {
		const field = fields[selected.current]!;
		if (editing.current) {
			if (event.name === 'return') {
				setEditing(undefined);
			} else if (event.name === 'escape') {
				const {before} = editing.current;
				setValues(previous => ({...previous, [field.id]: before}));
				setEditing(undefined);
			} else {
				const replacing = editing.current.selected && event.char !== undefined;
				if (editing.current.selected) {
					setEditing({before: editing.current.before});
				}

				const next = editLine(replacing ? '' : values.current[field.id] ?? '', event);
				if (next !== undefined) {
					setValues(previous => ({...previous, [field.id]: next}));
				}
			}

			return true;
		}

		switch (action) {
			case 'down': { setSelected(previous => Math.min(fields.length - 1, previous + 1)); return true; }
			case 'up': { setSelected(previous => Math.max(0, previous - 1)); return true; }
			case 'edit-field': { setEditing({before: values.current[field.id] ?? '', selected: Boolean(values.current[field.id])}); return true; }
			case 'cycle': {
				if (!field.choices) {
					return false;
				}

				const at = field.choices.indexOf(values.current[field.id] ?? '');
				const next = field.choices[(at + (event.name === 'left' ? field.choices.length - 1 : 1)) % field.choices.length]!;
				setValues(previous => ({...previous, [field.id]: next}));
				return true;
			}

			default: { return false; }
		}
	};

	return {values, setValues, selected, editing, setEditing, handle};
};

/**
Draw a form's fields: the selected one highlighted, the one being edited with a cursor, changed ones marked.
*/
export const FormFields = ({fields, values, original, selected, editing, replacing = false}: {
	fields: FieldSpec[];
	values: Record<string, string>;
	original?: Record<string, string>;
	selected: number;
	editing: boolean;
	/** The edited value is highlighted: typing replaces it. */
	replacing?: boolean;
}) => (
	<Box flexDirection='column'>
		{fields.map((field, index) => {
			const value = values[field.id] ?? '';
			const changed = original !== undefined && original[field.id] !== value;
			const active = index === selected;
			return (
				<Box key={field.id}>
					<Box width={14}><Text color={active ? 'cyan' : undefined}>{active ? '›' : ' '} {field.label}</Text></Box>
					<Text inverse={active && (!editing || replacing)}>{value || ' '}</Text>
					{active && editing && !replacing ? <Text inverse> </Text> : null}
					{changed ? <Text color='yellow'> (was {original[field.id] || '""'})</Text> : null}
					{active && field.choices && !editing ? <Text dimColor>  ←/→ to choose</Text> : null}
					{field.note ? <Text dimColor>  {field.note}</Text> : null}
				</Box>
			);
		})}
	</Box>
);
