import fs from 'node:fs';
import {resourceNotFound} from '../core/errors.js';
import {logGroupName} from '../core/format.js';
import type {LogEvent} from '../core/types.js';
import {dataPaths} from '../store/data-dir.js';
import {followLog, readLog} from '../store/log-store.js';
import {UsageError} from './arguments.js';

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

/**
`lambdeck logs NAME [--follow] [--since 10m] [--filter-pattern TEXT]`: print a function's log like `aws logs tail`, one `timestamp stream message` line each.

It reads the log files directly, so it works while another process owns the data dir.
*/
export const runLogs = async (dataDir: string, name: string | undefined, flags: Record<string, string | boolean | undefined>, write: (line: string) => void, signal: AbortSignal) => {
	if (!name) {
		throw new UsageError('the following arguments are required: NAME (the function whose log to show)');
	}

	const folder = `${dataPaths(dataDir).logs}/${name}`;
	if (!/^[\w-]+$/.test(name) || !fs.existsSync(folder)) {
		throw resourceNotFound(`The specified log group does not exist: ${logGroupName(name)}`);
	}

	const filterPattern = flags['filter-pattern'] as string | undefined;
	const print = (events: LogEvent[]) => {
		for (const event of events) {
			if (!filterPattern || event.message.includes(filterPattern)) {
				write(`${new Date(event.timestamp).toISOString()} ${event.logStreamName} ${event.message}`);
			}
		}
	};

	print(readLog(folder, {startTime: parseSince(flags.since as string | undefined) ?? (flags.follow ? Date.now() - 600_000 : undefined)}));
	if (flags.follow) {
		followLog(folder, print, signal);
		await new Promise(resolve => {
			signal.addEventListener('abort', resolve, {once: true});
		});
	}
};
