import {Box, Text} from 'ink';
import {detailTabs, useConsole, useKeys, type DetailTab} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {toggleWatch} from '../lib/actions.js';
import {testMemoryOf} from '../lib/test-memory.js';
import {ConfigTab} from './config-tab.js';
import {EnvironmentsTab} from './environments-tab.js';
import {InvocationsTab} from './invocations-tab.js';
import {EnvTab} from './env-tab.js';
import {LogsPane} from './logs-pane.js';
import {MonitorTab} from './monitor-tab.js';
import {OverviewTab} from './overview-tab.js';
import {AsyncTab} from './async-tab.js';
import {TestTab} from './test-tab.js';
import {TriggersTab} from './triggers-tab.js';
import {VersionsTab} from './versions-tab.js';

const tabTitles: Record<DetailTab, string> = {
	overview: 'Overview', test: 'Test', monitor: 'Monitor', config: 'Configuration', env: 'Variables', logs: 'Logs', invocations: 'Invocations', environments: 'Environments', versions: 'Versions and aliases',
	triggers: 'Triggers', async: 'Async',
};
const shortTitles: Record<DetailTab, string> = {
	overview: 'Over', test: 'Test', monitor: 'Mon', config: 'Conf', env: 'Vars', logs: 'Logs', invocations: 'Invk', environments: 'Envs', versions: 'Vers', triggers: 'Trig', async: 'Asyn',
};

/**
The tab bar as one line that fits `columns`: full titles when they fit, short ones when not, and only numbers for the others when even those do not.
*/
export const tabBar = (tab: DetailTab, columns: number): Array<{text: string; current: boolean}> => {
	const build = (titles: (candidate: DetailTab) => string) => detailTabs.map((candidate, index) => ({text: ` ${index + 1}${titles(candidate) ? ` ${titles(candidate)}` : ''} `, current: candidate === tab}));
	const width = (items: Array<{text: string}>) => items.reduce((sum, item) => sum + item.text.length + 1, 0);
	for (const titles of [(candidate: DetailTab) => tabTitles[candidate], (candidate: DetailTab) => shortTitles[candidate], (candidate: DetailTab) => candidate === tab ? shortTitles[candidate] : '']) {
		const items = build(titles);
		if (width(items) <= columns) {
			return items;
		}
	}

	return build(() => '');
};

/**
A function's detail, with tabs like the Lambda console's: Overview, Test, Monitor, Configuration, Environment variables and Logs.
*/
export const FunctionDetail = ({functionName, tab}: {functionName: string; tab: DetailTab}) => {
	const api = useConsole();
	const {functions, functionsLoaded, replaceRoute, leave, readonly, bodyHeight, navigate, columns} = api;
	const configuration = functions.find(fn => fn.FunctionName === functionName);
	const select = (next: DetailTab, then?: () => void) => {
		if (next !== tab) {
			leave(() => {
				then?.();
				replaceRoute({view: 'detail', functionName, tab: next});
			});
		}
	};

	useKeys('view', ['detail'], event => {
		const index = detailTabs.indexOf(tab);
		switch (actionFor(['detail'], event, readonly)) {
			case 'next-tab': { select(detailTabs[(index + 1) % detailTabs.length]!); return true; }
			case 'previous-tab': { select(detailTabs[(index + detailTabs.length - 1) % detailTabs.length]!); return true; }
			case 'tab': { select(detailTabs[(Number(event.name) + 9) % 10]!); return true; }
			case 'invoke': {
				select('test', () => {
					testMemoryOf(api.testMemory, functionName).invokeOnOpen = true;
				});
				return true;
			}

			case 'describe': { navigate({view: 'describe', functionName}); return true; }
			case 'watch': { toggleWatch(api, functionName); return true; }
			default: { return false; }
		}
	});

	if (!configuration) {
		return <Text color={functionsLoaded ? 'red' : undefined}>{functionsLoaded ? `Function ${functionName} does not exist (any more). Press esc to go back.` : 'Loading…'}</Text>;
	}

	const height = bodyHeight - 2;
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate'>
				{tabBar(tab, columns - 1).map(item => <Text key={item.text} inverse={item.current} bold={item.current}>{item.text}{' '}</Text>)}
			</Text>
			<Box flexDirection='column' marginTop={1} height={height} overflow='hidden'>
				{tab === 'overview' ? <OverviewTab configuration={configuration} height={height}/> : null}
				{tab === 'test' ? <TestTab configuration={configuration} height={height}/> : null}
				{tab === 'monitor' ? <MonitorTab functionName={functionName} height={height}/> : null}
				{tab === 'config' ? <ConfigTab configuration={configuration}/> : null}
				{tab === 'env' ? <EnvTab configuration={configuration}/> : null}
				{tab === 'logs' ? <LogsPane layer='tab' functionName={functionName} height={height}/> : null}
				{tab === 'invocations' ? <InvocationsTab functionName={functionName} height={height}/> : null}
				{tab === 'environments' ? <EnvironmentsTab functionName={functionName} height={height}/> : null}
				{tab === 'versions' ? <VersionsTab functionName={functionName} height={height}/> : null}
				{tab === 'triggers' ? <TriggersTab configuration={configuration} height={height}/> : null}
				{tab === 'async' ? <AsyncTab configuration={configuration} height={height}/> : null}
			</Box>
		</Box>
	);
};
