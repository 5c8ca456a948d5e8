import {useCallback, useRef, useState} from 'react';

/**
The status line's message and the ways to change it: `notify`, `retract` (clear an error that starts with a prefix, because what it was about is fixed), and `commandFailed`/`clearCommandError` (a `:` command's error lasts until the next move).
*/
export const useStatus = () => {
	const [status, setStatus] = useState<{message: string; level: 'info' | 'error'}>({message: 'Ready. Press ? for keys.', level: 'info'});
	const notify = useCallback((message: string, level: 'info' | 'error' = 'info') => {
		setStatus({message, level});
	}, []);
	const retract = useCallback((prefix: string) => {
		setStatus(previous => previous.level === 'error' && previous.message.startsWith(prefix) ? {message: '', level: 'info'} : previous);
	}, []);
	const commandError = useRef<string | undefined>(undefined);
	const commandFailed = useCallback((message: string) => {
		setStatus({message, level: 'error'});
		commandError.current = message;
	}, []);
	const clearCommandError = useCallback(() => {
		const message = commandError.current;
		commandError.current = undefined;
		if (message) {
			setStatus(previous => previous.message === message ? {message: '', level: 'info'} : previous);
		}
	}, []);
	return {status, notify, retract, commandFailed, clearCommandError};
};
