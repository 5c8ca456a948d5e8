import {useCallback, useEffect, useRef, useState} from 'react';
import {describeError} from './errors.js';

/**
What a poll has: the latest value (undefined until the first answer), the latest failure in words (cleared by the next answer), and `refresh` to read again now.
*/
export type Polled<T> = {value: T | undefined; problem: string | undefined; refresh: () => void};

/**
Read something now and again every `intervalMs` (0: only when `refresh` is called or a dependency changes), one read at a time; an answer that arrives after the view is gone, or after a newer read began, is dropped. `load` undefined means nothing can be read (the endpoint lacks it).
*/
export const usePolling = <T>(load: (() => Promise<T>) | undefined, intervalMs: number, dependencies: unknown[]): Polled<T> => {
	const [value, setValue] = useState<T | undefined>();
	const [problem, setProblem] = useState<string | undefined>();
	const [tick, setTick] = useState(0);
	const loadRef = useRef(load);
	loadRef.current = load;
	const refresh = useCallback(() => {
		setTick(previous => previous + 1);
	}, []);
	useEffect(() => {
		const read = loadRef.current;
		if (!read) {
			return;
		}

		let current = true;
		let timer: NodeJS.Timeout | undefined;
		void read().then(answer => {
			if (current) {
				setValue(answer);
				setProblem(undefined);
			}
		}, (error: unknown) => {
			if (current) {
				setProblem(describeError(error));
			}
		}).finally(() => {
			if (current && intervalMs > 0) {
				timer = setTimeout(refresh, intervalMs);
			}
		});
		return () => {
			current = false;
			clearTimeout(timer);
		};
	}, [tick, refresh, intervalMs, ...dependencies]);
	return {value, problem, refresh};
};
