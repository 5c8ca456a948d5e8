import {useEffect, useState} from 'react';
import {supportedRuntimes} from '../../core/runtimes.js';
import type {LambdeckClient} from '../../client/client.js';

let known: Promise<string[]> | undefined;

/**
The runtimes the service's machine can run, for the runtime pickers. Until the service has answered (it asks each interpreter once), every runtime Lambda supports is offered.
*/
export const useRuntimes = (client: LambdeckClient): readonly string[] => {
	const [runtimes, setRuntimes] = useState<readonly string[]>(supportedRuntimes);
	useEffect(() => {
		let current = true;
		known ??= client.listRuntimes().then(list => list.map(support => support.Runtime), () => [...supportedRuntimes]);
		void known.then(list => {
			if (current) {
				setRuntimes(list);
			}
		});
		return () => {
			current = false;
		};
	}, [client]);
	return runtimes;
};
