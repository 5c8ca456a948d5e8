import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {minuteSeries, sparkline} from '../lib/stats.js';

/**
The Monitor tab: per-minute sparklines over the last hour of invocations, errors, throttles, duration p50 and p99, and cold starts.
*/
export const MonitorTab = ({functionName}: {functionName: string}) => {
	const {records, recordsVersion, columns} = useConsole();
	useKeys('tab', ['monitor'], () => false);
	const minutes = Math.max(10, Math.min(60, columns - 34));
	const series = useMemo(() => minuteSeries(records.get(functionName) ?? [], Date.now(), minutes), [records, recordsVersion, functionName, minutes]);
	const rows: Array<[string, number[], (value: number) => string, string]> = [
		['Invocations', series.invocations, String, 'green'],
		['Errors', series.errors, String, 'red'],
		['Throttles', series.throttles, String, 'yellow'],
		['Duration p50', series.p50, value => `${value.toFixed(1)}ms`, 'cyan'],
		['Duration p99', series.p99, value => `${value.toFixed(1)}ms`, 'cyan'],
		['Cold starts', series.coldStarts, String, 'blue'],
	];
	return (
		<Box flexDirection='column'>
			<Text dimColor>Last {minutes} minutes, one column per minute (newest on the right).</Text>
			{rows.map(([label, values, format, color]) => {
				const total = label.startsWith('Duration') ? Math.max(0, ...values) : values.reduce((sum, value) => sum + value, 0);
				return (
					<Box key={label} marginTop={1}>
						<Box width={14}><Text>{label}</Text></Box>
						<Text color={color}>{sparkline(values)}</Text>
						<Text dimColor> {label.startsWith('Duration') ? 'max' : 'total'} {format(total)}</Text>
					</Box>
				);
			})}
		</Box>
	);
};
