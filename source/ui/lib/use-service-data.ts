import {useCallback, useEffect, useRef, useState} from 'react';
import type {LambdeckClient} from '../../client/client.js';
import type {FunctionConfiguration, InvocationRecord} from '../../core/types.js';
import {diagnose} from './diagnostics.js';
import {describeError} from './errors.js';

const recordsPerFunction = 10_000;

/**
The functions and their invocation records, kept current from the client's events. Function changes reload the list (debounced); invocations are appended to a map whose `recordsVersion` moves at most every 100 ms.
*/
export const useServiceData = (client: LambdeckClient, notify: (message: string, level?: 'info' | 'error') => void) => {
	const [functions, setFunctions] = useState<FunctionConfiguration[]>([]);
	const [functionsLoaded, setFunctionsLoaded] = useState(false);
	const records = useRef(new Map<string, InvocationRecord[]>());
	const [recordsVersion, setRecordsVersion] = useState(0);

	const reload = useCallback(async () => {
		try {
			setFunctions(await client.listAllFunctions());
			setFunctionsLoaded(true);
		} catch (error) {
			notify(`Listing functions failed: ${describeError(error)}`, 'error');
		}
	}, [client, notify]);

	useEffect(() => {
		const add = (record: InvocationRecord) => {
			const list = records.current.get(record.functionName) ?? [];
			list.push(record);
			if (list.length > recordsPerFunction) {
				list.splice(0, list.length - recordsPerFunction);
			}

			records.current.set(record.functionName, list);
		};

		void reload();
		void client.invocationRecords().then(stored => {
			// Records that arrived live while these were read are already in the map.
			const seen = new Set([...records.current.values()].flat().map(record => record.requestId));
			const live = records.current;
			records.current = new Map();
			for (const record of stored) {
				if (!seen.has(record.requestId)) {
					add(record);
				}
			}

			for (const record of [...live.values()].flat()) {
				add(record);
			}

			setRecordsVersion(version => version + 1);
		}).catch((error: unknown) => {
			diagnose(`invocationRecords: ${describeError(error)}`);
		});
		let reloadTimer: NodeJS.Timeout | undefined;
		let recordsTimer: NodeJS.Timeout | undefined;
		const unsubscribe = client.subscribe(event => {
			if (event.type === 'function') {
				if (event.change === 'deleted') {
					records.current.delete(event.functionName);
				}

				clearTimeout(reloadTimer);
				reloadTimer = setTimeout(() => void reload(), 50);
			} else if (event.type === 'invocation') {
				add(event.record);
				recordsTimer ??= setTimeout(() => {
					recordsTimer = undefined;
					setRecordsVersion(version => version + 1);
				}, 100);
			}
		});
		return () => {
			unsubscribe();
			clearTimeout(reloadTimer);
			clearTimeout(recordsTimer);
		};
	}, [client, reload]);

	return {functions, functionsLoaded, records: records.current, recordsVersion};
};
