import type http from 'node:http';
import type net from 'node:net';

/**
One request to the Runtime API and its answer, whichever transport carried it: node's HTTP server (custom runtimes on TCP) or the lean connection below (our runtime clients on the environment's Unix socket).
*/
export type Exchange = {
	method: string;
	url: string;
	header(name: string): string | undefined;
	/** The body, or its size when it is larger than `max`. */
	body(max: number): Promise<Buffer | number>;
	reply(status: number, headers: Record<string, string | number>, body: Uint8Array): void;
	/** Answer a reply or error that the runtime sent: it need not have the answer before the invoke's own, so it may be written later (with the next event, when the runtime has already asked for it). */
	acknowledge(status: number, headers: Record<string, string | number>, body: Uint8Array): void;
	destroy(): void;
};

const readBody = async (request: http.IncomingMessage, max: number): Promise<Buffer | number> => new Promise((resolve, reject) => {
	const chunks: Buffer[] = [];
	let size = 0;
	request.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size <= max) {
			chunks.push(chunk);
		}
	});
	request.once('end', () => {
		resolve(size > max ? size : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
	});
	request.once('error', reject);
	request.once('close', () => {
		if (!request.complete) {
			reject(new Error('The runtime closed the connection before its request ended'));
		}
	});
});

/**
An exchange on node's HTTP server. An acknowledgement is written two turns of the event loop later, after the invoke's answer.
*/
export const httpExchange = (request: http.IncomingMessage, response: http.ServerResponse): Exchange => ({
	method: request.method ?? '',
	url: request.url ?? '',
	header: name => {
		const value = request.headers[name];
		return Array.isArray(value) ? value.join(', ') : value;
	},
	body: async max => readBody(request, max),
	reply(status, headers, body) {
		request.resume();
		response.writeHead(status, headers);
		response.end(body);
	},
	acknowledge(status, headers, body) {
		setImmediate(() => setImmediate(() => {
			response.writeHead(status, headers);
			response.end(body);
		}));
	},
	destroy() {
		request.destroy();
		response.destroy();
	},
});

const maxHead = 16 * 1024;

const statusText: Record<number, string> = {200: 'OK', 202: 'Accepted', 400: 'Bad Request', 404: 'Not Found', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large'};

type Slot = {bytes?: Buffer; acknowledgement?: boolean};

type Body = {exchange: Exchange; length: number; chunks: Buffer[]; size: number; max: number; done: (body: Buffer | number) => void};

const head = (status: number, headers: Record<string, string | number>) => {
	let text = `HTTP/1.1 ${status} ${statusText[status] ?? 'OK'}\r\n`;
	for (const name in headers) {
		text += `${name}: ${headers[name]}\r\n`;
	}

	return Buffer.from(`${text}\r\n`, 'latin1');
};

/**
HTTP/1.1 as our runtime clients speak it on the environment's Unix socket, and no more: requests with a `Content-Length` body (anything else is answered 400 and the connection closed), pipelined, answered in order, kept alive. A body is kept up to `maxBody` bytes unless the handler asks for another limit at once; past it, only its size is told.

Answers are written in order, each run of finished ones in one write. An acknowledgement waits while a request behind it is still unanswered, so that a reply's 202 goes out with the next event in one write, and the runtime wakes once per invoke.
*/
export const serveLean = (socket: net.Socket, maxBody: number, onExchange: (exchange: Exchange) => void) => {
	let buffered: Buffer = Buffer.alloc(0);
	let reading: Body | undefined;
	let closed = false;
	const slots: Slot[] = [];
	const flush = () => {
		let ready = 0;
		while (ready < slots.length && slots[ready]!.bytes) {
			ready++;
		}

		if (ready > 0 && ready < slots.length && slots[ready - 1]!.acknowledgement) {
			ready--;
		}

		if (ready > 0 && !socket.destroyed) {
			const out = slots.splice(0, ready).map(slot => slot.bytes!);
			socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
		}
	};

	const refuse = (status: number) => {
		closed = true;
		socket.end(head(status, {'Content-Length': 0, Connection: 'close'}));
	};

	const exchangeOf = (method: string, url: string, headers: Map<string, string>, body: Promise<Buffer | number>): Exchange => {
		const slot: Slot = {};
		slots.push(slot);
		const write = (status: number, outgoing: Record<string, string | number>, bytes: Uint8Array, acknowledgement: boolean) => {
			slot.bytes = Buffer.concat([head(status, outgoing), bytes]);
			slot.acknowledgement = acknowledgement;
			flush();
		};

		const exchange: Exchange = {
			method,
			url,
			header: name => headers.get(name),
			async body(max) {
				if (reading?.exchange === exchange) {
					reading.max = max;
				}

				const read = await body;
				return typeof read === 'number' || read.length <= max ? read : read.length;
			},
			reply: (status, outgoing, bytes) => write(status, outgoing, bytes, false),
			acknowledge: (status, outgoing, bytes) => write(status, outgoing, bytes, true),
			destroy: () => socket.destroy(),
		};
		return exchange;
	};

	const parse = () => {
		while (!closed && !socket.destroyed) {
			if (reading) {
				const take = Math.min(reading.length - reading.size, buffered.length);
				if (reading.size + take <= reading.max) {
					reading.chunks.push(buffered.subarray(0, take));
				}

				reading.size += take;
				buffered = buffered.subarray(take);
				if (reading.size < reading.length) {
					return;
				}

				const {done, chunks, size, max} = reading;
				reading = undefined;
				done(size > max ? size : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
				continue;
			}

			const end = buffered.indexOf('\r\n\r\n');
			if (end < 0) {
				if (buffered.length > maxHead) {
					refuse(431);
				}

				return;
			}

			const lines = buffered.toString('latin1', 0, end).split('\r\n');
			buffered = buffered.subarray(end + 4);
			const [method, url, version, extra] = lines[0]!.split(' ');
			const headers = new Map<string, string>();
			for (let index = 1; index < lines.length; index++) {
				const colon = lines[index]!.indexOf(':');
				headers.set(lines[index]!.slice(0, colon).trim().toLowerCase(), lines[index]!.slice(colon + 1).trim());
			}

			const length = Number(headers.get('content-length') ?? 0);
			if (!method || !url?.startsWith('/') || version !== 'HTTP/1.1' || extra !== undefined || headers.has('transfer-encoding') || !Number.isSafeInteger(length) || length < 0) {
				refuse(400);
				return;
			}

			let done: (body: Buffer | number) => void = () => {};
			const body = length === 0 ? Promise.resolve(Buffer.alloc(0)) : new Promise<Buffer | number>(resolve => {
				done = resolve;
			});
			const exchange = exchangeOf(method, url, headers, body);
			if (length > 0) {
				reading = {exchange, length, chunks: [], size: 0, max: maxBody, done};
			}

			onExchange(exchange);
		}
	};

	socket.on('data', (chunk: Buffer) => {
		buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
		parse();
	});
	socket.on('error', () => {});
};
