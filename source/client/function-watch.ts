import type {FunctionConfiguration} from '../core/types.js';
import type {ServiceEvent} from '../service/events.js';
import type {ConnectionState} from './client.js';

/**
Tell watchers of functions created, changed and deleted on an endpoint with no event stream, by listing its functions every `intervalMs` and comparing each one's RevisionId and LastModified with the last listing.
*/
export const watchFunctionList = ({list, emit, connection, intervalMs = 10_000}: {
	list: () => Promise<FunctionConfiguration[]>;
	emit: (event: ServiceEvent) => void;
	connection: (state: ConnectionState) => void;
	intervalMs?: number;
}) => {
	let known: Map<string, FunctionConfiguration> | undefined;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;
	const round = async () => {
		let functions: FunctionConfiguration[];
		try {
			functions = await list();
		} catch (error) {
			connection({status: 'disconnected', detail: (error as Error).message});
			return;
		}

		connection({status: 'connected', detail: 'polling, no event stream'});
		const current = new Map(functions.map(configuration => [configuration.FunctionName, configuration]));
		if (known) {
			for (const [name, configuration] of current) {
				const before = known.get(name);
				if (!before || before.RevisionId !== configuration.RevisionId || before.LastModified !== configuration.LastModified) {
					emit({type: 'function', functionName: name, change: before ? 'updated' : 'created', configuration});
				}
			}

			for (const name of known.keys()) {
				if (!current.has(name)) {
					emit({type: 'function', functionName: name, change: 'deleted'});
				}
			}
		}

		known = current;
	};

	const schedule = (delay: number) => {
		timer = setTimeout(() => {
			void round().catch((error: unknown) => {
				connection({status: 'disconnected', detail: (error as Error).message});
			}).finally(() => {
				if (!closed) {
					schedule(intervalMs);
				}
			});
		}, delay);
	};

	schedule(0);
	return {
		close() {
			closed = true;
			clearTimeout(timer);
		},
	};
};
