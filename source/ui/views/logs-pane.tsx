import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Box, Text} from 'ink';
import {memo, useLayoutEffect, useMemo, useRef, type ReactNode} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {useLogBuffer, type LogLine} from '../lib/log-buffer.js';
import {useSyncState} from '../lib/sync-state.js';
import {compactLine, levelColor} from './log-line.js';

/** Below this width the pane shows compact lines unless told otherwise (`c`). */
const compactBelow = 120;

const isColdReport = (message: string) => (message.startsWith('REPORT') && message.includes('Init Duration')) || (message.startsWith('{"time"') && message.includes('"platform.report"') && message.includes('"initDurationMs"'));

const Highlighted = ({text, needle}: {text: string; needle: string}) => {
	if (!needle) {
		return <Text>{text}</Text>;
	}

	const parts: ReactNode[] = [];
	const lower = text.toLowerCase();
	let from = 0;
	for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
		parts.push(text.slice(from, at), <Text key={at} backgroundColor='yellow' color='black'>{text.slice(at, at + needle.length)}</Text>);
		from = at + needle.length;
	}

	parts.push(text.slice(from));
	return <Text>{parts}</Text>;
};

/** One screen line of a log, re-rendered only when what it shows changes. */
const LogRow = memo(({head, text, color, needle}: {head: string; text: string; color?: string; needle: string}) => (
	<Text wrap='truncate' color={color}>
		<Text dimColor>{head}</Text><Highlighted text={text} needle={needle}/>
	</Text>
));

/** Cut text to at most `width` characters. Lines are cut a little wider than the terminal, so Ink still truncates them (with its ellipsis) but measures a short line on each frame instead of up to 4,000 characters. */
const clip = (text: string, width: number) => {
	if (text.length <= width) {
		return text;
	}

	const cut = text.slice(0, Math.max(0, width));
	return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
};

