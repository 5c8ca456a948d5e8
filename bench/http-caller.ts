import net from 'node:net';

/**
A response as the lean caller reads it: status, the headers it was asked to keep, and the body.
*/
export type CallerResponse = {status: number; headers: Record<string, string>; body: Buffer};

type Connection = {socket: net.Socket; received: Buffer; waiting?: {resolve: (response: CallerResponse) => void; reject: (error: Error) => void}};

const parse = (connection: Connection) => {
	const {received} = connection;
	const headerEnd = received.indexOf('\r\n\r\n');
	if (headerEnd < 0 || !connection.waiting) {
		return;
	}

	const lines = received.toString('latin1', 0, headerEnd).split('\r\n');
	const headers: Record<string, string> = {};
	for (let index = 1; index < lines.length; index++) {
		const colon = lines[index]!.indexOf(':');
		headers[lines[index]!.slice(0, colon).trim().toLowerCase()] = lines[index]!.slice(colon + 1).trim();
	}

	const end = headerEnd + 4 + Number(headers['content-length'] ?? 0);
	if (received.length < end) {
		return;
	}

	connection.received = received.subarray(end);
	const {resolve} = connection.waiting;
	connection.waiting = undefined;
	resolve({status: Number(lines[0]!.split(' ')[1]), headers, body: received.subarray(headerEnd + 4, end)});
};

/**
A lean HTTP/1.1 keep-alive caller, as load generators such as wrk or autocannon are: up to `connections` sockets, one request in flight on each, responses read by their Content-Length. It costs the bench's process a fraction of what `http.request` does, so that more of the machine is left to the server being measured.
*/
export class HttpCaller {
	readonly #host: string;
	readonly #port: number;
	readonly #connections: number;
	readonly #idle: Connection[] = [];
	readonly #all = new Set<Connection>();
	readonly #queue: Array<(connection: Connection) => void> = [];

	constructor(url: string, connections: number) {
		const parsed = new URL(url);
		this.#host = parsed.hostname;
		this.#port = Number(parsed.port);
		this.#connections = connections;
	}

	/**
	Send one request with a body and resolve with its response.
	*/
	async request(method: string, pathName: string, body: Buffer): Promise<CallerResponse> {
		const connection = await this.#take();
		try {
			return await new Promise<CallerResponse>((resolve, reject) => {
				connection.waiting = {resolve, reject};
				connection.socket.write(Buffer.concat([Buffer.from(`${method} ${pathName} HTTP/1.1\r\nHost: ${this.#host}:${this.#port}\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), body]));
			});
		} finally {
			this.#give(connection);
		}
	}

	close() {
		for (const connection of this.#all) {
			connection.socket.destroy();
		}
	}

	async #take(): Promise<Connection> {
		const idle = this.#idle.pop();
		if (idle) {
			return idle;
		}

		if (this.#all.size < this.#connections) {
			const connection: Connection = {socket: net.connect({host: this.#host, port: this.#port}), received: Buffer.alloc(0)};
			connection.socket.setNoDelay(true);
			connection.socket.on('data', (chunk: Buffer) => {
				connection.received = connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
				parse(connection);
			});
			const fail = (error?: Error) => {
				this.#all.delete(connection);
				connection.waiting?.reject(error ?? new Error('The server closed the connection'));
				connection.waiting = undefined;
			};

			connection.socket.on('error', fail);
			connection.socket.on('close', () => fail());
			this.#all.add(connection);
			return connection;
		}

		return new Promise(resolve => this.#queue.push(resolve));
	}

	#give(connection: Connection) {
		if (!this.#all.has(connection)) {
			return;
		}

		const next = this.#queue.shift();
		if (next) {
			next(connection);
		} else {
			this.#idle.push(connection);
		}
	}
}
