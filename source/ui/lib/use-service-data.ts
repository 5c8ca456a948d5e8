import {useEffect, useRef, useState} from 'react';
import type {ConnectionState, LambdeckClient} from '../../client/client.js';
import type {FunctionConfiguration, InvocationRecord} from '../../core/types.js';
import {diagnose} from './diagnostics.js';
import {describeError} from './errors.js';
import {applyFunctionChanges, type FunctionChanges} from './function-changes.js';

const recordsPerFunction = 10_000;

/**
The functions, their invocation records and whether the service is reachable, kept current from the client's events. Each time a lost connection comes back (or the first listing failed), the functions are listed again. The functions are listed once; after that, function events carry the new configuration and are applied in place (batched, at most every 50 ms), and only an event without one makes the list load again. Invocations are appended to a map whose `recordsVersion` moves at most every 100 ms.
*/
export const useServiceData = (client: LambdeckClient, notify: (message: string, level?: 'info' | 'error') => void) => {
	const [functions, setFunctions] = useState<FunctionConfiguration[]>([]);
	const [functionsLoaded, setFunctionsLoaded] = useState(false);
	const records = useRef(new Map<string, InvocationRecord[]>());
	const [recordsVersion, setRecordsVersion] = useState(0);
	const [connection, setConnection] = useState<ConnectionState>({status: 'connecting'});

	useEffect(() => {
		let closed = false;
		// Changes not yet applied, and for each listing in flight the changes seen since it began (applied again over its result).
		let pending: FunctionChanges = new Map();
		const listings = new Set<FunctionChanges>();
		let latestListing = 0;
		let relist = false;
		let listFailed = false;
		let wasConnected = false;
		let wasLost = false;
		const listFunctions = async () => {
			listFailed = false;
			const listing = ++latestListing;
			const since: FunctionChanges = new Map();
			listings.add(since);
			try {
				const listed = await client.listAllFunctions();
				if (!closed && listing === latestListing) {
					setFunctions(applyFunctionChanges(listed, since));
					setFunctionsLoaded(true);
				}
			} catch (error) {
				listFailed = true;
				if (!closed) {
					notify(`Listing functions failed: ${describeError(error)}`, 'error');
				}
			} finally {
				listings.delete(since);
			}
		};

		let functionsTimer: NodeJS.Timeout | undefined;
		const flushFunctions = () => {
			functionsTimer = undefined;
			const changes = pending;
			pending = new Map();
			if (relist) {
				relist = false;
				void listFunctions();
			} else {
				setFunctions(previous => applyFunctionChanges(previous, changes));
			}
		};

		const add = (record: InvocationRecord) => {
			const list = records.current.get(record.functionName) ?? [];
			list.push(record);
			if (list.length > recordsPerFunction) {
				list.splice(0, list.length - recordsPerFunction);
			}

			records.current.set(record.functionName, list);
		};

		void listFunctions();
		// The stored records, merged with those that arrived live meanwhile (or, after a reconnection, before), in time order.
		const loadRecords = async () => {
			try {
				const stored = await client.invocationRecords();
				// An asynchronous event's attempts share its request id: a record is its request id and its end.
				const byId = new Map([...stored, ...[...records.current.values()].flat()].map(record => [`${record.requestId} ${record.timestamp}`, record]));
				records.current = new Map();
				for (const record of [...byId.values()].sort((a, b) => a.timestamp - b.timestamp)) {
					add(record);
				}

				setRecordsVersion(version => version + 1);
			} catch (error) {
				diagnose(`invocationRecords: ${describeError(error)}`);
			}
		};

		void loadRecords();
		let recordsTimer: NodeJS.Timeout | undefined;
		const unsubscribe = client.subscribe(event => {
			if (event.type === 'function') {
				if (event.change === 'deleted') {
					records.current.delete(event.functionName);
				}

				const configuration = event.change === 'deleted' ? undefined : event.configuration;
				if (event.change === 'deleted' || configuration) {
					pending.set(event.functionName, configuration);
					for (const since of listings) {
						since.set(event.functionName, configuration);
					}
				} else {
					relist = true;
				}

				functionsTimer ??= setTimeout(flushFunctions, 50);
			} else if (event.type === 'invocation') {
				add(event.record);
				recordsTimer ??= setTimeout(() => {
					recordsTimer = undefined;
					setRecordsVersion(version => version + 1);
				}, 100);
			}
		});
		const unwatch = client.watchConnection(state => {
			setConnection(state);
			if (state.status === 'connected') {
				if (wasLost || listFailed) {
					void listFunctions();
				}

				if (wasLost) {
					void loadRecords();
				}

				wasConnected = true;
				wasLost = false;
			} else if (state.status === 'disconnected' && wasConnected) {
				wasLost = true;
			}
		});
		return () => {
			closed = true;
			unwatch();
			unsubscribe();
			clearTimeout(functionsTimer);
			clearTimeout(recordsTimer);
		};
	}, [client, notify]);

	return {functions, functionsLoaded, records: records.current, recordsVersion, connection};
};
