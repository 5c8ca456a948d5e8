import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {confirmDelete, redeployFunction} from '../lib/actions.js';
import {formatBytes} from '../lib/format.js';
import {Table} from '../lib/ink-table-compat.js';

/**
The Overview tab: the function's configuration and code as a table, with the folder its code came from.
*/
export const OverviewTab = ({configuration}: {configuration: FunctionConfiguration}) => {
	const api = useConsole();
	const [sourceDir, setSourceDir] = useState<string | undefined>();
	const name = configuration.FunctionName;
	useEffect(() => {
		void api.client.getFunctionExtras(name).then(extras => {
			setSourceDir(extras.SourceDir ?? '(uploaded zip)');
		}, () => undefined);
	}, [api.client, name, configuration.CodeSha256]);

	useKeys('tab', ['overview'], event => {
		switch (actionFor(['overview'], event, api.readonly)) {
			case 'redeploy': { void redeployFunction(api, name); return true; }
			case 'delete': { confirmDelete(api, name, api.back); return true; }
			default: { return false; }
		}
	});

	const variables = Object.keys(configuration.Environment?.Variables ?? {}).length;
	const data = [
		{field: 'Name', value: name},
		{field: 'ARN', value: configuration.FunctionArn},
		{field: 'Runtime', value: configuration.Runtime},
		{field: 'Handler', value: configuration.Handler},
		{field: 'Memory', value: `${configuration.MemorySize} MB`},
		{field: 'Timeout', value: `${configuration.Timeout} s`},
		{field: 'Description', value: configuration.Description || '-'},
		{field: 'State', value: `${configuration.State} / ${configuration.LastUpdateStatus}`},
		{field: 'Code size', value: `${formatBytes(configuration.CodeSize)} (${configuration.CodeSize} bytes)`},
		{field: 'Code SHA-256', value: configuration.CodeSha256},
		{field: 'Source folder', value: sourceDir ?? '…'},
		{field: 'Last modified', value: configuration.LastModified},
		{field: 'Environment', value: `${variables} variable${variables === 1 ? '' : 's'}`},
	];
	return (
		<Box flexDirection='column'>
			<Table data={data} padding={1}/>
			{configuration.StateReason ? <Text color='yellow'>{configuration.StateReason}</Text> : null}
		</Box>
	);
};
