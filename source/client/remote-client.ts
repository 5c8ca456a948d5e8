import {LambdaError} from '../core/errors.js';
import {logGroupName} from '../core/format.js';
import {supportedRuntimes} from '../core/runtimes.js';
import type {EnvironmentInfo, EventActivity, FunctionConfiguration, FunctionExtras, InvocationRecord, LogEvent, RuntimeSupport} from '../core/types.js';
import {EventHub, type ServiceEvent} from '../service/events.js';
import type {ConnectionState, LambdeckClient} from './client.js';
import {followEventStream} from './event-stream.js';
import {callLambdeck, type LambdeckRequest} from './lambdeck-http.js';
import type {lambdaSdkOperations} from './lambda-sdk.js';
import {fromSdkError} from './sdk-errors.js';
import {sendByName} from './sdk-call.js';
import {startLogPoller} from './log-poller.js';
import {sdkClients, type EndpointOptions} from './sdk-config.js';
import {watchFunctionList} from './function-watch.js';

/**
How a remote client is opened: the endpoint and identity, and the data dir when the endpoint is the `serve` that owns a local one.
*/
export type RemoteClientOptions = EndpointOptions & {dataDir?: string};

type LambdeckInfo = {service: 'lambdeck'; dataDir: string; sandbox: 'process' | 'bubblewrap'};

const unavailable = (what: string, endpoint: string) => new LambdaError('UnsupportedFeatureException', 400, `${endpoint} does not keep ${what}: only a lambdeck serve does, and this endpoint is not one.`);

