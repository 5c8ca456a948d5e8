import {useCallback, useRef, type MutableRefObject} from 'react';
import type {ConfirmRequest, Route} from '../console-context.js';
import {useSyncState} from './sync-state.js';

/**
The console's route history and the moves through it. Leaving a form with unsaved edits asks first; each move marks that the next keys must wait for the new view (`awaitRender`) and drops a `:` command's error (`onMove`).
*/
export const useNavigation = (initialRoute: Route, confirm: (request: ConfirmRequest) => void, onMove: () => void, awaitRender: MutableRefObject<boolean>) => {
	const [history, setHistory] = useSyncState<Route[]>([initialRoute]);
	const dirty = useRef<(() => string | undefined) | undefined>(undefined);

	const leave = useCallback((action: () => void) => {
		const unsaved = dirty.current?.();
		if (!unsaved) {
			action();
			return;
		}

		confirm({title: 'Discard unsaved edits?', lines: [unsaved], confirmLabel: 'Discard', onConfirm() {
			dirty.current = undefined;
			action();
		}});
	}, [confirm]);

	const move = useCallback((next: (previous: Route[]) => Route[]) => {
		awaitRender.current = true;
		onMove();
		setHistory(next);
	}, [onMove, setHistory, awaitRender]);
	const navigate = useCallback((next: Route) => {
		leave(() => {
			move(previous => [...previous, next]);
		});
	}, [leave, move]);
	const replaceRoute = useCallback((next: Route) => {
		move(previous => [...previous.slice(0, -1), next]);
	}, [move]);
	const back = useCallback(() => {
		leave(() => {
			move(previous => previous.length > 1 ? previous.slice(0, -1) : previous);
		});
	}, [leave, move]);

	return {history, dirty, leave, navigate, replaceRoute, back};
};
