import type {FunctionConfiguration, InvocationRecord, LogEvent} from '../core/types.js';

/**
What the service tells watchers as it happens: new log lines, finished invocations, and functions that changed (with their new configuration, unless deleted).
*/
export type ServiceEvent =
	| {type: 'log'; functionName: string; events: LogEvent[]}
	| {type: 'invocation'; record: InvocationRecord}
	| {type: 'function'; functionName: string; change: 'created' | 'updated' | 'deleted'; configuration?: FunctionConfiguration};

export type ServiceListener = (event: ServiceEvent) => void;

/**
A small fan-out of service events. A listener that throws is dropped from nothing and breaks nothing: its error is swallowed.
*/
export class EventHub {
	readonly #listeners = new Set<ServiceListener>();

	subscribe(listener: ServiceListener) {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	emit(event: ServiceEvent) {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch {}
		}
	}
}
