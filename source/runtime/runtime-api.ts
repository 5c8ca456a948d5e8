import fs from 'node:fs/promises';
import http from 'node:http';
import net, {type AddressInfo} from 'node:net';
import {limits} from '../core/limits.js';
import {isPeerOf} from './peer-check.js';
import {httpExchange, serveLean, type Exchange} from './runtime-exchange.js';

/**
One event as the Runtime API hands it to `GET /runtime/invocation/next`.
*/
export type RuntimeEvent = {
	requestId: string;
	payload: Uint8Array;
	deadlineMs: number;
	invokedFunctionArn: string;
	traceId: string;
	clientContext?: string;
	cognitoIdentity?: string;
};

/**
What the runtime said about an event: its response, or the error it reported (with the `Lambda-Runtime-Function-Error-Type` header when sent), and how many bytes of log frames it had written by then (our clients' `Lambdeck-Log-Bytes` header).
*/
export type RuntimeReply = (
	| {kind: 'response'; body: Buffer}
	| {kind: 'error'; body: Buffer; errorType?: string}
	| {kind: 'too-large'; size: number}
) & {logBytes?: number};

type Pending = {event: RuntimeEvent; resolve: (reply: RuntimeReply) => void; delivered: boolean};

const json = (exchange: Exchange, status: number, body: unknown) => {
	const bytes = Buffer.from(JSON.stringify(body));
	exchange.reply(status, {'Content-Type': 'application/json', 'Content-Length': bytes.length}, bytes);
};

const accepted = Buffer.from('{"status":"OK"}');
const acceptedHeaders = {'Content-Type': 'application/json', 'Content-Length': accepted.length};

/**
The `Lambdeck-Log-Bytes` header of a request from a runtime: bytes of log frames it has written so far.
*/
const logBytesOf = (exchange: Exchange) => {
	const value = Number(exchange.header('lambdeck-log-bytes') ?? Number.NaN);
	return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
};

/**
The Runtime API of one execution environment: the long-polled `/next`, `/response`, `/error` and `/init/error`, with Lambda's headers and status codes.

It answers only the environment's own processes. Our runtime clients reach it over a Unix socket that only their sandbox sees; custom runtimes, which need `host:port`, reach it on its own port on 127.0.0.1, where a connection is served only when the process at its other end belongs to the environment (its socket is open in a process of the environment's tree), and is otherwise closed before a byte is answered.
*/
export class RuntimeApiServer {
	readonly #server: http.Server;
	readonly #listeners: net.Server[] = [];
	readonly #sockets = new Set<net.Socket>();
	#environmentPid: number | undefined;
	#onFirstConnection: (() => void) | undefined;
	#socketPath: string | undefined;
	#waiting: Exchange | undefined;
	#pending: Pending | undefined;
	#onReady: ((logBytes?: number) => void) | undefined;
	#onInitError: ((body: Buffer, errorType?: string, logBytes?: number) => void) | undefined;

