import fs from 'node:fs';
import type {LambdeckClient} from '../client/client.js';
import {isLambdaError, resourceNotFound} from '../core/errors.js';
import type {LogEvent} from '../core/types.js';
import {dataPaths} from '../store/data-dir.js';
import {followLog, readLog} from '../store/log-store.js';
import {UsageError} from './arguments.js';
import type {GlobalFlags} from './global-flags.js';

const parseSince = (since: string | undefined) => {
	if (!since) {
		return undefined;
	}

	const match = /^(\d+)([smhdw])$/.exec(since);
	if (!match) {
		throw new UsageError(`argument --since: expected a duration like 10m, 2h or 1d, received: '${since}'`);
	}

	const unit = {s: 1, m: 60, h: 3600, d: 86_400, w: 604_800}[match[2] as 's'];
	return Date.now() - (Number(match[1]) * unit * 1000);
};

/** What `aws logs tail` answers for a log group that is not there. */
const groupNotFound = () => resourceNotFound('The specified log group does not exist.');

/**
Whether the endpoint knows the function: one that never ran has no log group yet, which is no error.
*/
const functionExists = async (client: LambdeckClient, name: string) => {
	try {
		await client.getFunction({FunctionName: name});
		return true;
	} catch (error) {
		if (isLambdaError(error) && error.type === 'ResourceNotFoundException') {
			return false;
		}

		throw error;
	}
};

const waitForAbort = async (signal: AbortSignal) => new Promise(resolve => {
	if (signal.aborted) {
		resolve(undefined);
	}

	signal.addEventListener('abort', resolve, {once: true});
});

/**
`lambdeck logs NAME [--follow] [--since 10m] [--filter-pattern TEXT]`: print a function's log like `aws logs tail`, one `timestamp stream message` line each.

Against an endpoint (`--endpoint-url`, `--region`/`--profile`) or the data dir's running `serve` it reads through the client: CloudWatch Logs, then lambdeck's event stream or, elsewhere, CloudWatch Logs polled as `aws logs tail --follow` does. With neither, it reads the log files directly.
*/
export const runLogs = async ({dataDir, target}: {dataDir: string; target: GlobalFlags}, name: string | undefined, flags: Record<string, string | boolean | undefined>, write: (line: string) => void, signal: AbortSignal) => {
	if (!name) {
		throw new UsageError('the following arguments are required: NAME (the function whose log to show)');
	}

	const filterPattern = flags['filter-pattern'] as string | undefined;
	const startTime = parseSince(flags.since as string | undefined) ?? (flags.follow ? Date.now() - 600_000 : undefined);
	const print = (events: LogEvent[]) => {
		for (const event of events) {
			if (!filterPattern || event.message.includes(filterPattern)) {
				write(`${new Date(event.timestamp).toISOString()} ${event.logStreamName} ${event.message}`);
			}
		}
	};

	const {attachClient} = await import('../client/attach.js');
	const client = await attachClient({dataDir, ...target});
	if (client) {
		try {
			const seen = new Set<string>();
			const printNew = (events: LogEvent[]) => {
				// A line can come twice only around the switch from history to follow: the set need not grow for ever.
				if (seen.size > 100_000) {
					seen.clear();
				}

				print(events.filter(event => {
					const key = `${event.timestamp} ${event.logStreamName} ${event.message}`;
					return !seen.has(key) && Boolean(seen.add(key));
				}));
			};

			// Lines that arrive while the history is read are held back, then printed after it, once.
			const early: LogEvent[] = [];
			let seeded = false;
			const unsubscribe = flags.follow ? client.subscribe(event => {
				if (event.type === 'log' && event.functionName === name) {
					if (seeded) {
						printNew(event.events);
					} else {
						early.push(...event.events);
					}
				}
			}) : undefined;
			const history = await client.filterLogEvents(name, {startTime});
			if (history.length === 0 && !flags.follow && !await functionExists(client, name)) {
				throw groupNotFound();
			}

			printNew(history);
			seeded = true;
			printNew(early);
			if (unsubscribe) {
				await waitForAbort(signal);
				unsubscribe();
			}
		} finally {
			await client.close();
		}

		return;
	}

	const folder = `${dataPaths(dataDir).logs}/${name}`;
	if (!/^[\w-]+$/.test(name) || !fs.existsSync(folder)) {
		throw groupNotFound();
	}

	print(readLog(folder, {startTime}));
	if (flags.follow) {
		followLog(folder, print, signal);
		await waitForAbort(signal);
	}
};
