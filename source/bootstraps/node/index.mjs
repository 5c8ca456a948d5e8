// lambdeck's runtime client for nodejs* functions: speaks the Lambda Runtime API over
// AWS_LAMBDA_RUNTIME_API, loads the handler the way AWS's Node runtime does, and reports
// errors with Lambda's error types. Plain JavaScript with no dependencies: it runs inside
// the function's environment, not in lambdeck's process.
import fs from 'node:fs';
import {createRequire} from 'node:module';
import net from 'node:net';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import util from 'node:util';

const runtimeApi = process.env.AWS_LAMBDA_RUNTIME_API;
const [apiHost, apiPort] = runtimeApi.split(':');
const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerString = process.env._HANDLER ?? '';
let currentRequestId;

// A minimal HTTP/1.1 client on one kept-alive socket: node's http.Agent costs several times
// more CPU per request than this. Requests may be pipelined (a reply and the next `/next` go
// out in one write); their responses come back in order.
let socket;
let received = Buffer.alloc(0);
const waiting = [];

const parseResponses = () => {
	while (waiting.length > 0) {
		const headerEnd = received.indexOf('\r\n\r\n');
		if (headerEnd < 0) {
			return;
		}

		const lines = received.toString('latin1', 0, headerEnd).split('\r\n');
		const headers = {};
		for (let index = 1; index < lines.length; index++) {
			const line = lines[index];
			const colon = line.indexOf(':');
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}

		const end = headerEnd + 4 + Number(headers['content-length'] ?? 0);
		if (received.length < end) {
			return;
		}

		const body = received.subarray(headerEnd + 4, end);
		received = received.subarray(end);
		waiting.shift().resolve({status: Number(lines[0].split(' ')[1]), headers, body});
	}
};

// Inside lambdeck's sandbox the Runtime API is a Unix socket only this environment sees.
const apiSocket = process.env._LAMBDECK_RUNTIME_API_SOCKET;

const connect = () => {
	socket = apiSocket ? net.connect({path: apiSocket}) : net.connect({host: apiHost, port: Number(apiPort)});
	socket.setNoDelay(true);
	socket.on('data', chunk => {
		received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
		parseResponses();
	});
	const fail = error => {
		for (const {reject} of waiting.splice(0)) {
			reject(error ?? new Error('The Runtime API closed the connection'));
		}
	};

	socket.on('error', fail);
	socket.on('close', () => fail());
};

// One request's bytes; `Lambdeck-Log-Bytes` is the count of log bytes written by now.
const request = (method, urlPath, body, headers = {}) => {
	let head = `${method} /2018-06-01/runtime${urlPath} HTTP/1.1\r\nHost: ${runtimeApi}\r\nContent-Length: ${body === undefined ? 0 : Buffer.byteLength(body)}\r\nLambdeck-Log-Bytes: ${logBytes}\r\n`;
	for (const key in headers) {
		head += `${key}: ${headers[key]}\r\n`;
	}

	head += '\r\n';
	// The head is latin1 and the body UTF-8: as one string only when the head is plain ASCII.
	if (/[^\u0000-\u007F]/.test(head)) {
		return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body ?? '')]);
	}

	return body === undefined ? head : head + body;
};

// Send requests in one write and resolve with their responses, in order.
const send = (...requests) => {
	if (!socket) {
		connect();
	}

	const responses = requests.map(() => new Promise((resolve, reject) => {
		waiting.push({resolve, reject});
	}));
	socket.write(requests.length === 1 ? requests[0] : Buffer.concat(requests.map(bytes => typeof bytes === 'string' ? Buffer.from(bytes) : bytes)));
	return Promise.all(responses);
};

const call = async (method, urlPath, body, headers) => (await send(request(method, urlPath, body, headers)))[0];

// Log records go to _LAMBDA_TELEMETRY_LOG_FD as frames, as in AWS's runtime: a 16-byte
// header (type, length, timestamp in µs) and the message. Each frame is written with a
// synchronous write, so nothing is left queued in this process when it posts its reply,
// and the running byte count goes with every request so that lambdeck can wait for them.
const logFd = Number.parseInt(process.env._LAMBDA_TELEMETRY_LOG_FD ?? '', 10);
delete process.env._LAMBDA_TELEMETRY_LOG_FD;
const frameType = {record: 0xa55a0003, stdout: 0xa55a0100, stderr: 0xa55a0200};
let framing = Number.isInteger(logFd) && logFd > 2;
let logBytes = 0;
const rawWrite = {stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr)};
const pause = new Int32Array(new SharedArrayBuffer(4));

