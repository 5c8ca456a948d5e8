import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {barGraph, monitorWindows, timeAxis, windowSeries, type WindowSeries} from '../lib/series.js';
import {useSyncState} from '../lib/sync-state.js';

type Metric = {label: string; values: (series: WindowSeries) => number[]; unit: string; color: string; max?: number; summary: 'total' | 'max' | 'mean'};

const metrics: Metric[] = [
	{label: 'Invocations', values: series => series.invocations, unit: '', color: 'green', summary: 'total'},
	{label: 'Errors', values: series => series.errors, unit: '', color: 'red', summary: 'total'},
	{label: 'Success rate', values: series => series.successRate, unit: '%', color: 'green', max: 100, summary: 'mean'},
	{label: 'Duration p50', values: series => series.p50, unit: 'ms', color: 'cyan', summary: 'max'},
	{label: 'Duration p99', values: series => series.p99, unit: 'ms', color: 'cyan', summary: 'max'},
	{label: 'Throttles', values: series => series.throttles, unit: '', color: 'yellow', summary: 'total'},
	{label: 'Concurrent', values: series => series.concurrency, unit: '', color: 'magenta', summary: 'max'},
	{label: 'Cold starts', values: series => series.coldStarts, unit: '', color: 'blue', summary: 'total'},
];

const number = (value: number, unit: string) => `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;

/**
The Monitor tab: a graph per metric (invocations, errors, success rate, duration p50 and p99, throttles, concurrent executions, cold starts) over the last 15 minutes, hour or day (`w` changes it), each with its y axis (0 and the top value) and the window's total, mean or max, over one time axis.
*/
export const MonitorTab = ({functionName, height}: {functionName: string; height: number}) => {
	const {records, recordsVersion, columns, readonly} = useConsole();
	const [windowIndex, setWindowIndex] = useSyncState(1);
	useKeys('tab', ['monitor'], event => {
		if (actionFor(['monitor'], event, readonly) === 'window') {
			setWindowIndex(previous => (previous + 1) % monitorWindows.length);
			return true;
		}

		return false;
	});
	const window = monitorWindows[windowIndex.current]!;
	const labelWidth = 13;
	const axisWidth = 7;
	const summaryWidth = 16;
	const graphWidth = Math.max(10, columns - 1 - labelWidth - axisWidth - summaryWidth);
	const series = useMemo(() => windowSeries(records.get(functionName) ?? [], Date.now(), window.ms, graphWidth), [records, recordsVersion, functionName, window.ms, graphWidth]);
	// Two rows a graph when they fit (and a spacer), one otherwise.
	const rowsEach = height - 3 >= metrics.length * 3 ? 2 : 1;
	return (
		<Box flexDirection='column'>
			<Text dimColor wrap='truncate'>Last {window.label} (w: 15m/1h/1d), {Math.round(window.ms / graphWidth / 1000)}s a column, newest on the right</Text>
			{metrics.map(metric => {
				const values = metric.values(series);
				const known = values.filter(value => !Number.isNaN(value));
				const top = metric.max ?? Math.max(0, ...known);
				const summary = metric.summary === 'total' ? known.reduce((sum, value) => sum + value, 0) : metric.summary === 'max' ? top : (known.length === 0 ? Number.NaN : known.reduce((sum, value) => sum + value, 0) / known.length);
				const rows = barGraph(values, rowsEach, top);
				return (
					<Box key={metric.label} flexDirection='column' marginTop={rowsEach === 2 ? 1 : 0}>
						{rows.map((row, index) => (
							<Box key={index} height={1}>
								<Box width={labelWidth} flexShrink={0}><Text wrap='truncate'>{index === 0 ? metric.label : ''}</Text></Box>
								<Box width={axisWidth} flexShrink={0} justifyContent='flex-end'><Text dimColor wrap='truncate'>{index === 0 ? number(top, metric.unit) : '0'}┤</Text></Box>
								<Text color={metric.color}>{row}</Text>
								{index === 0 ? <Text dimColor wrap='truncate'> {metric.summary} {Number.isNaN(summary) ? '-' : number(summary, metric.unit)}</Text> : null}
							</Box>
						))}
					</Box>
				);
			})}
			<Box height={1}>
				<Box width={labelWidth + axisWidth} flexShrink={0}/>
				<Text dimColor wrap='truncate'>{timeAxis(graphWidth, window.label)}</Text>
			</Box>
		</Box>
	);
};
