import {Box, Text} from 'ink';
import {useRef} from 'react';
import {bucketTriggersOf, type BucketTrigger} from '../../core/s3-events.js';
import type {FunctionConfiguration} from '../../core/types.js';
import {EditForm, type FormSpec} from '../components/edit-form.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {fit} from '../lib/format.js';
import type {KeyEvent} from '../lib/key-events.js';
import {listMove} from '../lib/list-move.js';
import {arnName, listQueueSummaries} from '../lib/queues.js';
import {useSyncState} from '../lib/sync-state.js';
import {isEnabled, mappingRequest, permissionRequest, policyStatements, principals, type MappingSummary, type StatementSummary} from '../lib/triggers.js';
import {usePolling, type Polled} from '../lib/use-polling.js';

type Line = {key: string; text: string; bold?: boolean; dim?: boolean; red?: boolean; item?: number};

type Item = {kind: 'mapping'; mapping: MappingSummary} | {kind: 'statement'; statement: StatementSummary};

const noPolicy = (error: unknown) => describeError(error).startsWith('ResourceNotFoundException');

/**
The Triggers tab: what invokes the function. Its event source mappings (queue, state, batch size, window, whether failures are reported per item, and how the latest batch ended where the endpoint says), its resource policy's statements (who may invoke it, from which source), and its bucket notifications where the endpoint serves them. `a` adds a queue trigger, `e` enables or disables the selected one, `p` adds a permission, `x` deletes the selected mapping or statement after asking.
*/
export const TriggersTab = ({configuration, height}: {configuration: FunctionConfiguration; height: number}) => {
	const api = useConsole();
	const {client, readonly, columns} = api;
	const functionName = configuration.FunctionName;
	const call = client.callOperation?.bind(client);
	const mappings = usePolling(call ? async () => ((await call('ListEventSourceMappings', {FunctionName: functionName}))?.EventSourceMappings ?? []) as MappingSummary[] : undefined, 1000, [client, functionName]);
	const policy = usePolling(call ? async () => {
		try {
			return policyStatements((await call('GetPolicy', {FunctionName: functionName}))?.Policy as string | undefined);
		} catch (error) {
			if (noPolicy(error)) {
				return [];
			}

			throw error;
		}
	} : undefined, 3000, [client, functionName, configuration.RevisionId]);
	const buckets = usePolling(client.listBucketNotifications ? async () => bucketTriggersOf(await client.listBucketNotifications!(), functionName) : undefined, 3000, [client, functionName]);
	const activity = usePolling(client.eventActivity ? async () => client.eventActivity!(functionName) : undefined, 1000, [client, functionName]);
	const [selected, setSelected] = useSyncState(0);
	const [form, setForm] = useSyncState<FormSpec | undefined>(undefined);
	const formKeys = useRef<((event: KeyEvent) => void) | undefined>(undefined);
	const items: Item[] = [
		...(mappings.value ?? []).map((mapping): Item => ({kind: 'mapping', mapping})),
		...(policy.value ?? []).map((statement): Item => ({kind: 'statement', statement})),
	];

	const run = async (label: string, operation: string, input: Record<string, unknown>) => {
		const answer = await api.runOp(label, async () => (await call!(operation, input)) ?? {});
		mappings.refresh();
		policy.refresh();
		return answer !== undefined;
	};

	const openMappingForm = async () => {
		if (!client.callQueues) {
			api.notify('This client has no SQS calls to list queues with.', 'error');
			return;
		}

		const queues = await api.runOp('List queues', async () => listQueueSummaries(client));
		if (!queues) {
			return;
		}

		const names = queues.map(queue => queue.name);
		const byName = new Map(queues.map(queue => [queue.name, queue]));
		const formOf = (values: Record<string, string>) => ({queueArn: byName.get(values.queue ?? '')?.arn ?? '', batchSize: values.batch ?? '', window: values.window ?? '', reportFailures: values.failures ?? 'no', enabled: values.enabled ?? 'yes'});
		const request = (values: Record<string, string>) => mappingRequest(functionName, formOf(values), byName.get(values.queue ?? '')?.fifo ?? false);
		setForm({
			title: `New queue trigger for ${functionName}`,
			fields: [
				{id: 'queue', label: 'Queue', choices: names, note: names.length === 0 ? 'no queues yet' : undefined},
				{id: 'batch', label: 'Batch size', note: '1-10,000 (FIFO 1-10)'},
				{id: 'window', label: 'Window (s)', note: '0-300, ≥1 when batch > 10'},
				{id: 'failures', label: 'Item fails', choices: ['no', 'yes'], note: 'ReportBatchItemFailures'},
				{id: 'enabled', label: 'Enabled', choices: ['yes', 'no']},
			],
			initial: {queue: names[0] ?? '', batch: '10', window: '0', failures: 'no', enabled: 'yes'},
			check: values => request(values).problems,
			submit: async values => run(`Add trigger ${values.queue} → ${functionName}`, 'CreateEventSourceMapping', request(values).input),
		});
	};

	const openPermissionForm = () => {
		setForm({
			title: `Add a statement to ${functionName}'s resource policy`,
			fields: [
				{id: 'sid', label: 'Statement id'},
				{id: 'principal', label: 'Principal', choices: principals},
				{id: 'sourceArn', label: 'Source ARN', note: 'optional, such as arn:aws:s3:::BUCKET'},
				{id: 'action', label: 'Action'},
			],
			initial: {sid: `console-${(policy.value?.length ?? 0) + 1}`, principal: 's3.amazonaws.com', sourceArn: '', action: 'lambda:InvokeFunction'},
			check: values => permissionRequest(functionName, values as never).problems,
			submit: async values => run(`Add permission ${values.sid} to ${functionName}`, 'AddPermission', permissionRequest(functionName, values as never).input),
		});
	};

	const remove = (item: Item) => {
		const [title, label, operation, input] = item.kind === 'mapping'
			? [`Delete the trigger from ${arnName(item.mapping.EventSourceArn ?? '')}?`, `Delete trigger ${item.mapping.UUID.slice(0, 8)}`, 'DeleteEventSourceMapping', {UUID: item.mapping.UUID}]
			: [`Remove statement ${item.statement.sid} from ${functionName}'s policy?`, `Remove permission ${item.statement.sid}`, 'RemovePermission', {FunctionName: functionName, StatementId: item.statement.sid}];
		api.confirm({
			title,
			lines: [item.kind === 'mapping' ? 'Messages stay in the queue; nothing polls it for this function any more.' : `${item.statement.principal} can no longer invoke ${functionName}${item.statement.sourceArn ? ` for ${item.statement.sourceArn}` : ''}.`, 'y: delete  n: keep'],
			confirmLabel: 'Delete',
			onConfirm() {
				void run(label, operation, input);
			},
		});
	};

	useKeys('tab', form.current ? ['form'] : ['triggers'], event => {
		if (form.current) {
			formKeys.current?.(event);
			return true;
		}

		const action = actionFor(['triggers'], event, readonly);
		const moved = listMove(action, selected.current, items.length, 5);
		if (moved !== undefined) {
			setSelected(moved);
			return true;
		}

		const item = items[Math.min(selected.current, items.length - 1)];
		switch (action) {
			case 'add-mapping': { void openMappingForm(); return true; }
			case 'add-permission': { openPermissionForm(); return true; }
			case 'refresh': { mappings.refresh(); policy.refresh(); return true; }
			case 'toggle': {
				if (item?.kind === 'mapping') {
					const enable = !isEnabled(item.mapping);
					void run(`${enable ? 'Enable' : 'Disable'} trigger ${arnName(item.mapping.EventSourceArn ?? '')}`, 'UpdateEventSourceMapping', {UUID: item.mapping.UUID, Enabled: enable});
				} else {
					api.notify('Select a queue trigger to enable or disable it.', 'error');
				}

				return true;
			}

			case 'remove': {
				if (item) {
					remove(item);
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (!call) {
		return <Text dimColor wrap='wrap'>Triggers: unavailable, this client cannot call the Lambda API's other operations.</Text>;
	}

	if (form.current) {
		return <EditForm spec={form.current} readonly={readonly} handleRef={formKeys} notify={api.notify} width={columns - 1} onClose={() => { formKeys.current = undefined; setForm(undefined); }}/>;
	}

	return <TriggerLists items={items} selected={Math.min(selected.current, Math.max(0, items.length - 1))} height={height} width={columns - 1} results={activity.value?.mappingResults} problems={{mappings: mappings.problem, policy: policy.problem}} loaded={mappings.value !== undefined}
		bucketLines={bucketLines(client.listBucketNotifications ? buckets : undefined, policy.value ?? [], columns - 1)}/>;
};

/**
The bucket notifications that invoke the function, as lines: bucket, events, key filter, and whether the resource policy lets S3 invoke it for that bucket (without it, deliveries are refused).
*/
const bucketLines = (polled: Polled<BucketTrigger[]> | undefined, statements: StatementSummary[], width: number): Line[] => {
	const title: Line = {key: 'buckets', text: `Bucket notifications: ${polled?.value ? polled.value.length : '-'}`, bold: true};
	if (!polled) {
		return [title, {key: 'buckets-none', text: 'Unavailable: this client cannot list buckets.', dim: true}];
	}

	if (polled.problem) {
		return [title, {key: 'buckets-problem', text: polled.problem.replace(/^UnsupportedFeatureException: /, 'Unavailable: '), dim: true}];
	}

	if (polled.value?.length === 0) {
		return [title, {key: 'buckets-none', text: 'None. lambdeck put-bucket-notification-configuration adds one.', dim: true}];
	}

	const narrow = width < 80;
	return [title, ...(polled.value ?? []).map((trigger, index): Line => {
		const allowed = statements.some(statement => statement.principal.includes('s3.amazonaws.com') && (!statement.sourceArn || statement.sourceArn === `arn:aws:s3:::${trigger.Bucket}`));
		const rules = trigger.Filter?.Key?.FilterRules ?? [];
		const filter = rules.map(rule => `${(rule.Name ?? '').toLowerCase()}=${rule.Value ?? ''}`).join(' ');
		return {
			key: `bucket:${trigger.Bucket}:${trigger.Id ?? index}`, red: !allowed,
			text: `${fit(trigger.Bucket, narrow ? 14 : 24)} ${fit(trigger.Events.join(','), narrow ? 20 : 30)} ${narrow ? '' : `${fit(filter || 'all keys', 20)} `}${allowed ? '' : 'no s3 permission (p adds)'}`,
		};
	})];
};

/**
The tab's lists: mappings, then policy statements, then bucket notifications, cut to the height with the selection kept in view.
*/
const TriggerLists = ({items, selected, height, width, results, problems, loaded, bucketLines: buckets}: {
	items: Item[];
	selected: number;
	height: number;
	width: number;
	results?: Record<string, string>;
	problems: {mappings?: string; policy?: string};
	loaded: boolean;
	bucketLines: Line[];
}) => {
	const narrow = width < 80;
	const source = narrow ? 14 : 24;
	const lines: Line[] = [];
	const mappingCount = items.filter(item => item.kind === 'mapping').length;
	lines.push({key: 'mappings', text: `Queue triggers (event source mappings): ${loaded ? mappingCount : '…'}`, bold: true});
	if (problems.mappings) {
		lines.push({key: 'mappings-problem', text: problems.mappings, red: true});
	} else if (loaded && mappingCount === 0) {
		lines.push({key: 'no-mappings', text: 'None. a adds one from a queue.', dim: true});
	} else if (mappingCount > 0) {
		lines.push({key: 'mappings-head', text: `${fit('SOURCE', source)} ${fit('STATE', 9)} ${fit('BATCH', 6)} ${fit(narrow ? 'WIN' : 'WINDOW', narrow ? 4 : 7)} ${narrow ? '' : `${fit('ITEMFAIL', 8)} `}LAST RESULT`, dim: true});
	}

	const statementCount = items.length - mappingCount;
	for (const [index, item] of items.entries()) {
		if (item.kind === 'mapping') {
			const {mapping} = item;
			const last = mapping.LastProcessingResult ?? results?.[mapping.UUID] ?? '-';
			lines.push({
				key: mapping.UUID, item: index, red: last.startsWith('PROBLEM'),
				text: `${fit(arnName(mapping.EventSourceArn ?? ''), source)} ${fit(mapping.State ?? '-', 9)} ${fit(String(mapping.BatchSize ?? '-'), 6)} ${fit(`${mapping.MaximumBatchingWindowInSeconds ?? 0}s`, narrow ? 4 : 7)} ${narrow ? '' : `${fit(mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ? 'yes' : 'no', 8)} `}${last}`,
			});
			continue;
		}

		if (index === mappingCount) {
			lines.push({key: 'policy', text: `Resource policy: ${statementCount} statement${statementCount === 1 ? '' : 's'}`, bold: true});
			lines.push({key: 'policy-head', text: `${fit('SID', 14)} ${fit('PRINCIPAL', narrow ? 18 : 26)} ${narrow ? '' : `${fit('ACTION', 22)} `}SOURCE`, dim: true});
		}

		const {statement} = item;
		lines.push({key: `sid:${statement.sid}`, item: index, text: `${fit(statement.sid, 14)} ${fit(statement.principal, narrow ? 18 : 26)} ${narrow ? '' : `${fit(statement.action, 22)} `}${statement.sourceArn ?? statement.sourceAccount ?? 'any'}`});
	}

	if (statementCount === 0) {
		lines.push({key: 'policy', text: 'Resource policy: no statements', bold: true});
		lines.push({key: 'no-policy', text: problems.policy ?? 'Nothing but the account may invoke it. p adds a permission (S3 needs one before it can notify).', dim: !problems.policy, red: Boolean(problems.policy)});
	}

	lines.push(...buckets);
	const at = lines.findIndex(line => line.item === selected);
	const start = Math.max(0, Math.min(at - Math.floor(height / 2), lines.length - height));
	return (
		<Box flexDirection='column'>
			{lines.slice(start, start + Math.max(1, height)).map(line => (
				<Text key={line.key} wrap='truncate' bold={line.bold} dimColor={line.dim} color={line.red ? 'red' : undefined} inverse={line.item !== undefined && line.item === selected}>{fit(line.text, width)}</Text>
			))}
		</Box>
	);
};