const writeAll = bytes => {
	let offset = 0;
	while (offset < bytes.length) {
		try {
			offset += fs.writeSync(logFd, bytes, offset);
		} catch (error) {
			if (error.code !== 'EAGAIN') {
				framing = false;
				return false;
			}

			Atomics.wait(pause, 0, 0, 1);
		}
	}

	logBytes += bytes.length;
	return true;
};

// A long message goes out as the header and then the message itself, not copied into one buffer.
const writeFrame = (type, message) => {
	const size = typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
	const small = size <= 65_536;
	const frame = Buffer.allocUnsafe(small ? 16 + size : 16);
	frame.writeUInt32BE(type, 0);
	frame.writeUInt32BE(size, 4);
	frame.writeBigUInt64BE(BigInt(Date.now()) * 1000n, 8);
	if (!small) {
		return writeAll(frame) && writeAll(typeof message === 'string' ? Buffer.from(message) : message);
	}

	if (typeof message === 'string') {
		frame.write(message, 16);
	} else {
		frame.set(message, 16);
	}

	return writeAll(frame);
};

const emit = line => {
	if (!framing || !writeFrame(frameType.record, line)) {
		rawWrite.stdout(`${line}\n`);
	}
};

const write = (requestId, level, message) => {
	emit(`${new Date().toISOString()}\t${requestId}\t${level}\t${message.replaceAll('\n', '\r')}`);
};

// LoggingConfig.LogFormat = JSON: records as AWS's runtime writes them (its formatJsonMessage), an Error
// as errorType, errorMessage and stackTrace, and nothing below AWS_LAMBDA_LOG_LEVEL.
const jsonFormat = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const minimumLevel = Math.max(0, levels.indexOf(process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? 'TRACE'));

const serializedError = value => Object.assign({
	errorType: value instanceof RuntimeError ? value.name.replace(/^Runtime\./, '') : (value?.constructor?.name ?? 'UnknownError'),
	errorMessage: value.message,
	stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
}, value);

const errorReplacer = (_key, value) => value instanceof Error ? serializedError(value) : value;

const jsonRecord = (level, parameters) => {
	const record = {timestamp: new Date().toISOString(), level, requestId: currentRequestId};
	if (parameters.length === 1) {
		record.message = parameters[0];
		try {
			return JSON.stringify(record, errorReplacer);
		} catch {
			record.message = util.format(record.message);
			return JSON.stringify(record);
		}
	}

	record.message = util.format(...parameters);
	const error = parameters.find(parameter => parameter instanceof Error);
	if (error) {
		record.errorType = error.constructor?.name ?? 'UnknownError';
		record.errorMessage = error.message;
		record.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
	}

	return JSON.stringify(record);
};

const logAt = (level, parameters) => {
	if (levels.indexOf(level) < minimumLevel && level !== 'FATAL') {
		return;
	}

	if (jsonFormat) {
		emit(jsonRecord(level, parameters).replaceAll('\n', '\r'));
	} else {
		write(currentRequestId, level, util.format(...parameters));
	}
};

// An unhandled error's log line: `ERROR\tInvoke Error \t{...}` with the Text format, the error itself as the message with JSON.
const logError = (label, error) => {
	if (jsonFormat) {
		logAt('ERROR', [error instanceof Error ? error : new Error(error)]);
	} else {
		write(currentRequestId, 'ERROR', `${label} \t${JSON.stringify(toLogged(error))}`);
	}
};

if (framing) {
	for (const name of ['stdout', 'stderr']) {
		process[name].write = (chunk, encoding, callback) => {
			if (typeof encoding === 'function') {
				callback = encoding;
				encoding = undefined;
			}

			const bytes = typeof chunk === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding) : chunk;
			if (framing && writeFrame(frameType[name], bytes)) {
				if (callback) {
					process.nextTick(callback);
				}

				return true;
			}

			return rawWrite[name](chunk, encoding, callback);
		};
	}
}

