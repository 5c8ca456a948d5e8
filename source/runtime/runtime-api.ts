import fs from 'node:fs/promises';
import http from 'node:http';
import net, {type AddressInfo} from 'node:net';
import {limits} from '../core/limits.js';
import {isPeerOf} from './peer-check.js';

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

const json = (response: http.ServerResponse, status: number, body: unknown) => {
	const text = JSON.stringify(body);
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
	response.end(text);
};

const accepted = Buffer.from('{"status":"OK"}');
const acceptedHeaders = {'Content-Type': 'application/json', 'Content-Length': accepted.length};

/**
The `Lambdeck-Log-Bytes` header of a request from a runtime: bytes of log frames it has written so far.
*/
const logBytesOf = (request: http.IncomingMessage) => {
	const value = Number(request.headers['lambdeck-log-bytes'] ?? Number.NaN);
	return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
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
	#waiting: http.ServerResponse | undefined;
	#pending: Pending | undefined;
	#onReady: ((logBytes?: number) => void) | undefined;
	#onInitError: ((body: Buffer, errorType?: string, logBytes?: number) => void) | undefined;

	constructor() {
		this.#server = http.createServer((request, response) => {
			this.#handle(request, response).catch(() => {
				request.destroy();
				response.destroy();
			});
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
				this.#accept(socket);
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

	#accept(socket: net.Socket) {
		const first = this.#onFirstConnection;
		this.#onFirstConnection = undefined;
		first?.();
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
		this.#server.emit('connection', socket);
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

	#send(response: http.ServerResponse) {
		const pending = this.#pending!;
		pending.delivered = true;
		const {event} = pending;
		const headers: http.OutgoingHttpHeaders = {
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

		response.writeHead(200, headers);
		response.end(event.payload);
	}

	async #handle(request: http.IncomingMessage, response: http.ServerResponse) {
		const url = request.url ?? '';
		if (request.method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
			const ready = this.#onReady;
			this.#onReady = undefined;
			ready?.(logBytesOf(request));
			if (this.#pending && !this.#pending.delivered) {
				this.#send(response);
			} else {
				this.#waiting = response;
			}

			return;
		}

		if (request.method === 'POST' && url === '/2018-06-01/runtime/init/error') {
			const body = await readBody(request, limits.syncResponseBytes);
			json(response, 202, {status: 'OK'});
			this.#onInitError?.(typeof body === 'number' ? Buffer.from('{}') : body, request.headers['lambda-runtime-function-error-type'] as string | undefined, logBytesOf(request));
			return;
		}

		const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
		if (request.method !== 'POST' || !match) {
			json(response, 404, {errorMessage: 'Not found', errorType: 'NotFound'});
			return;
		}

		const [, requestId, what] = match;
		const pending = this.#pending;
		if (!pending?.delivered || pending.event.requestId !== decodeURIComponent(requestId!)) {
			request.resume();
			json(response, 400, {errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID'});
			return;
		}

		const body = await readBody(request, limits.syncResponseBytes);
		if (this.#pending !== pending) {
			json(response, 400, {errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID'});
			return;
		}

		this.#pending = undefined;
		if (typeof body === 'number') {
			json(response, 413, {errorMessage: `Exceeded maximum allowed payload size (${limits.syncResponseBytes} bytes).`, errorType: 'RequestEntityTooLarge'});
			pending.resolve({kind: 'too-large', size: body, logBytes: logBytesOf(request)});
			return;
		}

		pending.resolve(what === 'response'
			? {kind: 'response', body, logBytes: logBytesOf(request)}
			: {kind: 'error', body, errorType: request.headers['lambda-runtime-function-error-type'] as string | undefined, logBytes: logBytesOf(request)});
		// The invoke's answer goes out first (it is written one turn of the event loop after the reply, once the log is settled): the runtime does not need this 202 before it, and ours have already asked for their next event.
		setImmediate(() => setImmediate(() => {
			response.writeHead(202, acceptedHeaders);
			response.end(accepted);
		}));
	}
}
