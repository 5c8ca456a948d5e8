import type {ConnectionState, LambdeckClient, ServiceListener} from './client.js';

/** How often a client that lost its serve looks in the lock file for a new one. */
const lookEveryMs = 1000;

/**
A client of a data dir's `serve` that follows it when it is restarted: while the client is disconnected it reads the lock file again (`find`), and when a serve listens at another URL it opens a client there (`open`), moves every subscriber to it, asks them to read the function list again, and closes the old one. Calls made meanwhile go to the client of the moment.
*/
export const followServe = (first: LambdeckClient, firstUrl: string, find: () => Promise<string | undefined>, open: (url: string) => LambdeckClient): LambdeckClient => {
	let current = first;
	let currentUrl = firstUrl;
	let closed = false;
	let timer: NodeJS.Timeout | undefined;
	let looking = false;
	let state: ConnectionState = {status: 'connecting'};
	const subscriptions = new Map<ServiceListener, () => void>();
	const connectionListeners = new Set<(state: ConnectionState) => void>();
	let unwatch: (() => void) | undefined;

	const bind = () => {
		for (const [listener, stop] of subscriptions) {
			stop();
			subscriptions.set(listener, current.subscribe(listener));
		}

		unwatch?.();
		unwatch = current.watchConnection(next => {
			state = next;
			clearInterval(timer);
			timer = undefined;
			if (next.status === 'disconnected' && !closed) {
				timer = setInterval(look, lookEveryMs);
				timer.unref();
			}

			for (const listener of connectionListeners) {
				listener(next);
			}
		});
	};

	const look = () => {
		if (looking || closed) {
			return;
		}

		looking = true;
		find().then(url => {
			if (url && url !== currentUrl && !closed) {
				const old = current;
				current = open(url);
				currentUrl = url;
				bind();
				old.close().catch(() => undefined);
				for (const listener of subscriptions.keys()) {
					listener({type: 'function', functionName: '', change: 'updated'});
				}
			}
		}, () => undefined).finally(() => {
			looking = false;
		});
	};

	bind();
	const own: Partial<LambdeckClient> = {
		subscribe(listener) {
			subscriptions.set(listener, current.subscribe(listener));
			return () => {
				subscriptions.get(listener)?.();
				subscriptions.delete(listener);
			};
		},
		watchConnection(listener) {
			connectionListeners.add(listener);
			listener(state);
			return () => connectionListeners.delete(listener);
		},
		async close() {
			closed = true;
			clearInterval(timer);
			unwatch?.();
			for (const stop of subscriptions.values()) {
				stop();
			}

			await current.close();
		},
	};
	return new Proxy(own as LambdeckClient, {
		get(_target, property) {
			if (property in own) {
				return own[property as keyof LambdeckClient];
			}

			const value = (current as unknown as Record<PropertyKey, unknown>)[property];
			return typeof value === 'function' ? (value as (...arguments_: unknown[]) => unknown).bind(current) : value;
		},
		has: (_target, property) => property in own || property in current,
	});
};
