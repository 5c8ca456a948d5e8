import {useConsole, useKeys} from '../console-context.js';
import {actionFor, type KeyScope} from '../key-map.js';
import {useSyncState} from './sync-state.js';

/**
A full-screen view's scroll position over `lineCount` lines shown `rows` at a time, moved by the view's scroll keys (down, up, page down, page up, top, bottom) from the key map.
*/
export const useScrollKeys = (scope: KeyScope, lineCount: number, rows: number) => {
	const {readonly} = useConsole();
	const [scroll, setScroll] = useSyncState(0);
	useKeys('view', [scope], event => {
		const by = (step: number) => {
			setScroll(previous => Math.max(0, Math.min(previous + step, lineCount - rows)));
		};

		switch (actionFor([scope], event, readonly)) {
			case 'down': { by(1); return true; }
			case 'up': { by(-1); return true; }
			case 'page-down': { by(rows - 1); return true; }
			case 'page-up': { by(1 - rows); return true; }
			case 'top': { setScroll(0); return true; }
			case 'bottom': { by(lineCount); return true; }
			default: { return false; }
		}
	});
	return scroll;
};
