import {useCallback, useEffect, useRef, useState} from 'react';

/**
One line of a logs pane.
*/
export type LogLine = {timestamp: number; message: string; functionName: string};

/**
A bounded ring of log lines whose appends are batched: lines wait in a ref and reach the screen at most every `flushMs`, so a burst of thousands costs a few renders.
*/
export const useLogBuffer = (capacity = 10_000, flushMs = 50) => {
	const lines = useRef<LogLine[]>([]);
	const pending = useRef<LogLine[]>([]);
	const timer = useRef<NodeJS.Timeout | undefined>(undefined);
	const [version, setVersion] = useState(0);

	const flush = useCallback(() => {
		timer.current = undefined;
		if (pending.current.length === 0) {
			return;
		}

		const next = lines.current.concat(pending.current);
		pending.current = [];
		lines.current = next.length > capacity ? next.slice(next.length - capacity) : next;
		setVersion(value => value + 1);
	}, [capacity]);

	const append = useCallback((added: LogLine[]) => {
		pending.current.push(...added);
		timer.current ??= setTimeout(flush, flushMs);
	}, [flush, flushMs]);

	/**
	Put stored lines before the live ones, leaving out any a live event already delivered (same time or later than the first live line).
	*/
	const seed = useCallback((stored: LogLine[]) => {
		const live = [...lines.current, ...pending.current];
		const firstLive = live[0]?.timestamp ?? Number.POSITIVE_INFINITY;
		const older = stored.filter(line => line.timestamp < firstLive);
		const next = older.concat(lines.current);
		lines.current = next.length > capacity ? next.slice(next.length - capacity) : next;
		setVersion(value => value + 1);
	}, [capacity]);

	const clear = useCallback(() => {
		lines.current = [];
		pending.current = [];
		setVersion(value => value + 1);
	}, []);

	useEffect(() => () => {
		clearTimeout(timer.current);
	}, []);

	return {lines, version, append, seed, clear};
};
