import {ApiServer} from '../api/server.js';
import {eventsApi} from '../api/events-api.js';
import {internalApi} from '../api/internal-api.js';
import {functionUrlApi} from '../api/function-url-api.js';
import {lambdaApi} from '../api/lambda-api.js';
import {logsApi} from '../api/logs-api.js';
import {s3Api} from '../api/s3-api.js';
import {sqsApi} from '../api/sqs-api.js';
import type {Credentials} from '../api/sigv4.js';
import {LambdaService} from '../service/lambda-service.js';
import {UsageError} from './arguments.js';
import {parseOwnVerb} from './own-verbs.js';
import {closingOnSignals} from './shutdown.js';

const loopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
The credentials requests must be signed with: `LAMBDECK_ACCESS_KEY_ID` and `LAMBDECK_SECRET_ACCESS_KEY`, else the data dir's `credentials` setting, else none.
*/
export const configuredCredentials = (setting: Credentials | undefined, environment: NodeJS.ProcessEnv = process.env): Credentials[] => {
	if (environment.LAMBDECK_ACCESS_KEY_ID && environment.LAMBDECK_SECRET_ACCESS_KEY) {
		return [{accessKeyId: environment.LAMBDECK_ACCESS_KEY_ID, secretAccessKey: environment.LAMBDECK_SECRET_ACCESS_KEY}];
	}

	return setting?.accessKeyId && setting.secretAccessKey ? [setting] : [];
};

/**
A running `lambdeck serve`: the service, its HTTP server and the URL it answers on. `close` stops accepting, lets running invocations end, then releases the data dir.
*/
export type Serving = {url: string; service: LambdaService; close(): Promise<void>};

/**
Open the service on a data dir and serve the AWS APIs on `host:port`.
*/
export const startServing = async ({dataDir, host = '127.0.0.1', port = 9001, onWatchers}: {dataDir: string; host?: string; port?: number; onWatchers?: (count: number) => void}): Promise<Serving> => {
	let url = '';
	const service = await LambdaService.open({dataDir, codeLocation: hex => `${url}/_lambdeck/code/${hex}.zip`});
	try {
		const credentials = configuredCredentials(service.settings.credentials);
		if (!loopback(host) && credentials.length === 0) {
			throw new UsageError(`refusing to serve on ${host} without credentials: anyone who reaches it could run code. Set LAMBDECK_ACCESS_KEY_ID and LAMBDECK_SECRET_ACCESS_KEY (or "credentials" in settings.json), or serve on 127.0.0.1.`);
		}

		const server = new ApiServer({plugins: [functionUrlApi({service, credentials}), lambdaApi({service}), logsApi({service}), sqsApi({sqs: () => service.events.sqs}), eventsApi({service, onWatchers}), internalApi({service}), s3Api({buckets: () => service.buckets, account: service.account})], credentials});
		url = await server.listen(port, host);
		// Functions call the service on loopback whatever address it listens on.
		const local = new URL(url);
		if (local.hostname === '0.0.0.0' || local.hostname === '[::]') {
			local.hostname = '127.0.0.1';
		}

		service.announcePort(Number(local.port), local.origin, credentials[0]);
		let closing: Promise<void> | undefined;
		return {
			url,
			service,
			async close() {
				closing ??= (async () => {
					await server.close();
					await service.close();
				})();
				return closing;
			},
		};
	} catch (error) {
		await service.close();
		throw error;
	}
};

/**
Resolve once the parent has gone (stdin ends) and no console follows the event stream any more: a serve a console started outlives it only while other consoles use it. Says `lingering` on stdout when it outlives its parent, so the parent need not wait.
*/
const parentAndWatchersGone = (print: (line: string) => void) => {
	let watchers = 0;
	let parentGone = false;
	let done: () => void;
	const gone = new Promise<void>(resolve => {
		done = resolve;
	});
	process.stdin.on('data', () => undefined);
	process.stdin.once('end', () => {
		parentGone = true;
		if (watchers === 0) {
			done();
		} else {
			print(`lingering: ${watchers} client${watchers === 1 ? '' : 's'} still attached`);
		}
	});
	return {
		gone,
		onWatchers(count: number) {
			watchers = count;
			if (parentGone && count === 0) {
				done();
			}
		},
	};
};

/**
`lambdeck serve [--host 127.0.0.1] [--port 9001] [--watch] [--until-stdin-ends]`: serve until SIGINT or SIGTERM (or, with `--until-stdin-ends`, until the parent that started it is gone and no console is attached), then close as the service does.
*/
export const runServe = async (argv: string[], dataDir: string, print: (line: string) => void) => {
	const {values, positionals} = parseOwnVerb('serve', argv);
	if (positionals.length > 0) {
		throw new UsageError(`Unexpected argument '${positionals[0]}': serve takes only options`);
	}

	const port = values.port === undefined ? 9001 : Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UsageError(`argument --port: ${values.port} is not a port number`);
	}

	const owned = values['until-stdin-ends'] ? parentAndWatchersGone(print) : undefined;
	const serving = await startServing({dataDir, host: values.host as string | undefined, port, onWatchers: owned?.onWatchers});
	if (values.watch) {
		// Hot reload: a saved change in a function's source folder republishes its $LATEST.
		serving.service.watchAllFunctions();
	}

	print(`lambdeck serving ${serving.url} (data dir ${dataDir})${values.watch ? ', hot reload on for functions deployed from a folder' : ''}`);
	await closingOnSignals(async () => serving.close(), async () => {
		await (owned?.gone ?? new Promise<never>(() => {}));
		await serving.close();
	});
};
