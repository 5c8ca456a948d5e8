import {Box, Text} from 'ink';
import {useMemo, useRef} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';
import {useConsole, useKeys, type ListMemory} from '../console-context.js';
import {createExample, listExamples} from '../examples.js';
import {actionFor, sortKeys} from '../key-map.js';
import {confirmDelete, confirmRedeploy} from '../lib/actions.js';
import {formatAgo, formatBytes} from '../lib/format.js';
import {functionStats, plainErrorMessage, type FunctionStats} from '../lib/stats.js';
import {useSyncState} from '../lib/sync-state.js';
import {testMemoryOf} from '../lib/test-memory.js';
import {FunctionRow, rowSegments, rowText} from './function-row.js';

type Column = {
	title: string;
	width: number;
	value: (fn: FunctionConfiguration, stats: () => FunctionStats) => string;
	sort: (fn: FunctionConfiguration, stats: () => FunctionStats) => string | number;
	/** Sorting by it reads invocation records, so the order changes when they do. */
	byStats?: boolean;
	/** Its first sort is descending (numbers and times: the biggest, the latest, the failing first). */
	descendingFirst?: boolean;
};

/** Short words for the error types LAST shows; others show the part after the last dot. */
const shortErrors: Record<string, string> = {
	Timedout: 'timeout', ImportModuleError: 'import', HandlerNotFound: 'no handler', ExitError: 'exited', Unhandled: 'error', Handled: 'error',
	Throttled: 'throttled', OutOfMemory: 'oom', UserCodeSyntaxError: 'syntax',
};

const lastStatus = (stats: FunctionStats) => {
	if (!stats.last) {
		return '-';
	}

	const type = stats.last.error?.split('.').at(-1);
	return type ? shortErrors[type] ?? type : 'ok';
};

/**
A function's state when it is not the everyday Active and up to date, else nothing. ListFunctions leaves State out, as AWS does, so a blank means nothing unusual is known rather than an Active shown for some rows only.
*/
const unusualState = (fn: FunctionConfiguration) => {
	if (fn.State && fn.State !== 'Active') {
		return fn.State;
	}

	return fn.LastUpdateStatus === 'InProgress' ? 'Updating' : (fn.LastUpdateStatus === 'Failed' ? 'UpdFail' : '');
};

const columns: Column[] = [
	{title: 'NAME', width: 0, value: fn => fn.FunctionName, sort: fn => fn.FunctionName},
	{title: 'RUNTIME', width: 12, value: fn => fn.Runtime, sort: fn => fn.Runtime},
	{title: 'MEM', width: 5, value: fn => String(fn.MemorySize), sort: fn => fn.MemorySize, descendingFirst: true},
	{title: 'TIMEOUT', width: 8, value: fn => `${fn.Timeout}s`, sort: fn => fn.Timeout, descendingFirst: true},
	{title: 'SIZE', width: 8, value: fn => formatBytes(fn.CodeSize), sort: fn => fn.CodeSize, descendingFirst: true},
	{title: 'MODIFIED', width: 9, value: fn => formatAgo(Date.parse(fn.LastModified.replace('+0000', 'Z'))), sort: fn => fn.LastModified, descendingFirst: true},
	{title: 'STATE', width: 8, value: unusualState, sort: unusualState},
	{title: 'LAST', width: 10, value: (_fn, stats) => lastStatus(stats()), sort: (_fn, stats) => {
		const {last} = stats();
		return last ? (last.error ? 2e13 : 1e13) + last.timestamp : 0;
	}, byStats: true, descendingFirst: true},
	{title: 'ERR15M', width: 7, value: (_fn, stats) => String(stats().recentErrors), sort: (_fn, stats) => stats().recentErrors, byStats: true, descendingFirst: true},
	{title: 'INVOKES', width: 8, value: (_fn, stats) => String(stats().count), sort: (_fn, stats) => stats().count, byStats: true, descendingFirst: true},
	{title: 'P50', width: 8, value: (_fn, stats) => stats().p50 === undefined ? '-' : `${stats().p50!.toFixed(1)}ms`, sort: (_fn, stats) => stats().p50 ?? -1, byStats: true, descendingFirst: true},
	{title: 'COLD', width: 5, value: (_fn, stats) => formatAgo(stats().lastColdStart), sort: (_fn, stats) => stats().lastColdStart ?? 0, byStats: true, descendingFirst: true},
];

