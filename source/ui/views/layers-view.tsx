import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor, type KeyScope} from '../key-map.js';
import {fit, formatBytes} from '../lib/format.js';
import {attachLayer, detachLayer, layerChanges, listLayerVersionRows, moveLayer, shortLayer, type LayerVersionRow} from '../lib/layers.js';
import {listMove, windowStart} from '../lib/list-move.js';
import {useSyncState} from '../lib/sync-state.js';
import {useUnsavedGuard} from '../lib/use-unsaved-guard.js';
import {usePolling} from '../lib/use-polling.js';
import {usePublishForm} from './layer-publish-form.js';

/**
The layer list's columns for a width: name and version, runtimes, architectures, size and when it was created (the date only below 80 columns).
*/
export const layerColumns = (width: number) => {
	const created = width < 80 ? 10 : 16;
	const name = Math.max(10, Math.floor(width * 0.25));
	const fixed = name + 7 + 8 + created + 4;
	return [
		{width: name, title: 'LAYER:VERSION', value: (row: LayerVersionRow) => `${row.name}:${row.version}`},
		{width: Math.max(6, width - fixed), title: 'RUNTIMES', value: (row: LayerVersionRow) => row.runtimes.join(',') || '-'},
		{width: 7, title: 'ARCH', value: (row: LayerVersionRow) => row.architectures.join(',') || '-'},
		{width: 8, title: 'SIZE', value: (row: LayerVersionRow) => row.size === undefined ? '-' : formatBytes(row.size)},
		{width: created, title: 'CREATED', value: (row: LayerVersionRow) => row.created.slice(0, created).replace('T', ' ')},
	];
};

