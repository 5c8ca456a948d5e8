import {useState} from 'react';
import type {FunctionConfiguration} from '../../core/types.js';

/**
The newest of a function's configuration as listed and as a save just returned, so that a form shows its saved values before the function list catches up.
*/
export const useLatestConfiguration = (listed: FunctionConfiguration): [FunctionConfiguration, (saved: FunctionConfiguration) => void] => {
	const [saved, setSaved] = useState<FunctionConfiguration | undefined>();
	const latest = saved && saved.FunctionName === listed.FunctionName && saved.LastModified >= listed.LastModified ? saved : listed;
	return [latest, setSaved];
};
