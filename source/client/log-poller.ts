import type {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import {logGroupName} from '../core/format.js';
import {parseReport} from '../core/platform-records.js';
import type {InvocationRecord, LogEvent} from '../core/types.js';
import type {ServiceEvent} from '../service/events.js';
import type {ConnectionState} from './client.js';

const number = (line: string, label: string) => {
	const match = new RegExp(`${label}: ([\\d.]+)`).exec(line);
	return match ? Number(match[1]) : undefined;
};

/**
The invocation a REPORT line (or a `platform.report` event of the JSON log format) describes, as lambdeck's own records say it, or undefined for any other line.
*/
export const recordFromReport = (functionName: string, event: LogEvent): InvocationRecord | undefined => {
	const requestId = /^REPORT RequestId: (\S+)/.exec(event.message)?.[1];
	const json = requestId ? undefined : parseReport(event.message);
	if (!requestId && !json) {
		return undefined;
	}

	const initDurationMs = json ? json.initDurationMs : number(event.message, 'Init Duration');
	const status = json ? json.status : /Status: (\w+)/.exec(event.message)?.[1];
	return {
		functionName,
		requestId: requestId ?? json!.requestId,
		timestamp: event.timestamp,
		durationMs: (json ? json.durationMs : number(event.message, 'Duration')) ?? 0,
		billedDurationMs: (json ? json.billedDurationMs : number(event.message, 'Billed Duration')) ?? 0,
		maxMemoryUsedMb: (json ? json.maxMemoryUsedMb : number(event.message, 'Max Memory Used')) ?? 0,
		...(initDurationMs === undefined ? {} : {initDurationMs}),
		...(status && status !== 'success' ? {error: json?.errorType ?? status} : {}),
		coldStart: initDurationMs !== undefined,
	};
};

type Cursor = {since: number; seen: Map<string, number>};

/**
What the poller needs: a CloudWatch Logs client, which functions to watch now, where to send what it finds, and how often to ask.
*/
export type LogPollerOptions = {
	logs: () => Promise<CloudWatchLogsClient>;
	functionNames: () => string[];
	/** The log group of a function (its LoggingConfig's), `/aws/lambda/NAME` unless told. */
	logGroupOf?: (name: string) => string;
	emit: (event: ServiceEvent) => void;
	connection: (state: ConnectionState) => void;
	intervalMs?: number;
	/** The most log groups read in one round; the rest wait for the next rounds, in turn. */
	groupsPerRound?: number;
};

/**
Watch functions' logs where no event stream exists, as `aws logs tail --follow` does: every few seconds, FilterLogEvents on each watched function's log group for what is newer than what was seen (event ids tell apart lines of the same millisecond). Each REPORT line also becomes an invocation record, so the console's figures fill in from the logs alone.
*/
export const startLogPoller = ({logs, functionNames, logGroupOf = logGroupName, emit, connection, intervalMs = 2000, groupsPerRound = 20}: LogPollerOptions) => {
	const cursors = new Map<string, Cursor>();
	const startedAt = Date.now();
	let turn = 0;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;

	const pollGroup = async (client: CloudWatchLogsClient, name: string) => {
		const {FilterLogEventsCommand} = await import('@aws-sdk/client-cloudwatch-logs');
		const cursor = cursors.get(name) ?? {since: startedAt, seen: new Map<string, number>()};
		cursors.set(name, cursor);
		let nextToken: string | undefined;
		const found: LogEvent[] = [];
		do {
			const page = await client.send(new FilterLogEventsCommand({logGroupName: logGroupOf(name), startTime: cursor.since, nextToken}));
			for (const event of page.events ?? []) {
				const id = event.eventId ?? `${event.timestamp}:${event.message}`;
				if (!cursor.seen.has(id)) {
					cursor.seen.set(id, event.timestamp ?? 0);
					found.push({timestamp: event.timestamp ?? Date.now(), message: (event.message ?? '').replace(/\n$/, ''), logStreamName: event.logStreamName ?? ''});
				}
			}

			nextToken = page.nextToken;
		} while (nextToken && !closed);

		if (found.length === 0) {
			return;
		}

		found.sort((a, b) => a.timestamp - b.timestamp);
		const latest = found.at(-1)!.timestamp;
		// startTime is inclusive: only the lines of the latest millisecond can come again.
		if (latest > cursor.since) {
			cursor.since = latest;
			for (const [id, timestamp] of cursor.seen) {
				if (timestamp < latest) {
					cursor.seen.delete(id);
				}
			}
		}

		emit({type: 'log', functionName: name, events: found});
		for (const event of found) {
			const record = recordFromReport(name, event);
			if (record) {
				emit({type: 'invocation', record});
			}
		}
	};

	const round = async () => {
		const names = functionNames();
		const chosen = names.length <= groupsPerRound ? names : Array.from({length: groupsPerRound}, (_, index) => names[(turn + index) % names.length]!);
		turn += groupsPerRound;
		// With nothing to read, the function list's watcher alone says whether the endpoint answers.
		if (chosen.length === 0) {
			return;
		}

		const client = await logs();
		const results = await Promise.allSettled(chosen.map(async name => pollGroup(client, name)));
		const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
			.map(result => result.reason as Error)
			.filter(error => error.name !== 'ResourceNotFoundException');
		connection(failures.length > 0 && failures.length === chosen.length
			? {status: 'disconnected', detail: `CloudWatch Logs: ${failures[0]!.message}`}
			: {status: 'connected', detail: 'polling CloudWatch Logs'});
	};

	const schedule = () => {
		timer = setTimeout(() => {
			round().catch((error: unknown) => {
				connection({status: 'disconnected', detail: (error as Error).message});
			}).finally(() => {
				if (!closed) {
					schedule();
				}
			});
		}, intervalMs);
	};

	schedule();
	return {
		close() {
			closed = true;
			clearTimeout(timer);
		},
	};
};