	constructor() {
		this.#server = http.createServer((request, response) => {
			this.#serve(httpExchange(request, response));
		});
		this.#server.keepAliveTimeout = 0;
		this.#server.requestTimeout = 0;
		this.#server.headersTimeout = 0;
		this.#server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
	}

	/**
	Listen on a port of 127.0.0.1 and, when `socketPath` is given, on that Unix socket (its folder should be private to the environment). Returns the `host:port`.
	*/
	async listen(socketPath?: string): Promise<string> {
		const tcp = net.createServer({pauseOnConnect: true}, socket => {
			this.#admit(socket).catch(() => socket.destroy());
		});
		this.#listeners.push(tcp);
		await new Promise<void>((resolve, reject) => {
			tcp.once('error', reject);
			tcp.listen(0, '127.0.0.1', resolve);
		});
		if (socketPath) {
			const unix = net.createServer(socket => {
				this.#accept(socket, true);
			});
			this.#listeners.push(unix);
			await new Promise<void>((resolve, reject) => {
				unix.once('error', reject);
				unix.listen(socketPath, resolve);
			});
			this.#socketPath = socketPath;
			await fs.chmod(socketPath, 0o666);
		}

		return `127.0.0.1:${(tcp.address() as AddressInfo).port}`;
	}

	/**
	Be told once when the environment's first connection is served: by then its sandbox is set up.
	*/
	onFirstConnection(callback: () => void) {
		this.#onFirstConnection = callback;
	}

	/**
	The process whose tree is the environment (under bubblewrap, the sandbox): only its processes are served over TCP.
	*/
	serveProcessesOf(pid: number | undefined) {
		this.#environmentPid = pid;
	}

	/**
	Be told when the runtime first asks for an event (its init is done) or reports an init error.
	*/
	onInit(onReady: (logBytes?: number) => void, onInitError: (body: Buffer, errorType?: string, logBytes?: number) => void) {
		this.#onReady = onReady;
		this.#onInitError = onInitError;
	}

	/**
	Hand an event to the runtime and wait for its reply. One event at a time, as in Lambda.
	*/
	async deliver(event: RuntimeEvent): Promise<RuntimeReply> {
		if (this.#pending) {
			throw new Error('The environment is already handling an event');
		}

		return new Promise(resolve => {
			this.#pending = {event, resolve, delivered: false};
			if (this.#waiting) {
				const waiting = this.#waiting;
				this.#waiting = undefined;
				this.#send(waiting);
			}
		});
	}

	/**
	Forget the event in flight: after a timeout or a crash, a late reply is refused as an unknown request id.
	*/
	abandon() {
		this.#pending = undefined;
	}

	async close() {
		this.#pending = undefined;
		this.#waiting?.destroy();
		this.#waiting = undefined;
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		await Promise.all(this.#listeners.splice(0).map(async listener => new Promise(resolve => {
			listener.close(resolve);
		})));
		if (this.#socketPath) {
			await fs.rm(this.#socketPath, {force: true});
		}
	}

	/**
	Serve a connection: on the Unix socket, where only our runtime clients are, with the lean HTTP/1.1 of `serveLean`; on TCP, with node's HTTP server.
	*/
	#accept(socket: net.Socket, lean = false) {
		const first = this.#onFirstConnection;
		this.#onFirstConnection = undefined;
		first?.();
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
		if (lean) {
			serveLean(socket, limits.syncResponseBytes, exchange => {
				this.#serve(exchange);
			});
		} else {
			this.#server.emit('connection', socket);
		}
	}

	#serve(exchange: Exchange) {
		this.#handle(exchange).catch(() => {
			exchange.destroy();
		});
	}

	async #admit(socket: net.Socket) {
		socket.on('error', () => {});
		// An http.Server sets this on the connections it accepts itself, not on those handed to it: without it a reply written right after another waits for the runtime's delayed ACK.
		socket.setNoDelay(true);
		const pid = this.#environmentPid;
		let allowed = false;
		try {
			allowed = pid !== undefined && socket.remotePort !== undefined
				&& await isPeerOf(pid, {address: socket.remoteAddress!, port: socket.remotePort}, {address: socket.localAddress!, port: socket.localPort!});
		} catch {}

		if (!allowed || socket.destroyed) {
			socket.destroy();
			return;
		}

		this.#accept(socket);
		socket.resume();
	}

	#send(exchange: Exchange) {
		const pending = this.#pending!;
		pending.delivered = true;
		const {event} = pending;
		const headers: Record<string, string | number> = {
			'Content-Type': 'application/json',
			'Content-Length': event.payload.byteLength,
			'Lambda-Runtime-Aws-Request-Id': event.requestId,
			'Lambda-Runtime-Deadline-Ms': String(event.deadlineMs),
			'Lambda-Runtime-Invoked-Function-Arn': event.invokedFunctionArn,
			'Lambda-Runtime-Trace-Id': event.traceId,
		};
		if (event.clientContext) {
			headers['Lambda-Runtime-Client-Context'] = event.clientContext;
		}

		if (event.cognitoIdentity) {
			headers['Lambda-Runtime-Cognito-Identity'] = event.cognitoIdentity;
		}

		exchange.reply(200, headers, event.payload);
	}

	async #handle(exchange: Exchange) {
		const {method, url} = exchange;
		if (method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
			const ready = this.#onReady;
			this.#onReady = undefined;
			ready?.(logBytesOf(exchange));
			if (this.#pending && !this.#pending.delivered) {
				this.#send(exchange);
			} else {
				this.#waiting = exchange;
			}

			return;
		}

		if (method === 'POST' && url === '/2018-06-01/runtime/init/error') {
			const body = await exchange.body(limits.syncResponseBytes);
			exchange.reply(202, acceptedHeaders, accepted);
			this.#onInitError?.(typeof body === 'number' ? Buffer.from('{}') : body, exchange.header('lambda-runtime-function-error-type'), logBytesOf(exchange));
			return;
		}

		const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
		if (method !== 'POST' || !match) {
			json(exchange, 404, {errorMessage: 'Not found', errorType: 'NotFound'});
			return;
		}

		const [, requestId, what] = match;
		const pending = this.#pending;
		if (!pending?.delivered || pending.event.requestId !== decodeURIComponent(requestId!)) {
			json(exchange, 400, {errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID'});
			return;
		}

		const body = await exchange.body(limits.syncResponseBytes);
		if (this.#pending !== pending) {
			json(exchange, 400, {errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID'});
			return;
		}

		this.#pending = undefined;
		if (typeof body === 'number') {
			json(exchange, 413, {errorMessage: `Exceeded maximum allowed payload size (${limits.syncResponseBytes} bytes).`, errorType: 'RequestEntityTooLarge'});
			pending.resolve({kind: 'too-large', size: body, logBytes: logBytesOf(exchange)});
			return;
		}

		pending.resolve(what === 'response'
			? {kind: 'response', body, logBytes: logBytesOf(exchange)}
			: {kind: 'error', body, errorType: exchange.header('lambda-runtime-function-error-type'), logBytes: logBytesOf(exchange)});
		// The invoke's answer goes out first: the runtime does not need this 202 before it, and ours have already asked for their next event.
		exchange.acknowledge(202, acceptedHeaders, accepted);
	}
}
