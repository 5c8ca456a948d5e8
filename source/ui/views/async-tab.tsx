import {Box, Text} from 'ink';
import {useRef} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';
import {EditForm, type FormSpec} from '../components/edit-form.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {asyncEventLine, formatSeconds, formOfConfig, invokeConfigRequest, qualifierOf, type InvokeConfigSummary} from '../lib/async-config.js';
import {fit} from '../lib/format.js';
import type {KeyEvent} from '../lib/key-events.js';
import {listMove} from '../lib/list-move.js';
import {arnName, listQueueSummaries} from '../lib/queues.js';
import {useSyncState} from '../lib/sync-state.js';
import {usePolling} from '../lib/use-polling.js';

/**
The Async tab: how the function's asynchronous invocations are handled and how they went. Its EventInvokeConfig per qualifier (retries, maximum event age, OnSuccess and OnFailure destinations; Lambda's defaults where there is none), its dead-letter queue, and its latest asynchronous events with their attempts, outcome and where their record went (from a lambdeck service; elsewhere unavailable, with the reason). `e` edits the selected config, `n` one for another qualifier, `D` sets the dead-letter queue, `x` deletes the selected config after asking.
*/
export const AsyncTab = ({configuration, height}: {configuration: FunctionConfiguration; height: number}) => {
	const api = useConsole();
	const {client, readonly, columns} = api;
	const functionName = configuration.FunctionName;
	const call = client.callOperation?.bind(client);
	const configs = usePolling(call ? async () => ((await call('ListFunctionEventInvokeConfigs', {FunctionName: functionName}))?.FunctionEventInvokeConfigs ?? []) as InvokeConfigSummary[] : undefined, 3000, [client, functionName]);
	const activity = usePolling(client.eventActivity ? async () => client.eventActivity!(functionName) : undefined, 1000, [client, functionName]);
	const [selected, setSelected] = useSyncState(0);
	const [form, setForm] = useSyncState<FormSpec | undefined>(undefined);
	const formKeys = useRef<((event: KeyEvent) => void) | undefined>(undefined);
	const listed = configs.value ?? [];
	// With no config, $LATEST runs on Lambda's defaults: that row is there to edit.
	const rows = listed.length > 0 ? listed : [{FunctionArn: configuration.FunctionArn}];
	const current = rows[Math.min(selected.current, rows.length - 1)]!;

	const queueArns = async () => client.callQueues ? (await listQueueSummaries(client).catch(() => [])).flatMap(queue => queue.arn ? [queue.arn] : []) : [];

	const openConfigForm = async (qualifier: string | undefined) => {
		const [arns, qualifiers] = await Promise.all([queueArns(), qualifier ? [qualifier] : qualifiersOf()]);
		const existing = listed.find(config => qualifierOf(config) === qualifier);
		const initial = formOfConfig(qualifier ?? qualifiers[0] ?? '$LATEST', existing);
		const request = (values: Record<string, string>) => invokeConfigRequest(configuration.FunctionArn, values as never);
		setForm({
			title: `Asynchronous invocation of ${functionName}${qualifier ? `:${qualifier}` : ''}`,
			fields: [
				...(qualifier ? [] : [{id: 'qualifier', label: 'Qualifier', choices: qualifiers}]),
				{id: 'retries', label: 'Retries', note: '0-2'},
				{id: 'maxAge', label: 'Max age (s)', note: '60-21600'},
				{id: 'onSuccess', label: 'On success', choices: ['', ...arns], note: 'queue (←/→) or any ARN'},
				{id: 'onFailure', label: 'On failure', choices: ['', ...arns], note: 'queue (←/→) or any ARN'},
			],
			initial: initial as unknown as Record<string, string>,
			check: values => request(values).problems,
			async submit(values) {
				const {input} = request(values);
				const answer = await api.runOp(`Save async config of ${functionName}:${values.qualifier || '$LATEST'}`, async () => (await call!('PutFunctionEventInvokeConfig', input)) ?? {});
				configs.refresh();
				return answer !== undefined;
			},
		});
	};

	const qualifiersOf = async () => {
		const [versions, aliases] = await Promise.all([
			call!('ListVersionsByFunction', {FunctionName: functionName}).catch(() => undefined),
			call!('ListAliases', {FunctionName: functionName}).catch(() => undefined),
		]);
		return [
			'$LATEST',
			...((aliases?.Aliases ?? []) as Array<{Name: string}>).map(alias => alias.Name),
			...((versions?.Versions ?? []) as Array<{Version: string}>).map(version => version.Version).filter(version => version !== '$LATEST'),
		];
	};

	const openDeadLetterForm = async () => {
		const arns = await queueArns();
		setForm({
			title: `Dead-letter queue of ${functionName} (events that fail every attempt go there)`,
			fields: [{id: 'target', label: 'Target ARN', choices: ['', ...arns], note: 'queue (←/→), any SQS or SNS ARN, empty: none'}],
			initial: {target: configuration.DeadLetterConfig?.TargetArn ?? ''},
			check: values => values.target && !/^arn:[\w-]+:(sqs|sns):/.test(values.target) ? ['The dead-letter target is an SQS queue or SNS topic ARN.'] : [],
			async submit(values) {
				const answer = await api.runOp(`Set the dead-letter queue of ${functionName}`, async () => client.updateFunctionConfiguration({FunctionName: functionName, DeadLetterConfig: {TargetArn: values.target ?? ''}}));
				return answer !== undefined;
			},
		});
	};

	useKeys('tab', form.current ? ['form'] : ['async'], event => {
		if (form.current) {
			formKeys.current?.(event);
			return true;
		}

		const action = actionFor(['async'], event, readonly);
		const moved = listMove(action, selected.current, rows.length, 5);
		if (moved !== undefined) {
			setSelected(moved);
			return true;
		}

		switch (action) {
			case 'edit-config': { void openConfigForm(qualifierOf(current)); return true; }
			case 'new-config': { void openConfigForm(undefined); return true; }
			case 'edit-dlq': { void openDeadLetterForm(); return true; }
			case 'refresh': { configs.refresh(); activity.refresh(); return true; }
			case 'remove': {
				const qualifier = qualifierOf(current);
				if (listed.length === 0) {
					api.notify(`${functionName} has no async config to delete: it runs on Lambda's defaults.`, 'error');
					return true;
				}

				api.confirm({
					title: `Delete the async config of ${functionName}:${qualifier}?`,
					lines: ['Its events go back to Lambda\'s defaults: 2 retries, 6 hours, no destinations.', 'y: delete  n: keep'],
					confirmLabel: 'Delete',
					onConfirm() {
						void api.runOp(`Delete async config of ${functionName}:${qualifier}`, async () => call!('DeleteFunctionEventInvokeConfig', {FunctionName: functionName, ...(qualifier === '$LATEST' ? {} : {Qualifier: qualifier})})).then(() => {
							configs.refresh();
						});
					},
				});
				return true;
			}

			default: { return false; }
		}
	});

	if (!call) {
		return <Text dimColor wrap='wrap'>Async: unavailable, this client cannot call the Lambda API's other operations.</Text>;
	}

	if (form.current) {
		return <EditForm spec={form.current} readonly={readonly} handleRef={formKeys} notify={api.notify} width={columns - 1} onClose={() => { formKeys.current = undefined; setForm(undefined); }}/>;
	}

	const width = columns - 1;
	const narrow = width < 80;
	const destinationWidth = Math.max(8, Math.floor((width - 30) / 2));
	const index = Math.min(selected.current, rows.length - 1);
	const lines = [
		<Text key='title' bold wrap='truncate'>Asynchronous invocation{listed.length === 0 && configs.value ? ' (Lambda\'s defaults: no config)' : ''}</Text>,
		configs.problem ? <Text key='problem' color='red' wrap='truncate'>{configs.problem}</Text> : null,
		<Text key='head' dimColor wrap='truncate'>{`${fit('QUALIFIER', 10)} ${fit(narrow ? 'RETR' : 'RETRIES', narrow ? 4 : 7)} ${fit('MAXAGE', 6)} ${fit('ON SUCCESS', destinationWidth)} ON FAILURE`}</Text>,
		...rows.map((config, at) => (
			<Text key={config.FunctionArn ?? at} inverse={at === index} wrap='truncate'>
				{`${fit(qualifierOf(config), 10)} ${fit(String(config.MaximumRetryAttempts ?? 2), narrow ? 4 : 7)} ${fit(formatSeconds(config.MaximumEventAgeInSeconds ?? 21_600), 6)} ${fit(arnName(config.DestinationConfig?.OnSuccess?.Destination ?? '-'), destinationWidth)} ${arnName(config.DestinationConfig?.OnFailure?.Destination ?? '-')}`}
			</Text>
		)),
		<Text key='dlq' wrap='truncate'><Text bold>Dead-letter queue </Text>{configuration.DeadLetterConfig?.TargetArn ? arnName(configuration.DeadLetterConfig.TargetArn) : <Text dimColor>none (D sets one)</Text>}</Text>,
	];
	const events = activity.value?.asyncEvents ?? [];
	const idWidth = narrow ? 8 : 36;
	const recent = activity.problem
		? [<Text key='activity-problem' dimColor wrap='wrap'>Recent async events: unavailable. {activity.problem.replace(/^UnsupportedFeatureException: /, '')}</Text>]
		: [
			<Text key='events-title' bold wrap='truncate'>Recent async events: {events.length}{events.length === 0 ? '' : ' (newest first)'}</Text>,
			events.length === 0
				? <Text key='no-events' dimColor wrap='truncate'>None since the service started. An Event invoke (Test tab, t) shows here.</Text>
				: <Text key='events-head' dimColor wrap='truncate'>{`${fit('REQUEST', idWidth)} TRY  ${fit('OUTCOME', 17)}  AGE  DELIVERED TO`}</Text>,
			...events.map(event => <Text key={event.requestId} wrap='truncate' color={event.state === 'failed' ? 'red' : undefined}>{asyncEventLine(event, idWidth)}</Text>),
		];
	return <Box flexDirection='column'>{[...lines.filter(Boolean), ...(client.eventActivity ? recent : [<Text key='no-activity' dimColor>Recent async events: unavailable from this endpoint.</Text>])].slice(0, Math.max(1, height))}</Box>;
};
