import {useCallback, useState} from 'react';
import {diagnose} from './diagnostics.js';
import {describeError} from './errors.js';

/**
One entry of the `@` operations log.
*/
export type Operation = {time: number; label: string; outcome: 'running' | 'ok' | 'error'; detail?: string};

/**
Says why a result that did not throw is still a failure (an invoke answered with `FunctionError`), or undefined when it is not.
*/
export type Judge<T> = (result: T) => string | undefined;

/**
The `@` operations log and the runner that records into it: each operation is logged as running, then ok or error (with why), and the status line says how it went.
*/
export const useOperations = (notify: (message: string, level?: 'info' | 'error') => void) => {
	const [operations, setOperations] = useState<Operation[]>([]);
	const runOp = useCallback(async <T,>(label: string, operation: () => Promise<T>, judge?: Judge<T>) => {
		const time = Date.now();
		setOperations(previous => [...previous.slice(-199), {time, label, outcome: 'running'}]);
		notify(`${label}…`);
		const settle = (entry: Operation) => {
			setOperations(previous => previous.map(candidate => candidate.time === time && candidate.label === label ? entry : candidate));
		};

		try {
			const result = await operation();
			const failure = judge?.(result);
			settle({time, label, outcome: failure ? 'error' : 'ok', detail: failure});
			notify(failure ? `${label} failed: ${failure}` : `${label}: done`, failure ? 'error' : 'info');
			return result;
		} catch (error) {
			const detail = describeError(error);
			diagnose(`${label} failed: ${detail}`);
			settle({time, label, outcome: 'error', detail});
			notify(`${label} failed: ${detail}`, 'error');
			return undefined;
		}
	}, [notify]);
	return {operations, runOp};
};
