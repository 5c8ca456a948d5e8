import {useCallback, useRef, useState, type MutableRefObject} from 'react';

/**
State whose current value is readable at once through a ref, so that the characters of one coalesced keypress each see the change the previous one made.
*/
export const useSyncState = <T>(initial: T): [MutableRefObject<T>, (next: T | ((previous: T) => T)) => void] => {
	const ref = useRef(initial);
	const [, setTick] = useState(0);
	const set = useCallback((next: T | ((previous: T) => T)) => {
		ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
		setTick(tick => tick + 1);
	}, []);
	return [ref, set];
};