/**
A client of any Lambda endpoint, made of the AWS SDK itself: a lambdeck `serve` (local or on another host), LocalStack, moto or AWS. Where the endpoint is a lambdeck `serve` it also follows lambdeck's event stream and uses its console calls (test events, runtimes, invocation records); elsewhere it polls CloudWatch Logs and the function list, and what the endpoint lacks fails with an error that says so. Nothing is loaded or connected until first used.
*/
export const openRemoteClient = (given: RemoteClientOptions | Promise<RemoteClientOptions>, {label = 'starting lambdeck serve', dataDir}: {label?: string; dataDir?: string} = {}): LambdeckClient => {
	let options: RemoteClientOptions | undefined = 'then' in given ? undefined : given;
	const setup = (async () => {
		options = await given;
		return {made: sdkClients(options), url: options.endpoint ? new URL(options.endpoint) : undefined};
	})();
	// Calls made before a starting serve has said where it listens wait for it; if it never does, they fail with its reason.
	setup.catch(() => undefined);
	const clients = {
		lambda: async () => (await setup).made.lambda(),
		s3: async () => (await setup).made.s3(),
		logs: async () => (await setup).made.logs(),
		sqs: async () => (await setup).made.sqs(),
		signing: async () => (await setup).made.signing(),
		destroy: async () => (await setup.catch(() => undefined))?.made.destroy(),
	};
	const describe = (resolved: RemoteClientOptions) => resolved.endpoint ?? `aws${resolved.region ? ` ${resolved.region}` : ''}${resolved.profile ? ` (profile ${resolved.profile})` : ''}`;
	const hub = new EventHub();
	const connectionListeners = new Set<(state: ConnectionState) => void>();
	let connection: ConnectionState = {status: 'connecting'};
	let knownNames = new Set<string>();
	const logGroups = new Map<string, string>();
	let watcher: {close(): void} | undefined;
	let closed = false;
	let info: LambdeckInfo | undefined;

	const setConnection = (state: ConnectionState) => {
		if (state.status !== connection.status || state.detail !== connection.detail) {
			connection = state;
			for (const listener of connectionListeners) {
				listener(state);
			}
		}
	};

	const lambdeck = async <T>(request: LambdeckRequest) => callLambdeck<T>((await setup).url!, request, clients.signing);
	// Whether the endpoint is a lambdeck serve: it answers `/_lambdeck/info`; anything else (an error page, a 404, a refusal) says no.
	let probing: Promise<LambdeckInfo | undefined> | undefined;
	const probe = async () => {
		probing ??= setup.then(async ({url}) => url ? lambdeck<LambdeckInfo>({method: 'GET', path: '/_lambdeck/info'}) : undefined).then(answer => answer?.service === 'lambdeck' ? answer : undefined, () => undefined).then(answer => {
			info = answer;
			return answer;
		});
		return probing;
	};

	let made: ReturnType<typeof lambdaSdkOperations> | undefined;
	const operations = async () => {
		const [{lambdaSdkOperations: make}, lambda] = await Promise.all([import('./lambda-sdk.js'), clients.lambda()]);
		made ??= make(lambda);
		return made;
	};
	const sdk = async <K extends keyof ReturnType<typeof lambdaSdkOperations>>(name: K): Promise<ReturnType<typeof lambdaSdkOperations>[K]> => (await operations())[name];
	const functionPath = (name: string, rest: string) => `/_lambdeck/functions/${encodeURIComponent(name)}/${rest}`;

	const listAllFunctions = async () => {
		const list = await sdk('listFunctions');
		const functions: FunctionConfiguration[] = [];
		let marker: string | undefined;
		do {
			const page = await list({Marker: marker});
			functions.push(...(page.Functions ?? []));
			marker = page.NextMarker;
		} while (marker);
		knownNames = new Set(functions.map(configuration => configuration.FunctionName));
		for (const configuration of functions) {
			logGroups.set(configuration.FunctionName, configuration.LoggingConfig?.LogGroup ?? logGroupName(configuration.FunctionName));
		}

		return functions;
	};

	/**
	Where a function's logs are: the LogGroup of its LoggingConfig, read once and forgotten when the function changes.
	*/
	const logGroupOf = async (name: string) => {
		const known = logGroups.get(name);
		if (known) {
			return known;
		}

		try {
			const configuration = await (await sdk('getFunctionConfiguration'))({FunctionName: name});
			const group = configuration.LoggingConfig?.LogGroup ?? logGroupName(name);
			logGroups.set(name, group);
			return group;
		} catch {
			return logGroupName(name);
		}
	};

	const saveExtras = async (name: string, extras: FunctionExtras | undefined) => {
		if (extras?.SourceDir && await probe()) {
			await lambdeck({method: 'PUT', path: functionPath(name, 'extras'), body: JSON.stringify(extras)});
		}
	};

	const emit = (event: ServiceEvent) => {
		if (event.type === 'function') {
			logGroups.delete(event.functionName);
		}

		hub.emit(event);
	};

	const startWatching = () => {
		if (watcher || closed) {
			return;
		}

		watcher = {close() {}};
		void setup.then(async ({url}) => ({url, found: await probe()})).then(({url, found}) => {
			if (closed) {
				return;
			}

			if (found) {
				watcher = followEventStream(url!, clients.signing, {
					event: emit,
					// The server could not replay what this client missed: the function list is read again.
					reload: () => emit({type: 'function', functionName: '', change: 'updated'}),
					connection: setConnection,
				});
				return;
			}

			const logs = startLogPoller({logs: clients.logs, functionNames: () => [...knownNames], logGroupOf: name => logGroups.get(name) ?? logGroupName(name), emit, connection: setConnection});
			const list = watchFunctionList({list: listAllFunctions, emit, connection: setConnection});
			watcher = {
				close() {
					logs.close();
					list.close();
				},
			};
		}, (error: unknown) => {
			setConnection({status: 'disconnected', detail: (error as Error).message});
		});
	};

	return {
		get endpoint() {
			return options ? describe(options) : label;
		},
		get dataDir() {
			return options?.dataDir ?? dataDir;
		},
		get sandbox() {
			return info?.sandbox;
		},
		watchConnection(listener) {
			connectionListeners.add(listener);
			listener(connection);
			startWatching();
			return () => {
				connectionListeners.delete(listener);
			};
		},
		async callOperation(operation, input) {
			// The models load only for a verb, never for the console's first frame.
			const {s3Model} = await import('../core/model/service-model.js');
			if (s3Model.operations[operation]) {
				const [{callS3Operation}, s3] = await Promise.all([import('./s3-sdk.js'), clients.s3()]);
				return callS3Operation(s3, operation, input);
			}

			const [module, lambda] = await Promise.all([import('@aws-sdk/client-lambda'), clients.lambda()]);
			return sendByName(module, lambda, 'Lambda', operation, input);
		},
		async callQueues(operation, input) {
			const [module, sqs] = await Promise.all([import('@aws-sdk/client-sqs'), clients.sqs()]);
			return (await sendByName(module, sqs, 'SQS', operation, input)) ?? {};
		},
		async eventActivity(name) {
			if (!await probe()) {
				throw unavailable('a record of asynchronous invocation attempts', describe(options!));
			}

			return lambdeck<EventActivity>({method: 'GET', path: functionPath(name, 'event-activity')});
		},
		async createFunction(request, extras) {
			const created = await (await sdk('createFunction'))(request);
			await saveExtras(request.FunctionName, extras);
			return created;
		},
		getFunction: async request => (await sdk('getFunction'))(request),
		getFunctionConfiguration: async request => (await sdk('getFunctionConfiguration'))(request),
		getFunctionExtras: async name => await probe() ? lambdeck<FunctionExtras>({method: 'GET', path: functionPath(name, 'extras')}) : {},
		listFunctions: async request => (await sdk('listFunctions'))(request),
		listAllFunctions,
		async updateFunctionCode(request, extras) {
			const updated = await (await sdk('updateFunctionCode'))(request);
			await saveExtras(request.FunctionName, extras);
			return updated;
		},
		updateFunctionConfiguration: async request => (await sdk('updateFunctionConfiguration'))(request),
		async deleteFunction(request) {
			await (await sdk('deleteFunction'))(request);
			return {StatusCode: 204};
		},
		invoke: async request => (await sdk('invoke'))(request),
		listRuntimes: async () => await probe()
			? lambdeck<RuntimeSupport[]>({method: 'GET', path: '/_lambdeck/runtimes'})
			: supportedRuntimes.map(runtime => ({Runtime: runtime, Interpreter: 'the endpoint\'s'})),
		async filterLogEvents(name, query = {}) {
			knownNames.add(name);
			const [{FilterLogEventsCommand}, logs, group] = await Promise.all([import('@aws-sdk/client-cloudwatch-logs'), clients.logs(), logGroupOf(name)]);
			const events: LogEvent[] = [];
			const limit = query.limit ?? 10_000;
			let nextToken: string | undefined;
			try {
				do {
					const page = await logs.send(new FilterLogEventsCommand({
						logGroupName: group, startTime: query.startTime, endTime: query.endTime, filterPattern: query.filterPattern,
						logStreamNames: query.logStreamName ? [query.logStreamName] : undefined, limit: Math.min(10_000, limit - events.length), nextToken,
					}));
					for (const event of page.events ?? []) {
						events.push({timestamp: event.timestamp ?? 0, message: (event.message ?? '').replace(/\n$/, ''), logStreamName: event.logStreamName ?? ''});
					}

					nextToken = page.nextToken;
				} while (nextToken && events.length < limit);
			} catch (error) {
				// A function that never ran has no log group yet, on AWS as on lambdeck.
				if ((error as Error).name === 'ResourceNotFoundException') {
					return [];
				}

				throw fromSdkError(error);
			}

			return events;
		},
		invocationRecords: async name => await probe() ? lambdeck<InvocationRecord[]>({method: 'GET', path: '/_lambdeck/invocations', query: name ? {function: name} : undefined}) : [],
		async listEnvironments(name) {
			if (!await probe()) {
				throw unavailable('Listing execution environments:', describe(options!));
			}

			return lambdeck<EnvironmentInfo[]>({method: 'GET', path: functionPath(name, 'environments')});
		},
		async stopEnvironment(name, id) {
			await lambdeck({method: 'DELETE', path: functionPath(name, `environments/${encodeURIComponent(id)}`)});
		},
		async watchFunction(name, on) {
			if (!await probe()) {
				throw unavailable('Hot reload:', describe(options!));
			}

			return (await lambdeck<{watching: boolean}>({method: 'PUT', path: functionPath(name, 'watch'), body: JSON.stringify({on})})).watching;
		},
		listTestEvents: async name => await probe() ? lambdeck<Record<string, string>>({method: 'GET', path: functionPath(name, 'test-events')}) : {},
		async saveTestEvent(name, eventName, payload) {
			if (!await probe()) {
				throw unavailable('saved test events', options ? describe(options) : label);
			}

			await lambdeck({method: 'PUT', path: functionPath(name, `test-events/${encodeURIComponent(eventName)}`), body: payload});
		},
		async deleteTestEvent(name, eventName) {
			if (!await probe()) {
				throw unavailable('saved test events', options ? describe(options) : label);
			}

			await lambdeck({method: 'DELETE', path: functionPath(name, `test-events/${encodeURIComponent(eventName)}`)});
		},
		async listBucketNotifications() {
			const [{callS3Operation, listBucketNotificationsVia}, s3] = await Promise.all([import('./s3-sdk.js'), clients.s3()]);
			return listBucketNotificationsVia(async (operation, input) => callS3Operation(s3, operation, input));
		},
		async sendUrlRequest(request) {
			const {sendUrlRequest} = await import('./url-request.js');
			return sendUrlRequest(request, clients.signing);
		},
		subscribe(listener) {
			startWatching();
			return hub.subscribe(listener);
		},
		async close() {
			closed = true;
			watcher?.close();
			await clients.destroy();
		},
	};
};
