import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {InvocationRecord} from '../../core/types.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {fit} from '../lib/format.js';
import {useSyncState} from '../lib/sync-state.js';

/** Whole request ids where there is room for them and the error type beside them; their first 8 characters (as the logs' compact lines show) elsewhere. */
const idWidth = (columns: number) => columns < 130 ? 8 : 36;

const statusOf = (record: InvocationRecord) => record.throttled ? 'throttled' : record.error ? 'failed' : 'ok';

/**
A recent invocation as one line: request id, start, duration, memory, status and error type, cut to `columns`.
*/
export const invocationLine = (record: InvocationRecord, columns: number) => {
	const started = new Date(record.timestamp - record.durationMs).toISOString().slice(11, 23);
	const cells = [
		fit(record.requestId, idWidth(columns)), started, fit(`${record.durationMs.toFixed(1)}ms`, 9),
		fit(`${record.maxMemoryUsedMb}MB`, 6), fit(statusOf(record), 9), `${record.coldStart ? '❄ ' : ''}${record.error ?? ''}`,
	];
	return cells.join(' ');
};

/**
The Invocations tab: the function's recent invocations, newest first (request id, start, duration, memory, status, error type); Enter opens that request's logs from START to REPORT and its outcome.
*/
export const InvocationsTab = ({functionName, height}: {functionName: string; height: number}) => {
	const {records, recordsVersion, columns, navigate, readonly} = useConsole();
	const list = useMemo(() => [...records.get(functionName) ?? []].reverse(), [records, recordsVersion, functionName]);
	const [selected, setSelected] = useSyncState(0);
	const rows = Math.max(1, height - 2);
	useKeys('tab', ['invocations'], event => {
		const move = (to: number) => {
			setSelected(Math.max(0, Math.min(list.length - 1, to)));
		};

		switch (actionFor(['invocations'], event, readonly)) {
			case 'down': { move(selected.current + 1); return true; }
			case 'up': { move(selected.current - 1); return true; }
			case 'top': { move(0); return true; }
			case 'bottom': { move(list.length - 1); return true; }
			case 'page-down': { move(selected.current + rows); return true; }
			case 'page-up': { move(selected.current - rows); return true; }
			case 'open-request': {
				const record = list[selected.current];
				if (record) {
					navigate({view: 'request', functionName, requestId: record.requestId});
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (list.length === 0) {
		return <Text dimColor>No invocations yet. Invoke it (i) and they appear here, newest first.</Text>;
	}

	const index = Math.min(selected.current, list.length - 1);
	const start = Math.max(0, Math.min(index - Math.floor(rows / 2), list.length - rows));
	const width = columns - 1;
	return (
		<Box flexDirection='column'>
			<Text bold wrap='truncate'>{fit('REQUEST', idWidth(columns))} {fit('START', 12)} {fit('DURATION', 9)} {fit('MEM', 6)} {fit('STATUS', 9)} ERROR</Text>
			{list.slice(start, start + rows).map((record, offset) => {
				const line = invocationLine(record, columns);
				return start + offset === index
					? <Text key={record.requestId} inverse wrap='truncate'>{fit(line, width)}</Text>
					: <Text key={record.requestId} wrap='truncate' color={record.error || record.throttled ? 'red' : undefined}>{line}</Text>;
			})}
			<Text dimColor wrap='truncate'>{index + 1}/{list.length}  enter: logs and result of the request</Text>
		</Box>
	);
};
