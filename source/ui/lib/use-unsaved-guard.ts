import {useLayoutEffect, useRef} from 'react';
import type {ConsoleApi} from '../console-context.js';

/**
Tell the shell how to describe a form's unsaved edits, so that leaving it warns first. `describe` is called at the moment of leaving, so it sees the latest edits; it returns undefined when nothing is unsaved.
*/
export const useUnsavedGuard = (api: ConsoleApi, describe: () => string | undefined) => {
	const latest = useRef(describe);
	latest.current = describe;
	useLayoutEffect(() => {
		api.setDirty(() => latest.current());
		return () => {
			api.setDirty(undefined);
		};
	}, []);
};
