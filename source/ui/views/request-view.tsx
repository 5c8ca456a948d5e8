import {Box} from 'ink';
import {useLayoutEffect, useState} from 'react';
import type {LogEvent} from '../../core/types.js';
import {ScrolledLines} from '../components/result-pane.js';
import {useConsole} from '../console-context.js';
import {describeError} from '../lib/errors.js';
import {wrapText, type ResultLine} from '../lib/invoke-result.js';
import {requestLines} from '../lib/request-logs.js';
import {useScrollKeys} from '../lib/use-scroll-keys.js';
import {levelColor, parseLogLine} from './log-line.js';

/**
One request of a function: its outcome (status, duration, memory, the error and its message) and its log lines from START to REPORT, wrapped and scrollable.
*/
export const RequestView = ({functionName, requestId}: {functionName: string; requestId: string}) => {
	const {client, records, columns, bodyHeight} = useConsole();
	const record = records.get(functionName)?.find(candidate => candidate.requestId === requestId);
	const [events, setEvents] = useState<LogEvent[] | undefined>();
	const [problem, setProblem] = useState<string | undefined>();
	useLayoutEffect(() => {
		// CloudWatch takes whole milliseconds: a fractional duration made the start a float the API refuses.
		const around = record ? {startTime: Math.floor(record.timestamp - record.durationMs) - 60_000, endTime: Math.ceil(record.timestamp) + 60_000} : {};
		void client.filterLogEvents(functionName, {...around, limit: 10_000}).then(found => {
			setEvents(requestLines(found, requestId));
		}, (error: unknown) => {
			setProblem(describeError(error));
		});
	}, [client, functionName, requestId]);

	const width = columns - 1;
	const lines: ResultLine[] = [];
	const add = (text: string, style: Omit<ResultLine, 'text'> = {}) => {
		for (const line of wrapText(text, width)) {
			lines.push({text: line, ...style});
		}
	};

	add(`Request ${requestId}`, {bold: true});
	if (record) {
		const status = record.throttled ? 'Throttled' : record.error ? `Failed: ${record.error}` : 'Succeeded';
		add(`${status}  Duration ${record.durationMs.toFixed(2)} ms  Memory ${record.maxMemoryUsedMb} MB${record.coldStart ? `  cold start${record.initDurationMs === undefined ? '' : ` (Init ${record.initDurationMs.toFixed(2)} ms)`}` : ''}`, {color: record.error || record.throttled ? 'red' : 'green'});
		if (record.errorMessage) {
			add(record.errorMessage, {color: 'red'});
		}
	}

	add('Logs, START to REPORT', {dim: true});
	if (problem) {
		add(`Reading the logs failed: ${problem}`, {color: 'red'});
	} else if (!events) {
		add('Loading…', {dim: true});
	} else if (events.length === 0) {
		add('No log lines of this request are stored (they may have been rotated away).', {dim: true});
	}

	for (const event of events ?? []) {
		// A JSON record reads as its level and message (the request is this one); Text lines stay as written.
		const parsed = event.message.startsWith('{') ? parseLogLine(event.message) : undefined;
		const text = parsed ? [parsed.level, parsed.message].filter(Boolean).join(' ') : event.message;
		add(`${new Date(event.timestamp).toISOString().slice(11, 23)} ${text}`, {color: levelColor(event.message)});
	}

	const rows = bodyHeight - 1;
	const scroll = useScrollKeys('request', lines.length, rows);

	return (
		<Box flexDirection='column'>
			<ScrolledLines lines={lines} offset={scroll.current} height={bodyHeight} width={width} hint='j/k scroll  esc back'/>
		</Box>
	);
};