for (const [method, level] of Object.entries({log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL'})) {
	console[method] = (...parameters) => logAt(level, parameters);
}

// Where Lambda's Node runtime (nodejs20.x and later) is when a handler fails to load: the frames its traces end with,
// so a trace names the runtime's files and never lambdeck's. A module that fails to load fails in _loadUserApp; a
// handler that is missing or malformed, in load itself.
const runtimeTail = ['    at async start (file:///var/runtime/index.mjs:1282:23)', '    at async file:///var/runtime/index.mjs:1288:1'];
const loadFrames = {
	ImportModuleError: ['    at _loadUserApp (file:///var/runtime/index.mjs:1087:17)', '    at async UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1119:21)', ...runtimeTail],
	UserCodeSyntaxError: ['    at _loadUserApp (file:///var/runtime/index.mjs:1084:17)', '    at async UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1119:21)', ...runtimeTail],
	HandlerNotFound: ['    at UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1122:15)', ...runtimeTail],
	MalformedHandlerName: ['    at UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1122:15)', ...runtimeTail],
};

class RuntimeError extends Error {
	constructor(type, message, cause) {
		super(message);
		this.name = `Runtime.${type}`;
		if (loadFrames[type]) {
			this.stack = [...`${this.name}: ${message}`.split('\n'), ...loadFrames[type]].join('\n');
		} else if (cause?.stack) {
			this.stack = `${this.name}: ${message}\n${cause.stack.split('\n').slice(1).join('\n')}`;
		}
	}
}

const toPayload = error => {
	if (error instanceof Error) {
		return {errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n')};
	}

	return {errorType: typeof error, errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: []};
};

// The log line of an error names its trace `stack` (the response body names it `trace`) and keeps the error's own fields.
const toLogged = error => {
	if (!(error instanceof Error)) {
		const {errorType, errorMessage} = toPayload(error);
		return {errorType, errorMessage, stack: []};
	}

	const {name, message, stack, ...fields} = error;
	return {errorType: error.name, errorMessage: error.message, ...fields, stack: (error.stack ?? '').split('\n')};
};

// Log an error and return the request that reports it.
const errorRequest = (urlPath, error, label) => {
	const payload = toPayload(error);
	logError(label, error);
	return request('POST', urlPath, JSON.stringify(payload), {'Content-Type': 'application/json', 'Lambda-Runtime-Function-Error-Type': payload.errorType});
};

const postError = async (urlPath, error, label) => send(errorRequest(urlPath, error, label));

const isModule = folder => {
	for (let current = folder; ; current = path.dirname(current)) {
		const file = path.join(current, 'package.json');
		if (fs.existsSync(file)) {
			try {
				return JSON.parse(fs.readFileSync(file, 'utf8')).type === 'module';
			} catch {
				return false;
			}
		}

		if (current === path.dirname(current) || current === path.dirname(taskRoot)) {
			return false;
		}
	}
};

const loadModule = async (moduleRoot, moduleName) => {
	const base = path.resolve(taskRoot, moduleRoot, moduleName);
	const require = createRequire(path.join(taskRoot, 'index.js'));
	const importFile = async file => import(pathToFileURL(file).href);
	if (fs.existsSync(`${base}.js`)) {
		return isModule(path.dirname(base)) ? importFile(`${base}.js`) : require(`${base}.js`);
	}

	if (fs.existsSync(`${base}.mjs`)) {
		return importFile(`${base}.mjs`);
	}

	if (fs.existsSync(`${base}.cjs`)) {
		return require(`${base}.cjs`);
	}

	try {
		return require(base);
	} catch (error) {
		if (error?.code === 'MODULE_NOT_FOUND' && error.message.includes(`'${base}'`)) {
			throw new RuntimeError('ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`, error);
		}

		throw error;
	}
};

const loadHandler = async () => {
	if (handlerString.includes('..')) {
		throw new RuntimeError('MalformedHandlerName', `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
	}

	const moduleRoot = path.dirname(handlerString);
	const match = /^([^.]*)\.(.*)$/.exec(path.basename(handlerString));
	if (!match) {
		throw new RuntimeError('MalformedHandlerName', 'Bad handler');
	}

	const [, moduleName, handlerPath] = match;
	let loaded;
	try {
		loaded = await loadModule(moduleRoot, moduleName);
	} catch (error) {
		if (error instanceof RuntimeError) {
			throw error;
		}

		if (error instanceof SyntaxError) {
			throw new RuntimeError('UserCodeSyntaxError', `${error.name}: ${error.message}`, error);
		}

		if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
			throw new RuntimeError('ImportModuleError', `${error.name}: ${error.message}`, error);
		}

		throw error;
	}

	let handler = loaded;
	for (const key of handlerPath.split('.')) {
		handler = handler?.[key];
	}

	if (handler === undefined && loaded?.default && typeof loaded.default === 'object') {
		handler = handlerPath.split('.').reduce((object, key) => object?.[key], loaded.default);
	}

	if (handler === undefined) {
		throw new RuntimeError('HandlerNotFound', `${moduleName}.${handlerPath} is undefined or not exported`);
	}

	if (typeof handler !== 'function') {
		throw new RuntimeError('HandlerNotFound', `${moduleName}.${handlerPath} is not a function`);
	}

	return handler;
};

const parseJson = text => {
	try {
		return text ? JSON.parse(text) : undefined;
	} catch {
		return undefined;
	}
};

let activeError;
process.on('uncaughtException', async error => {
	if (activeError) {
		await activeError(error, 'Uncaught Exception').catch(() => {});
	} else {
		logError('Uncaught Exception', error);
	}

	process.exit(129);
});
process.on('unhandledRejection', async reason => {
	const error = new RuntimeError('UnhandledPromiseRejection', reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason), reason instanceof Error ? reason : undefined);
	if (activeError) {
		await activeError(error, 'Unhandled Promise Rejection').catch(() => {});
	}

	process.exit(128);
});

// Run the handler on one event and return the request that reports its result.
const invoke = async (handler, next) => {
	const headers = next.headers;
	const requestId = headers['lambda-runtime-aws-request-id'];
	const deadline = Number(headers['lambda-runtime-deadline-ms']);
	currentRequestId = requestId;
	if (headers['lambda-runtime-trace-id']) {
		process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
	} else {
		delete process.env._X_AMZN_TRACE_ID;
	}

	const result = await new Promise(resolve => {
		let finished = false;
		const done = (error, value) => {
			if (!finished) {
				finished = true;
				activeError = undefined;
				resolve({error, value});
			}
		};

		activeError = async (error, label) => {
			activeError = undefined;
			finished = true;
			await postError(`/invocation/${requestId}/error`, error, label);
		};
		const context = {
			callbackWaitsForEmptyEventLoop: true,
			functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
			functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
			invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
			memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
			awsRequestId: requestId,
			logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
			logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
			identity: parseJson(headers['lambda-runtime-cognito-identity']),
			clientContext: parseJson(headers['lambda-runtime-client-context']),
			getRemainingTimeInMillis: () => deadline - Date.now(),
			succeed: value => done(null, value),
			fail: error => done(error ?? new Error('handled')),
			done: (error, value) => done(error, value),
		};
		let event;
		try {
			event = next.body.length > 0 ? JSON.parse(next.body.toString('utf8')) : undefined;
		} catch (error) {
			done(new RuntimeError('UnmarshalError', `Unable to parse event: ${error.message}`, error));
			return;
		}

		try {
			const returned = handler(event, context, (error, value) => done(error, value));
			if (returned && typeof returned.then === 'function') {
				returned.then(value => done(null, value), error => done(error ?? new Error('Promise rejected without a reason')));
			} else if (handler.length < 3) {
				setImmediate(() => done(null, undefined));
			}
		} catch (error) {
			done(error);
		}
	});

	if (result.error !== null && result.error !== undefined) {
		return errorRequest(`/invocation/${requestId}/error`, result.error, 'Invoke Error');
	}

	let body;
	try {
		body = JSON.stringify(result.value === undefined ? null : result.value);
	} catch (error) {
		return errorRequest(`/invocation/${requestId}/error`, new RuntimeError('MarshalError', `Unable to stringify response body: ${error.message}`, error), 'Invoke Error');
	}

	return request('POST', `/invocation/${requestId}/response`, body, {'Content-Type': 'application/json'});
};

const main = async () => {
	let handler;
	try {
		handler = await loadHandler();
	} catch (error) {
		await postError('/init/error', error, 'Uncaught Exception');
		process.exit(1);
	}

	// Each reply goes out with the request for the next event, in one write.
	let next = await call('GET', '/invocation/next');
	for (;;) {
		const reply = await invoke(handler, next);
		[, next] = await send(reply, request('GET', '/invocation/next'));
	}
};

main().catch(() => {
	// The Runtime API went away: lambdeck stopped this environment or exited itself.
	process.exit(1);
});
