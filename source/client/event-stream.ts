import type {ServiceEvent} from '../service/events.js';
import type {ConnectionState} from './client.js';
import {openLambdeckRequest, type Signing} from './lambdeck-http.js';

/**
What the stream hands its owner: each service event, a `reload` when the server could not replay what was missed, and each change of connection.
*/
export type EventStreamHandlers = {
	event(event: ServiceEvent): void;
	reload(): void;
	connection(state: ConnectionState): void;
};

const retryDelays = [250, 500, 1000, 2000, 4000];

/**
Follow lambdeck's event stream (`/_lambdeck/events`, server-sent events) for as long as it is open: when the connection drops it reconnects with the last id it saw, so the server replays what was missed from its backlog, and says so through `connection`. A heartbeat every 5 s lets a silent half-open connection be noticed within 15 s.
*/
export const followEventStream = (endpoint: URL, signing: Signing, handlers: EventStreamHandlers) => {
	let lastId: string | undefined;
	let closed = false;
	let attempt = 0;
	let controller: AbortController | undefined;
	let retryTimer: NodeJS.Timeout | undefined;
	let silenceTimer: NodeJS.Timeout | undefined;

	const dispatch = (block: string) => {
		let id: string | undefined;
		let type: string | undefined;
		let data = '';
		for (const line of block.split('\n')) {
			if (line.startsWith('id: ')) {
				id = line.slice(4);
			} else if (line.startsWith('event: ')) {
				type = line.slice(7);
			} else if (line.startsWith('data: ')) {
				data += line.slice(6);
			}
		}

		if (id !== undefined) {
			lastId = id;
		}

		if (type === 'reload') {
			handlers.reload();
		} else if (type === 'log' || type === 'invocation' || type === 'function') {
			handlers.event(JSON.parse(data) as ServiceEvent);
		}
	};

	const retry = (detail: string) => {
		clearTimeout(silenceTimer);
		controller?.abort();
		if (closed) {
			return;
		}

		handlers.connection({status: attempt === 0 && lastId === undefined ? 'connecting' : 'disconnected', detail});
		retryTimer = setTimeout(connect, retryDelays[Math.min(attempt++, retryDelays.length - 1)]);
	};

	const connect = () => {
		retryTimer = undefined;
		controller = new AbortController();
		const current = controller;
		const watchSilence = () => {
			clearTimeout(silenceTimer);
			silenceTimer = setTimeout(() => retry('no heartbeat for 15 s'), 15_000);
		};

		openLambdeckRequest(endpoint, {method: 'GET', path: '/_lambdeck/events', query: {heartbeat: '5000', ...(lastId === undefined ? {} : {since: lastId})}}, signing, current.signal).then(response => {
			if (response.statusCode !== 200) {
				response.resume();
				retry(`the event stream answered ${response.statusCode}`);
				return;
			}

			attempt = 0;
			handlers.connection({status: 'connected'});
			watchSilence();
			let buffer = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				watchSilence();
				buffer += chunk;
				for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					try {
						dispatch(block);
					} catch {}
				}
			});
			response.once('end', () => {
				if (current === controller) {
					retry('the server ended the event stream');
				}
			});
			response.once('error', () => {
				if (current === controller) {
					retry('the event stream broke');
				}
			});
		}, (error: unknown) => {
			if (current === controller) {
				retry((error as Error).message);
			}
		});
	};

	connect();
	return {
		close() {
			closed = true;
			clearTimeout(retryTimer);
			clearTimeout(silenceTimer);
			controller?.abort();
		},
	};
};
