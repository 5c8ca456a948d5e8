import {useLayoutEffect} from 'react';
import type {ConsoleApi} from '../console-context.js';

/**
Clear a form's validation error from the status line (the one starting with `prefix`, such as `Cannot save: `) once the form's input is valid again, so that the status line does not go on reporting a problem that is gone.
*/
export const useRetractWhenValid = (api: ConsoleApi, prefix: string, valid: boolean) => {
	useLayoutEffect(() => {
		if (valid) {
			api.retract(prefix);
		}
	}, [valid, prefix]);
};
