import type http from 'node:http';
import {LambdaError} from '../core/errors.js';
import type {ServiceEvent} from '../service/events.js';
import type {LambdaService} from '../service/lambda-service.js';
import {EventRing} from './event-ring.js';
import {renderRestJsonError, type ApiPlugin, type ApiRequest} from './server.js';

/**
How the event stream behaves: how much backlog it keeps, how often idle connections hear a heartbeat by default.
*/
export type EventsApiOptions = {
	service: LambdaService;
	/** The most events kept for reconnecting clients. */
	capacity?: number;
	/** About the most bytes of events kept. */
	maxBytes?: number;
	heartbeatMs?: number;
	/** Told how many clients follow the stream, each time one comes or goes. */
	onWatchers?: (count: number) => void;
};

type Client = {
	response: http.ServerResponse;
	lastSent: number;
	waiting: boolean;
	timer: NodeJS.Timeout;
};

const path = '/_lambdeck/events';

const frame = (id: number, type: string, data: unknown) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
About how long an event's frame is, without rendering it: log batches by their messages, invocation records by their usual size. Function changes are rare and rendered at once.
*/
const sizeOf = (event: ServiceEvent) => {
	switch (event.type) {
		case 'log': {
			let size = 64 + event.functionName.length;
			for (const logEvent of event.events) {
				size += 64 + logEvent.message.length + logEvent.logStreamName.length;
			}

			return size;
		}

		case 'invocation': {
			return 320;
		}

		default: {
			return undefined;
		}
	}
};

const cursorOf = (request: Omit<ApiRequest, 'body'>) => {
	const header = request.headers['last-event-id'];
	const text = request.query.get('since') ?? (Array.isArray(header) ? header[0] : header);
	return text === undefined || text === '' ? undefined : Number(text);
};

const heartbeatOf = (request: Omit<ApiRequest, 'body'>, fallback: number) => {
	const asked = Number(request.query.get('heartbeat'));
	return Number.isFinite(asked) && asked > 0 ? Math.min(Math.max(asked, 100), 60_000) : fallback;
};

/**
lambdeck's own event stream, `GET /_lambdeck/events`, as server-sent events: every log batch (`log`), finished invocation (`invocation`) and function change (`function`) of the service, as it happens, each with an increasing id.

A client that reconnects with `?since=<id>` or `Last-Event-ID` gets what it missed from a bounded backlog; one that is too far behind (or brings an id of an earlier run) gets a `reload` event and then the live stream. Each stream starts with a `ready` event whose id is the client's cursor. A client that reads slowly is never buffered for: while its socket is full it is skipped, and it catches up from the backlog (or is told to reload) when it drains. Heartbeat comments (every `?heartbeat=<ms>`, default 15 s) keep idle connections open. Closing the plugin ends every stream.
*/
export const eventsApi = ({service, capacity, maxBytes, heartbeatMs = 15_000, onWatchers}: EventsApiOptions) => {
	const ring = new EventRing({capacity, maxBytes});
	const clients = new Set<Client>();

	const pump = (client: Client) => {
		if (client.waiting || client.response.destroyed) {
			return;
		}

		if (!ring.covers(client.lastSent)) {
			const reason = client.lastSent < ring.oldestId ? 'This client is behind what lambdeck keeps; read the state again.' : 'This cursor is not one of this server\'s; read the state again.';
			client.lastSent = ring.latestId;
			if (!client.response.write(frame(client.lastSent, 'reload', {reason, latest: ring.latestId}))) {
				client.waiting = true;
				return;
			}
		}

		for (let entry = ring.after(client.lastSent); entry; entry = ring.after(client.lastSent)) {
			client.lastSent = entry.id;
			if (!client.response.write(entry.text)) {
				client.waiting = true;
				return;
			}
		}
	};

	const unsubscribe = service.subscribe((event: ServiceEvent) => {
		ring.push(id => frame(id, event.type, event), sizeOf(event));
		for (const client of clients) {
			pump(client);
		}
	});

	const open = (request: Omit<ApiRequest, 'body'>, response: http.ServerResponse) => {
		const cursor = cursorOf(request);
		response.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no'});
		response.socket?.setNoDelay(true);
		const client: Client = {
			response,
			lastSent: cursor ?? ring.latestId,
			waiting: false,
			timer: setInterval(() => {
				if (!client.waiting) {
					client.waiting = !response.write(': heartbeat\n\n');
				}
			}, heartbeatOf(request, heartbeatMs)),
		};
		clients.add(client);
		onWatchers?.(clients.size);
		response.on('drain', () => {
			client.waiting = false;
			pump(client);
		});
		response.on('close', () => {
			clearInterval(client.timer);
			if (clients.delete(client)) {
				onWatchers?.(clients.size);
			}
		});
		const start = ring.covers(client.lastSent) ? client.lastSent : ring.latestId;
		response.write(`retry: 1000\n${frame(start, 'ready', {cursor: start, oldest: ring.oldestId, latest: ring.latestId})}`);
		pump(client);
	};

	const plugin: ApiPlugin & {close(): void} = {
		name: 'lambdeck-events',
		claims: request => request.rawPath === path,
		bodyLimit: () => 0,
		async handle(request) {
			if (request.method !== 'GET') {
				throw new LambdaError('MethodNotAllowedException', 405, `${path} is read with GET.`);
			}

			return {stream: response => open(request, response)};
		},
		renderError: error => renderRestJsonError(error),
		close() {
			unsubscribe();
			for (const client of clients) {
				clearInterval(client.timer);
				// A client that is not reading would hold the server open while its last bytes wait: it is cut off.
				if (client.waiting) {
					client.response.destroy();
				} else {
					client.response.end();
				}
			}

			clients.clear();
		},
	};
	return plugin;
};
