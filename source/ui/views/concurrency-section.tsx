import {Box, Text} from 'ink';
import {useEffect, useState, type ReactElement} from 'react';
import {LinePromptLine} from '../components/line-prompt-line.js';
import {useConsole} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {fit} from '../lib/format.js';
import type {KeyEvent} from '../lib/key-events.js';
import {linePromptKey, type LinePrompt} from '../lib/line-prompt.js';
import {listQualifiers} from '../lib/qualifiers.js';
import {useSyncState} from '../lib/sync-state.js';

/**
One provisioned concurrency configuration as the section shows it.
*/
export type ProvisionedRow = {qualifier: string; status: string; reason?: string; allocated: number; requested: number};

/**
Read `QUALIFIER COUNT` (as `LIVE 5` or `1=2`): the version or alias and how many environments to keep; 0 removes the configuration.
*/
export const parseProvisioned = (text: string): {qualifier: string; count: number} | {problem: string} => {
	const match = /^\s*([^\s=]+)\s*[\s=]\s*(\d+)\s*$/.exec(text);
	return match ? {qualifier: match[1]!, count: Number(match[2])} : {problem: 'Type a version or alias and a count, such as LIVE 5 (0 removes it).'};
};

/**
Read a reserved concurrency: a whole number, or nothing to remove the reservation.
*/
export const parseReserved = (text: string): {count?: number} | {problem: string} => {
	const trimmed = text.trim();
	if (trimmed === '') {
		return {};
	}

	return /^\d+$/.test(trimmed) ? {count: Number(trimmed)} : {problem: `Reserved concurrency must be a whole number, not ${trimmed}; leave it empty to remove it.`};
};

/**
Tab in the provisioned prompt: the first word becomes the next of the function's versions and aliases, the count is kept.
*/
export const nextQualifier = (text: string, qualifiers: readonly string[]) => {
	const [first = '', ...rest] = text.trim().split(/\s+/);
	const choices = qualifiers.filter(qualifier => qualifier !== '$LATEST');
	if (choices.length === 0) {
		return text;
	}

	const next = choices[(choices.indexOf(first) + 1) % choices.length]!;
	return `${next} ${rest.join(' ')}`.trimEnd() + (rest.length === 0 ? ' ' : '');
};

const rowsOf = (listed: Record<string, unknown> | undefined): ProvisionedRow[] => ((listed?.ProvisionedConcurrencyConfigs ?? []) as Array<Record<string, unknown>>).map(config => ({
	qualifier: String(config.FunctionArn).split(':').at(-1)!,
	status: String(config.Status),
	reason: config.StatusReason as string | undefined,
	allocated: Number(config.AllocatedProvisionedConcurrentExecutions ?? 0),
	requested: Number(config.RequestedProvisionedConcurrentExecutions ?? 0),
})).sort((a, b) => a.qualifier.localeCompare(b.qualifier, undefined, {numeric: true}));

