import {Box, Text} from 'ink';
import {useLayoutEffect, useState} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';
import {FitTable} from '../components/fit-table.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {confirmDelete, confirmRedeploy} from '../lib/actions.js';
import {fit, formatAgo, formatBytes} from '../lib/format.js';
import {functionStats, plainErrorMessage} from '../lib/stats.js';
import {useFunctionUrl} from '../lib/use-function-url.js';

/** `Active`, or `Active/InProgress` while an update is under way (the LastUpdateStatus only when it is not Successful). */
const stateOf = (configuration: FunctionConfiguration) => `${configuration.State ?? '-'}${configuration.LastUpdateStatus && configuration.LastUpdateStatus !== 'Successful' ? `/${configuration.LastUpdateStatus}` : ''}`;

/**
The Overview tab: the function's configuration and code as tables that fit the terminal's width, with the folder its code came from.
*/
export const OverviewTab = ({configuration, height}: {configuration: FunctionConfiguration; height: number}) => {
	const api = useConsole();
	const [sourceDir, setSourceDir] = useState<string | undefined>();
	const [reserved, setReserved] = useState<string | undefined>();
	// ListFunctions carries no State, as on AWS: the state shown is GetFunction's.
	const [state, setState] = useState<string | undefined>();
	const name = configuration.FunctionName;
	useLayoutEffect(() => {
		void api.client.getFunctionExtras(name).then(extras => {
			setSourceDir(extras.SourceDir ?? '(uploaded zip)');
		}, () => undefined);
	}, [api.client, name, configuration.CodeSha256]);
	useLayoutEffect(() => {
		void api.client.getFunction({FunctionName: name}).then(response => {
			const count = response.Concurrency?.ReservedConcurrentExecutions;
			setReserved(count === undefined ? 'none (uses the unreserved pool)' : String(count));
			setState(stateOf(response.Configuration ?? configuration));
		}, () => undefined);
	}, [api.client, name, configuration]);

	const url = useFunctionUrl(api.client, name, configuration.RevisionId);
	useKeys('tab', ['overview'], event => {
		switch (actionFor(['overview'], event, api.readonly)) {
			case 'url': { api.navigate({view: 'url', functionName: name}); return true; }
			case 'redeploy': { confirmRedeploy(api, name); return true; }
			case 'delete': { confirmDelete(api, name, api.back); return true; }
			default: { return false; }
		}
	});

	const variables = Object.keys(configuration.Environment?.Variables ?? {}).length;
	const general = [{
		Runtime: configuration.Runtime, Handler: configuration.Handler, Memory: `${configuration.MemorySize} MB`, Timeout: `${configuration.Timeout} s`,
		State: state ?? (configuration.State ? stateOf(configuration) : '…'), 'Env vars': String(variables),
	}];
	const size = formatBytes(configuration.CodeSize);
	const code = [{'Code size': size === `${configuration.CodeSize} B` ? size : `${size} (${configuration.CodeSize} B)`, 'Code SHA-256': configuration.CodeSha256, 'Last modified': configuration.LastModified}];
	const stats = functionStats(api.records.get(name));
	const last = stats.last
		? <Text wrap='wrap' color={stats.last.error ? 'red' : 'green'}>Last invocation {formatAgo(stats.last.timestamp)} ago: {stats.last.error ? `failed, ${stats.last.error}${stats.last.errorMessage ? `: ${plainErrorMessage(stats.last.errorMessage)}` : ''}` : 'succeeded'}{stats.recentErrors > 0 ? `  (${stats.recentErrors} errors in 15 min)` : ''}</Text>
		: <Text dimColor>Not invoked yet: press i to invoke.</Text>;
	// Tables need 16 lines; a short terminal gets the same facts as `key value` lines, two to a line when they fit.
	if (height < 17) {
		const facts: Array<[string, string]> = [
			...Object.entries(general[0]!), ['Code', `${formatBytes(configuration.CodeSize)} sha256 ${configuration.CodeSha256.slice(0, 12)}…`],
			['Modified', configuration.LastModified], ['Source', sourceDir ?? '…'], ['Reserved', reserved ?? '…'], ['URL', url],
		];
		const perLine = api.columns >= 80 ? 2 : 1;
		const width = Math.floor((api.columns - 1) / perLine);
		const lines = Array.from({length: Math.ceil(facts.length / perLine)}, (_, index) => facts.slice(index * perLine, (index + 1) * perLine));
		return (
			<Box flexDirection='column'>
				{last}
				<Text wrap='truncate'><Text dimColor>Description </Text>{configuration.Description || '-'}</Text>
				{lines.map(line => (
					<Text key={line[0]![0]} wrap='truncate'>{line.map(([key, value]) => <Text key={key}><Text dimColor>{key.padEnd(9)}</Text>{fit(value, width - 10)} </Text>)}</Text>
				))}
			</Box>
		);
	}

	return (
		<Box flexDirection='column'>
			{last}
			<Text wrap='truncate'><Text dimColor>ARN </Text>{configuration.FunctionArn}</Text>
			<Text wrap='truncate'><Text dimColor>Description </Text>{configuration.Description || '-'}</Text>
			<Text bold>Configuration</Text>
			<FitTable data={general} width={api.columns - 1}/>
			<Text bold>Code</Text>
			<FitTable data={code} width={api.columns - 1}/>
			<Text wrap='truncate'><Text dimColor>Source folder </Text>{sourceDir ?? '…'}</Text>
			<Text wrap='truncate'><Text dimColor>Reserved concurrency </Text>{reserved ?? '…'}</Text>
			<Text wrap='truncate'><Text dimColor>Function URL </Text>{url}</Text>
			{configuration.StateReason ? <Text color='yellow'>{configuration.StateReason}</Text> : null}
		</Box>
	);
};
