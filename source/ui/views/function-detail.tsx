import {Box, Text} from 'ink';
import {detailTabs, useConsole, useKeys, type DetailTab} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {ConfigTab} from './config-tab.js';
import {EnvTab} from './env-tab.js';
import {LogsPane} from './logs-pane.js';
import {MonitorTab} from './monitor-tab.js';
import {OverviewTab} from './overview-tab.js';
import {TestTab} from './test-tab.js';

const tabTitles: Record<DetailTab, string> = {overview: 'Overview', test: 'Test', monitor: 'Monitor', config: 'Configuration', env: 'Environment', logs: 'Logs'};

/**
A function's detail, with tabs like the Lambda console's: Overview, Test, Monitor, Configuration, Environment variables and Logs.
*/
export const FunctionDetail = ({functionName, tab}: {functionName: string; tab: DetailTab}) => {
	const {functions, functionsLoaded, replaceRoute, leave, readonly, bodyHeight} = useConsole();
	const configuration = functions.find(fn => fn.FunctionName === functionName);
	const select = (next: DetailTab) => {
		if (next !== tab) {
			leave(() => {
				replaceRoute({view: 'detail', functionName, tab: next});
			});
		}
	};

	useKeys('view', ['detail'], event => {
		const index = detailTabs.indexOf(tab);
		switch (actionFor(['detail'], event, readonly)) {
			case 'next-tab': { select(detailTabs[(index + 1) % detailTabs.length]!); return true; }
			case 'previous-tab': { select(detailTabs[(index + detailTabs.length - 1) % detailTabs.length]!); return true; }
			case 'tab': { select(detailTabs[Number(event.name) - 1]!); return true; }
			default: { return false; }
		}
	});

	if (!configuration) {
		return <Text color={functionsLoaded ? 'red' : undefined}>{functionsLoaded ? `Function ${functionName} does not exist (any more). Press esc to go back.` : 'Loading…'}</Text>;
	}

	const height = bodyHeight - 2;
	return (
		<Box flexDirection='column'>
			<Box gap={1}>
				{detailTabs.map((candidate, index) => (
					<Text key={candidate} inverse={candidate === tab} bold={candidate === tab}> {index + 1} {tabTitles[candidate]} </Text>
				))}
			</Box>
			<Box flexDirection='column' marginTop={1} height={height} overflow='hidden'>
				{tab === 'overview' ? <OverviewTab configuration={configuration}/> : null}
				{tab === 'test' ? <TestTab configuration={configuration} height={height}/> : null}
				{tab === 'monitor' ? <MonitorTab functionName={functionName}/> : null}
				{tab === 'config' ? <ConfigTab configuration={configuration}/> : null}
				{tab === 'env' ? <EnvTab configuration={configuration}/> : null}
				{tab === 'logs' ? <LogsPane layer='tab' functionName={functionName} height={height}/> : null}
			</Box>
		</Box>
	);
};