/**
A live log tail: one function's lines (or every function's), from the store and then as they arrive. Follow, scroll back, wrap, timestamps, `/` filter with highlight, save to a file and clear.
*/
export const LogsPane = ({functionName, layer, height}: {functionName?: string; layer: 'view' | 'tab'; height?: number}) => {
	const {client, filter, bodyHeight, columns, notify} = useConsole();
	const {lines, version, append, seed, clear} = useLogBuffer();
	const [options, setOptions] = useSyncState<{follow: boolean; wrap: boolean; timestamps: boolean; offset: number; compact?: boolean}>({follow: true, wrap: false, timestamps: true, offset: 0});
	const compact = options.current.compact ?? columns < compactBelow;
	const rows = Math.max(1, (height ?? bodyHeight) - 1);

	useLayoutEffect(() => {
		const unsubscribe = client.subscribe(event => {
			if (event.type === 'log' && (!functionName || event.functionName === functionName)) {
				append(event.events.map(line => ({timestamp: line.timestamp, message: line.message, functionName: event.functionName})));
			}
		});
		const load = async () => {
			if (functionName) {
				return (await client.filterLogEvents(functionName, {limit: 10_000})).map(line => ({timestamp: line.timestamp, message: line.message, functionName}));
			}

			// Every function's last hour, a few hundred lines each, merged in time order.
			const names = (await client.listAllFunctions()).map(fn => fn.FunctionName).slice(0, 100);
			const perFunction = await Promise.all(names.map(async name => (await client.filterLogEvents(name, {startTime: Date.now() - 3_600_000, limit: 500}))
				.map(line => ({timestamp: line.timestamp, message: line.message, functionName: name}))));
			return perFunction.flat().sort((a, b) => a.timestamp - b.timestamp);
		};

		void load().then(seed, (error: unknown) => {
			notify(`Reading logs${functionName ? ` of ${functionName}` : ''} failed: ${describeError(error)}`, 'error');
		});
		return unsubscribe;
	}, [client, functionName, append, seed, notify]);

	const needle = filter.toLowerCase();
	const shown = useMemo(() => {
		const sorted = lines.current;
		return needle ? sorted.filter(line => line.message.toLowerCase().includes(needle)) : sorted;
	}, [version, needle]);

	// A new filter shows other lines: an offset scrolled back among the old ones would hide the new matches, so it comes back as far as needed to fill the screen.
	const previousNeedle = useRef(needle);
	useLayoutEffect(() => {
		if (previousNeedle.current === needle) {
			return;
		}

		previousNeedle.current = needle;
		setOptions(previous => ({...previous, offset: Math.min(previous.offset, Math.max(0, shown.length - rows))}));
	}, [needle]);

	const prefix = (line: LogLine) => `${options.current.timestamps ? `${new Date(line.timestamp).toISOString().slice(11, 23)} ` : ''}${functionName ? '' : `${line.functionName} `}${isColdReport(line.message) ? '❄ ' : ''}`;

	useKeys(layer, ['logs'], event => {
		const scroll = (by: number) => {
			setOptions(previous => {
				const offset = Math.max(0, Math.min(shown.length - 1, previous.offset + by));
				return {...previous, offset, follow: offset === 0 && previous.follow};
			});
		};

		switch (actionFor(['logs'], event, false)) {
			case 'follow': { setOptions(previous => ({...previous, follow: !previous.follow, offset: previous.follow ? previous.offset : 0})); return true; }
			case 'wrap': { setOptions(previous => ({...previous, wrap: !previous.wrap})); return true; }
			case 'timestamps': { setOptions(previous => ({...previous, timestamps: !previous.timestamps})); return true; }
			case 'compact': { setOptions(previous => ({...previous, compact: !compact})); return true; }
			case 'up': { scroll(1); return true; }
			case 'down': { scroll(-1); return true; }
			case 'page-up': { scroll(rows); return true; }
			case 'page-down': { scroll(-rows); return true; }
			case 'top': { setOptions(previous => ({...previous, follow: false, offset: Math.max(0, shown.length - rows)})); return true; }
			case 'bottom': { setOptions(previous => ({...previous, follow: true, offset: 0})); return true; }
			case 'clear': { clear(); setOptions(previous => ({...previous, offset: 0})); notify('Logs cleared from the pane (the store keeps them).'); return true; }
			case 'save': {
				const folder = path.join(client.dataDir ?? os.tmpdir(), 'saved-logs');
				const file = path.join(folder, `${functionName ?? 'all'}-${new Date().toISOString().replaceAll(':', '-')}.log`);
				try {
					fs.mkdirSync(folder, {recursive: true});
					fs.writeFileSync(file, shown.map(line => `${new Date(line.timestamp).toISOString()} ${functionName ? '' : `${line.functionName} `}${line.message}`).join('\n') + '\n');
					notify(`Saved ${shown.length} lines to ${file}`);
				} catch (error) {
					notify(`Saving logs failed: ${describeError(error)}`, 'error');
				}

				return true;
			}

			default: { return false; }
		}
	});

	const {follow, wrap, timestamps, offset} = options.current;
	const width = Math.max(10, columns - 1);
	const visual: Array<{line: LogLine; text: string; head: string; key: string}> = [];
	for (let index = shown.length - 1 - (follow ? 0 : offset); index >= 0 && visual.length < rows; index--) {
		const line = shown[index]!;
		const short = compact ? compactLine(line.message) : undefined;
		const head = prefix(line) + (short?.head ?? '');
		const message = (short ? `${short.level ? `${short.level} ` : ''}${short.message}` : line.message).replaceAll('\t', '  ').replaceAll('\n', ' ');
		if (wrap) {
			const chunks: string[] = [];
			const full = head + message.slice(0, 4000);
			for (let at = 0; at < full.length; at += width) {
				chunks.push(full.slice(at, at + width));
			}

			for (let chunk = chunks.length - 1; chunk >= 0 && visual.length < rows; chunk--) {
				visual.unshift({line, head: '', text: chunks[chunk]!, key: `${index}:${chunk}`});
			}
		} else {
			visual.unshift({line, head, text: clip(message, columns + 8), key: String(index)});
		}
	}

	return (
		<Box flexDirection='column'>
			<Text dimColor wrap='truncate'>
				{functionName ?? 'all functions'}  {shown.length}{needle ? ` matching /${filter}` : ''} lines  follow {follow ? 'on' : 'off'}  wrap {wrap ? 'on' : 'off'}  timestamps {timestamps ? 'on' : 'off'}  {compact ? 'compact' : 'full'} lines (c){follow ? '' : `  ${offset} back`}
			</Text>
			{visual.length === 0 ? <Text dimColor>No log lines yet. They appear here as functions run.</Text> : null}
			{visual.map(({line, head, text, key}) => (
				<LogRow key={key} head={head} text={text} needle={needle} color={isColdReport(line.message) ? 'cyan' : levelColor(line.message)}/>
			))}
		</Box>
	);
};
