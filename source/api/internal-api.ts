import fs from 'node:fs';
import {LambdaError} from '../core/errors.js';
import type {LambdaService} from '../service/lambda-service.js';
import {renderRestJsonError, type ApiPlugin, type ApiRequest, type ApiResponse} from './server.js';

const json = (value: unknown): ApiResponse => ({status: 200, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(value)});

const noContent: ApiResponse = {status: 204};

const nothingAt = (request: Omit<ApiRequest, 'body'>) => new LambdaError('ResourceNotFoundException', 404, `Nothing is served at ${request.method} ${request.rawPath}.`);

const parseBody = (request: ApiRequest) => {
	try {
		return JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
	} catch {
		throw new LambdaError('InvalidRequestContentException', 400, 'The request body is not JSON.');
	}
};

/**
What lambdeck's console needs beyond the Lambda API, as JSON under `/_lambdeck/`: who serves (`info`), the runtimes this machine runs, recent invocation records, a function's own facts (`extras`, such as the folder it was deployed from), its saved test events, its execution environments (list; DELETE one to stop it), its event activity (latest asynchronous events, mapping results) and hot reload (`PUT watch {"on": bool}`).
*/
const consoleRoute = async (service: LambdaService, request: ApiRequest): Promise<ApiResponse | undefined> => {
	const {method, rawPath} = request;
	if (rawPath === '/_lambdeck/info' && method === 'GET') {
		return json({service: 'lambdeck', dataDir: service.paths.root, sandbox: service.sandbox, pid: process.pid});
	}

	if (rawPath === '/_lambdeck/runtimes' && method === 'GET') {
		return json(await service.listRuntimes());
	}

	if (rawPath === '/_lambdeck/invocations' && method === 'GET') {
		return json(service.invocationRecords(request.query.get('function') ?? undefined));
	}

	const match = /^\/_lambdeck\/functions\/([^/]+)\/(extras|test-events|environments|watch|event-activity)(?:\/([^/]+))?$/.exec(rawPath);
	if (!match) {
		return undefined;
	}

	const name = decodeURIComponent(match[1]!);
	const eventName = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
	if (match[2] === 'extras' && eventName === undefined) {
		if (method === 'GET') {
			return json(service.getFunctionExtras(name));
		}

		if (method === 'PUT') {
			const {SourceDir} = parseBody(request);
			service.setFunctionExtras(name, {SourceDir: typeof SourceDir === 'string' ? SourceDir : undefined});
			return noContent;
		}
	}

	if (match[2] === 'environments') {
		if (eventName === undefined && method === 'GET') {
			return json(service.environments(name));
		}

		if (eventName !== undefined && method === 'DELETE') {
			await service.stopEnvironment(name, eventName);
			return noContent;
		}
	}

	if (match[2] === 'event-activity' && eventName === undefined && method === 'GET') {
		return json(service.events.activityOf(name));
	}

	if (match[2] === 'watch' && eventName === undefined && method === 'PUT') {
		const {on} = parseBody(request);
		return json({watching: service.watchFunction(name, typeof on === 'boolean' ? on : undefined)});
	}

	if (match[2] === 'test-events') {
		if (eventName === undefined && method === 'GET') {
			return json(service.listTestEvents(name));
		}

		if (eventName !== undefined && method === 'PUT') {
			service.saveTestEvent(name, eventName, request.body.toString('utf8'));
			return noContent;
		}

		if (eventName !== undefined && method === 'DELETE') {
			service.deleteTestEvent(name, eventName);
			return noContent;
		}
	}

	return undefined;
};

/**
lambdeck's own endpoints under `/_lambdeck/`: the code download that GetFunction's `Code.Location` points at, and the console's JSON calls (see `consoleRoute`). Like every request, they are signed when the server checks signatures.
*/
export const internalApi = ({service}: {service: LambdaService}): ApiPlugin => ({
	name: 'lambdeck',
	claims: request => request.rawPath.startsWith('/_lambdeck/'),
	bodyLimit: request => request.method === 'PUT' ? 6 * 1024 * 1024 : 0,
	async handle(request) {
		const code = /^\/_lambdeck\/code\/([\da-f]{64})\.zip$/.exec(request.rawPath);
		if (!code) {
			const answer = await consoleRoute(service, request);
			if (!answer) {
				throw nothingAt(request);
			}

			return answer;
		}

		const file = request.method === 'GET' ? service.codeArchive(code[1]!) : undefined;
		if (!file) {
			throw nothingAt(request);
		}

		const {size} = await fs.promises.stat(file);
		return {
			stream(response) {
				response.writeHead(200, {'Content-Type': 'application/zip', 'Content-Length': size});
				fs.createReadStream(file).on('error', error => response.destroy(error)).pipe(response);
			},
		};
	},
	renderError: error => renderRestJsonError(error),
});