/**
What a `/` filter searches in a function, lower-cased once per sort: its name, runtime and description, on lines of their own so that no match spans two of them.
*/
export const filterText = (fn: FunctionConfiguration) => `${fn.FunctionName}\n${fn.Runtime}\n${fn.Description ?? ''}`.toLowerCase();

/** Which columns stay when the terminal is narrow, most needed first (indexes into `columns`). */
const columnPriority = [7, 8, 1, 3, 2, 9, 10, 6, 4, 5, 11];

/**
The function list: a window of rows around the selection (only visible rows are drawn), sortable by any column, filtered by `/`.
*/
export const FunctionList = () => {
	const api = useConsole();
	const {functions, functionsLoaded, records, recordsVersion, filter, bodyHeight, readonly, navigate, runOp, client} = api;
	const memory = api.listMemory;
	const [sort, setSortState] = useSyncState(memory.sort);
	const setSort = (next: (previous: ListMemory['sort']) => ListMemory['sort']) => {
		setSortState(previous => (memory.sort = next(previous)));
	};

	// The selection is a function's name, so that it stays on that function when the list is sorted, changes or is shown again.
	const [selected, setSelectedState] = useSyncState(memory.selected);
	const statsOf = useMemo(() => {
		const cache = new Map<string, FunctionStats>();
		return (name: string) => () => {
			let stats = cache.get(name);
			if (!stats) {
				stats = functionStats(records.get(name));
				cache.set(name, stats);
			}

			return stats;
		};
	}, [records, recordsVersion]);
	// Sorted once per change of functions or order (or of records, when the order depends on them); typing a filter only filters.
	const sortStats = columns[sort.current.column]!.byStats ? statsOf : undefined;
	const sorted = useMemo(() => {
		const column = columns[sort.current.column]!;
		const direction = sort.current.descending ? -1 : 1;
		return functions
			.map(fn => ({fn, key: column.sort(fn, statsOf(fn.FunctionName)), lower: filterText(fn)}))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.fn.FunctionName.localeCompare(b.fn.FunctionName)) * direction);
	}, [functions, sort.current, sortStats]);
	// A name that equals the filter comes first: typing a whole name finds that function, however the list is sorted.
	const rows = useMemo(() => {
		const needle = filter.toLowerCase();
		if (!needle) {
			return sorted.map(row => row.fn);
		}

		const matching = sorted.filter(row => row.lower.includes(needle)).map(row => row.fn);
		const exact = matching.findIndex(fn => fn.FunctionName.toLowerCase() === needle);
		return exact > 0 ? [matching[exact]!, ...matching.slice(0, exact), ...matching.slice(exact + 1)] : matching;
	}, [sorted, filter]);
	// A new filter starts at its first match.
	const previousFilter = useRef(filter);
	if (previousFilter.current !== filter) {
		previousFilter.current = filter;
		memory.selected = undefined;
		memory.index = 0;
		selected.current = undefined;
	}

	const visible = Math.max(1, bodyHeight - 2);
	const indexOf = (name: string | undefined) => {
		const at = name === undefined ? -1 : rows.findIndex(fn => fn.FunctionName === name);
		return at === -1 ? Math.max(0, Math.min(memory.index, rows.length - 1)) : at;
	};

	const index = indexOf(selected.current);
	memory.index = index;
	const current = rows[index];
	const firstRun = functionsLoaded && functions.length === 0 && !readonly;

	useKeys('view', firstRun ? ['first-run', 'functions', 'list'] : ['functions', 'list'], event => {
		const move = (to: (previous: number) => number) => {
			const at = Math.max(0, Math.min(rows.length - 1, to(indexOf(selected.current))));
			memory.index = at;
			memory.selected = rows[at]?.FunctionName;
			setSelectedState(memory.selected);
		};

		const name = rows[indexOf(selected.current)]?.FunctionName;
		const action = actionFor(firstRun ? ['first-run', 'functions', 'list'] : ['functions', 'list'], event, readonly);
		switch (action) {
			case 'down': { move(previous => previous + 1); return true; }
			case 'up': { move(previous => previous - 1); return true; }
			case 'top': { move(() => 0); return true; }
			case 'bottom': { move(() => rows.length - 1); return true; }
			case 'page-down': { move(previous => previous + visible); return true; }
			case 'page-up': { move(previous => previous - visible); return true; }
			case 'sort': {
				// A direct sort key: again on the same column reverses it; a new column starts biggest first for numbers. The selection goes to the top, where the sort put what was asked for.
				const column = columns.findIndex(candidate => candidate.title === sortKeys[event.name]);
				if (column !== -1) {
					setSort(previous => previous.column === column ? {column, descending: !previous.descending} : {column, descending: Boolean(columns[column]!.descendingFirst)});
					memory.selected = undefined;
					memory.index = 0;
					setSelectedState(undefined);
				}

				return true;
			}

			case 'create': { navigate({view: 'create'}); return true; }
			case 'examples': {
				void runOp('Create the examples', async () => {
					for (const example of listExamples()) {
						await createExample(client, example);
					}
				});
				return true;
			}

			default:
		}

		if (!name) {
			return false;
		}

		switch (action) {
			case 'open': { navigate({view: 'detail', functionName: name, tab: 'overview'}); return true; }
			case 'logs': { navigate({view: 'logs', functionName: name}); return true; }
			case 'edit': { navigate({view: 'detail', functionName: name, tab: 'config'}); return true; }
			case 'env': { navigate({view: 'detail', functionName: name, tab: 'env'}); return true; }
			case 'redeploy': { confirmRedeploy(api, name); return true; }
			case 'invoke': {
				testMemoryOf(api.testMemory, name).invokeOnOpen = true;
				navigate({view: 'detail', functionName: name, tab: 'test'});
				return true;
			}

			case 'delete': { confirmDelete(api, name); return true; }
			default: { return false; }
		}
	});

	const start = Math.max(0, Math.min(index - Math.floor(visible / 2), rows.length - visible));
	const window = rows.slice(start, start + visible);
	// Narrow terminals drop the least needed columns first; the name takes what is left.
	const {shownColumns, widths, groups} = useMemo(() => {
		const shown = new Set<number>([0]);
		let used = 13;
		for (const column of columnPriority) {
			if (used + columns[column]!.width + 1 <= api.columns - 1) {
				shown.add(column);
				used += columns[column]!.width + 1;
			}
		}

		const nameWidth = Math.max(12, api.columns - 1 - used + 12);
		const indexes = columns.map((_column, number) => number).filter(number => shown.has(number));
		return {
			shownColumns: indexes,
			widths: indexes.map(number => number === 0 ? nameWidth : columns[number]!.width),

			// Rows are drawn in three segments: the name, the configuration and the invocation figures.
			groups: indexes.map(number => number === 0 ? 0 : columns[number]!.byStats ? 2 : 1),
		};
	}, [api.columns]);
	const sortMark = (column: number) => column === sort.current.column ? (sort.current.descending ? '↓' : '↑') : '';

	const sortTitle = `${columns[sort.current.column]!.title.toLowerCase()}${sort.current.descending ? '↓' : '↑'}`;
	const footer = rows.length === 0
		? (functionsLoaded ? (filter ? `No function matches /${filter} (name, runtime or description)` : 'No functions.') : 'Loading…')
		: `${index + 1}/${rows.length}${filter ? ` matching /${filter}` : ''}  sorted by ${sortTitle}`;
	const last = current ? statsOf(current.FunctionName)().last : undefined;
	const failure = current && last?.error ? `✗ ${current.FunctionName} failed ${formatAgo(last.timestamp)} ago: ${last.error}${last.errorMessage ? `: ${plainErrorMessage(last.errorMessage)}` : ''}` : undefined;

	if (firstRun) {
		return (
			<Box flexDirection='column'>
				<Text bold>No functions yet.</Text>
				<Text>Press <Text color='cyan'>E</Text> to create the examples ({listExamples().map(example => example.name).join(', ')}), or <Text color='cyan'>c</Text> to create a function.</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection='column'>
			<Text bold wrap='truncate'>{rowText(shownColumns.map(number => `${columns[number]!.title}${sortMark(number)}`), widths)}</Text>
			{window.map(fn => {
				const stats = statsOf(fn.FunctionName);
				const segments = rowSegments(shownColumns.map(number => columns[number]!.value(fn, stats)), widths, groups);
				return <FunctionRow key={fn.FunctionName} segments={segments} selected={fn === current} failing={Boolean(stats().last?.error) || stats().recentErrors > 0}/>;
			})}
			<FooterLine text={footer} failure={failure}/>
		</Box>
	);
};

/**
The list's last line: where the selection is and the sort, after the selected function's last failure (type and message) when its last invocation failed.
*/
const FooterLine = ({text, failure}: {text: string; failure?: string}) => (
	<Text wrap='truncate'>
		{failure ? <Text color='red'>{failure}  </Text> : null}
		<Text dimColor>{text}</Text>
	</Text>
);