/**
The Configuration tab's Concurrency section: the function's reserved concurrency (`c` sets it, empty removes it) and its provisioned concurrency per version or alias with its Status (`p` adds, changes or, with 0, removes one), read again every half second while one is IN_PROGRESS. Returns its key handler for the tab to use (while `prompting`, every key is the section's), and what to draw.
*/
export const useConcurrencySection = (functionName: string): {prompting: boolean; handle: (event: KeyEvent) => boolean; element: ReactElement} => {
	const api = useConsole();
	const {client} = api;
	const [reserved, setReserved] = useState<{count?: number; unreserved?: number} | undefined>();
	const [rows, setRows] = useState<ProvisionedRow[]>([]);
	const [problem, setProblem] = useState<string | undefined>();
	const [tick, setTick] = useState(0);
	const [prompt, setPrompt] = useSyncState<LinePrompt | undefined>(undefined);
	const [qualifiers, setQualifiers] = useState<string[]>([]);
	const call = client.callOperation?.bind(client);
	useEffect(() => {
		if (!call) {
			return;
		}

		let current = true;
		let timer: NodeJS.Timeout | undefined;
		void Promise.all([
			call('GetFunctionConcurrency', {FunctionName: functionName}),
			call('ListProvisionedConcurrencyConfigs', {FunctionName: functionName}),
			call('GetAccountSettings', {}).catch(() => undefined),
		]).then(([concurrency, listed, account]) => {
			if (!current) {
				return;
			}

			const found = rowsOf(listed);
			setReserved({count: concurrency?.ReservedConcurrentExecutions as number | undefined, unreserved: (account?.AccountLimit as {UnreservedConcurrentExecutions?: number} | undefined)?.UnreservedConcurrentExecutions});
			setRows(found);
			setProblem(undefined);
			if (found.some(row => row.status === 'IN_PROGRESS')) {
				timer = setTimeout(() => setTick(value => value + 1), 500);
			}
		}, (error: unknown) => {
			if (current) {
				setProblem(describeError(error));
			}
		});
		return () => {
			current = false;
			clearTimeout(timer);
		};
	}, [call, functionName, tick]);

	const run = (label: string, operation: string, input: Record<string, unknown>) => {
		void api.runOp(label, async () => call!(operation, {FunctionName: functionName, ...input})).then(() => setTick(value => value + 1));
	};

	const submit = (current: LinePrompt) => {
		if (current.purpose === 'reserved') {
			const parsed = parseReserved(current.text);
			if ('problem' in parsed) {
				api.notify(parsed.problem, 'error');
			} else if (parsed.count === undefined) {
				api.confirm({title: `Remove the reserved concurrency of ${functionName}?`, lines: ['It then shares the account\'s unreserved concurrency.'], confirmLabel: 'Remove', onConfirm() {
					run(`Remove the reserved concurrency of ${functionName}`, 'DeleteFunctionConcurrency', {});
				}});
			} else {
				run(`Reserve ${parsed.count} concurrent executions for ${functionName}`, 'PutFunctionConcurrency', {ReservedConcurrentExecutions: parsed.count});
			}

			return;
		}

		const parsed = parseProvisioned(current.text);
		if ('problem' in parsed) {
			api.notify(parsed.problem, 'error');
		} else if (parsed.count === 0) {
			api.confirm({title: `Remove the provisioned concurrency of ${functionName}:${parsed.qualifier}?`, lines: ['Its environments stop; invokes start environments on demand again.'], confirmLabel: 'Remove', onConfirm() {
				run(`Remove provisioned concurrency of ${functionName}:${parsed.qualifier}`, 'DeleteProvisionedConcurrencyConfig', {Qualifier: parsed.qualifier});
			}});
		} else {
			run(`Provision ${parsed.count} environments of ${functionName}:${parsed.qualifier}`, 'PutProvisionedConcurrencyConfig', {Qualifier: parsed.qualifier, ProvisionedConcurrentExecutions: parsed.count});
		}
	};

	const handle = (event: KeyEvent): boolean => {
		const current = prompt.current;
		if (current) {
			const step = linePromptKey(current, event);
			if (step.kind === 'edit') {
				setPrompt(step.prompt);
			} else if (step.kind === 'cancel') {
				setPrompt(undefined);
			} else if (step.kind === 'submit') {
				setPrompt(undefined);
				submit(current);
			} else if (step.kind === 'complete' && current.purpose === 'provisioned') {
				setPrompt({...current, text: nextQualifier(current.text, qualifiers), selected: false});
			}

			return true;
		}

		const action = actionFor(['concurrency'], event, api.readonly);
		if ((action === 'reserved' || action === 'provisioned') && !call) {
			api.notify('This endpoint\'s client cannot change concurrency.', 'error');
			return true;
		}

		if (action === 'reserved') {
			setPrompt({purpose: 'reserved', label: 'Reserved concurrency (empty removes)', text: reserved?.count === undefined ? '' : String(reserved.count), selected: reserved?.count !== undefined});
			return true;
		}

		if (action === 'provisioned') {
			void listQualifiers(client, functionName).then(setQualifiers, () => undefined);
			const first = rows[0];
			setPrompt({purpose: 'provisioned', label: 'Provisioned: VERSION/ALIAS COUNT (0 removes, tab: next)', text: first ? `${first.qualifier} ${first.requested}` : '', selected: Boolean(first)});
			return true;
		}

		return false;
	};

	const width = api.columns - 2;
	const reservedText = reserved === undefined ? '…' : reserved.count === undefined ? `none (unreserved pool${reserved.unreserved === undefined ? '' : `: ${reserved.unreserved}`})` : String(reserved.count);
	const colorOf = (status: string) => status === 'READY' ? 'green' : status === 'FAILED' ? 'red' : 'yellow';
	const element = (
		<Box flexDirection='column'>
			<Text wrap='truncate'><Text bold>Concurrency</Text><Text dimColor>  reserved </Text>{reservedText}</Text>
			{prompt.current ? <LinePromptLine prompt={prompt.current}/> : null}
			{problem ? <Text color='red' wrap='wrap'>{problem}</Text> : null}
			{!call ? <Text dimColor>This endpoint's client cannot read concurrency.</Text> : null}
			{rows.length === 0 && call && !problem ? <Text dimColor wrap='truncate'>No provisioned concurrency.</Text> : null}
			{rows.map(row => (
				<Box key={row.qualifier} flexDirection='column'>
					<Text wrap='truncate'>{fit(row.qualifier, 10)} <Text color={colorOf(row.status)}>{row.status.padEnd(12)}</Text>{`${row.allocated}/${row.requested} allocated`}</Text>
					{row.reason ? <Box marginLeft={2} width={width - 2}><Text color='red' wrap='wrap'>{row.reason}</Text></Box> : null}
				</Box>
			))}
		</Box>
	);
	return {prompting: Boolean(prompt.current), handle, element};
};
