import {Box, Text} from 'ink';
import {useLayoutEffect, useState} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';
import {FitTable} from '../components/fit-table.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {confirmDelete, redeployFunction} from '../lib/actions.js';
import {formatBytes} from '../lib/format.js';

/**
The Overview tab: the function's configuration and code as tables that fit the terminal's width, with the folder its code came from.
*/
export const OverviewTab = ({configuration}: {configuration: FunctionConfiguration}) => {
	const api = useConsole();
	const [sourceDir, setSourceDir] = useState<string | undefined>();
	const [reserved, setReserved] = useState<string | undefined>();
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
		}, () => undefined);
	}, [api.client, name, configuration]);

	useKeys('tab', ['overview'], event => {
		switch (actionFor(['overview'], event, api.readonly)) {
			case 'redeploy': { void redeployFunction(api, name); return true; }
			case 'delete': { confirmDelete(api, name, api.back); return true; }
			default: { return false; }
		}
	});

	const variables = Object.keys(configuration.Environment?.Variables ?? {}).length;
	const general = [{
		Runtime: configuration.Runtime, Handler: configuration.Handler, Memory: `${configuration.MemorySize} MB`, Timeout: `${configuration.Timeout} s`,
		State: `${configuration.State ?? '-'}/${configuration.LastUpdateStatus ?? '-'}`, Env: String(variables),
	}];
	const code = [{'Code size': `${formatBytes(configuration.CodeSize)} (${configuration.CodeSize} B)`, 'Code SHA-256': configuration.CodeSha256, 'Last modified': configuration.LastModified}];
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate'><Text dimColor>ARN </Text>{configuration.FunctionArn}</Text>
			<Text wrap='truncate'><Text dimColor>Description </Text>{configuration.Description || '-'}</Text>
			<Text bold>Configuration</Text>
			<FitTable data={general} width={api.columns - 1}/>
			<Text bold>Code</Text>
			<FitTable data={code} width={api.columns - 1}/>
			<Text wrap='truncate'><Text dimColor>Source folder </Text>{sourceDir ?? '…'}</Text>
			<Text wrap='truncate'><Text dimColor>Reserved concurrency </Text>{reserved ?? '…'}</Text>
			{configuration.StateReason ? <Text color='yellow'>{configuration.StateReason}</Text> : null}
		</Box>
	);
};