/**
The Layers view (`:layers [FUNCTION]`): every layer version with its runtimes, architectures, size and creation; `n` publishes a version from a folder, `x` deletes one after asking. With a function, its layers in order below: `a` attaches the selected version, Tab moves between the lists, `J`/`K` reorder, `x` detaches, and `s` saves them with one UpdateFunctionConfiguration (the endpoint's errors shown as it says them).
*/
export const LayersView = ({functionName}: {functionName?: string}) => {
	const api = useConsole();
	const {client, readonly, bodyHeight, columns, filter} = api;
	const call = client.callOperation?.bind(client);
	const polled = usePolling(call ? async () => listLayerVersionRows(call) : undefined, 0, [client]);
	const [saved, setSaved] = useState<string[] | undefined>();
	const [draft, setDraft] = useSyncState<string[] | undefined>(undefined);
	const [focus, setFocus] = useSyncState<'layers' | 'function'>('layers');
	const [selected, setSelected] = useSyncState(0);
	const [attachedAt, setAttachedAt] = useSyncState(0);
	const [publishing, setPublishing] = useSyncState(false);
	const [tick, setTick] = useState(0);
	const needle = filter.toLowerCase();
	const rows = (polled.value ?? []).filter(row => `${row.name}:${row.version} ${row.runtimes.join(' ')}`.toLowerCase().includes(needle));
	const configuration = api.functions.find(fn => fn.FunctionName === functionName);
	useEffect(() => {
		if (!functionName) {
			return;
		}

		let current = true;
		void client.getFunctionConfiguration({FunctionName: functionName}).then(got => {
			if (current) {
				setSaved((got.Layers ?? []).map(layer => layer.Arn!));
			}
		}, () => undefined);
		return () => {
			current = false;
		};
	}, [client, functionName, configuration?.RevisionId, tick]);
	const attached = draft.current ?? saved ?? [];
	const changes = layerChanges(saved ?? [], attached);
	useUnsavedGuard(api, () => functionName && draft.current && layerChanges(saved ?? [], draft.current).length > 0 ? `Unsaved layers of ${functionName}: ${draft.current.map(arn => shortLayer(arn)).join(', ') || 'none'}` : undefined);

	const form = usePublishForm(arn => {
		setPublishing(false);
		if (arn) {
			polled.refresh();
		}
	});

	const save = () => {
		if (!functionName || !draft.current || changes.length === 0) {
			api.notify('Nothing to save: the layers are unchanged.');
			return;
		}

		const layers = draft.current;
		api.confirm({title: `Save the layers of ${functionName}?`, lines: changes, confirmLabel: 'Save', onConfirm() {
			void api.runOp(`Update the layers of ${functionName}`, async () => client.updateFunctionConfiguration({FunctionName: functionName, Layers: layers})).then(updated => {
				if (updated) {
					setDraft(undefined);
					setTick(value => value + 1);
				}
			});
		}});
	};

	const listRows = Math.max(1, bodyHeight - 3 - (functionName ? Math.min(7, attached.length + 3) : 0));
	const scopes: KeyScope[] = publishing.current ? (form.editing ? [] : ['form']) : focus.current === 'function' ? ['function-layers', 'list'] : functionName ? ['layers', 'layers-attach', 'list'] : ['layers', 'list'];
	useKeys('view', scopes, event => {
		if (publishing.current) {
			return form.handle(event);
		}

		const action = actionFor(scopes, event, readonly);
		if (action === 'focus' && functionName) {
			setFocus(focus.current === 'layers' ? 'function' : 'layers');
			return true;
		}

		if (action === 'save') {
			save();
			return true;
		}

		if (focus.current === 'function') {
			const moved = listMove(action, attachedAt.current, attached.length, 5);
			if (moved !== undefined) {
				setAttachedAt(moved);
				return true;
			}

			switch (action) {
				case 'move-down': case 'move-up': {
					const next = moveLayer(attached, attachedAt.current, action === 'move-down' ? 1 : -1);
					setDraft(next.arns);
					setAttachedAt(next.index);
					return true;
				}

				case 'detach': { setDraft(detachLayer(attached, attachedAt.current)); setAttachedAt(Math.max(0, Math.min(attachedAt.current, attached.length - 2))); return true; }
				case 'undo': { setDraft(undefined); return true; }
				default: { return false; }
			}
		}

		const moved = listMove(action, selected.current, rows.length, listRows);
		if (moved !== undefined) {
			setSelected(moved);
			return true;
		}

		const row = rows[Math.min(selected.current, rows.length - 1)];
		switch (action) {
			case 'publish-layer': {
				if (!call) {
					api.notify('This endpoint\'s client cannot publish layers.', 'error');
				} else {
					form.open({name: row?.name ?? '', runtimes: row?.runtimes.join(',') ?? configuration?.Runtime ?? ''});
					setPublishing(true);
				}

				return true;
			}

			case 'delete-layer': {
				if (row) {
					api.confirm({title: `Delete ${row.name}:${row.version}?`, lines: ['Functions that use it keep their copy; no new function can add it.'], confirmLabel: 'Delete', onConfirm() {
						void api.runOp(`Delete layer version ${row.name}:${row.version}`, async () => call!('DeleteLayerVersion', {LayerName: row.name, VersionNumber: row.version})).then(() => polled.refresh());
					}});
				}

				return true;
			}

			case 'attach': {
				if (row && functionName) {
					setDraft(attachLayer(attached, row.arn));
					api.notify(`${row.name}:${row.version} attached to ${functionName} (unsaved): press tab to order them, s to save.`);
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (publishing.current) {
		return form.element;
	}

	if (!call) {
		return <Text dimColor>This endpoint's client cannot list layers.</Text>;
	}

	const width = columns - 2;
	const layout = layerColumns(width - 2);
	const start = windowStart(selected.current, rows.length, listRows);
	const title = (text: string, focused: boolean) => <Text bold inverse={focused && Boolean(functionName)}>{text}</Text>;
	return (
		<Box flexDirection='column'>
			{title(`Layers (${rows.length} versions)`, focus.current === 'layers')}
			{polled.problem ? <Text color='red' wrap='wrap'>{polled.problem}</Text> : null}
			{polled.value === undefined && !polled.problem ? <Text dimColor>Loading…</Text> : null}
			{polled.value && rows.length === 0 ? <Text dimColor wrap='truncate'>{readonly ? 'No layers.' : 'No layers yet: press n to publish one from a folder.'}</Text> : null}
			{rows.length > 0 ? <Text dimColor wrap='truncate'>{'  '}{layout.map(column => fit(column.title, column.width)).join(' ')}</Text> : null}
			{rows.slice(start, start + listRows).map((row, index) => {
				const current = start + index === selected.current && focus.current === 'layers';
				return <Text key={row.arn} wrap='truncate' inverse={current}>{current ? '› ' : '  '}{layout.map(column => fit(column.value(row), column.width)).join(' ')}</Text>;
			})}
			{functionName ? (
				<Box flexDirection='column' marginTop={1}>
					{title(`Layers of ${functionName} (in order: a later one wins)`, focus.current === 'function')}
					{attached.length === 0 ? <Text dimColor wrap='truncate'>None: select a version above and press a.</Text> : null}
					{attached.map((arn, index) => (
						<Text key={arn} wrap='truncate' inverse={focus.current === 'function' && index === attachedAt.current}>{`${index + 1}. ${shortLayer(arn)}`}</Text>
					))}
					{changes.length > 0 ? <Text color='yellow' wrap='truncate'>Unsaved: s saves, u undoes.</Text> : null}
				</Box>
			) : null}
		</Box>
	);
};
