import fs from 'node:fs';
import path from 'node:path';
import {LambdaError} from '../core/errors.js';
import {scanLog, segmentNumbers, type LogPosition} from '../store/log-scan.js';
import {matchesFilter, parseFilterPattern} from './filter-pattern.js';
import type {LambdaService} from './lambda-service.js';
import {LogStreamIndex} from './log-streams.js';
import {badToken, opaqueToken, parseOpaqueToken, parseSequenceToken, positionDigits, sequenceToken} from './log-tokens.js';

const groupPrefix = '/aws/lambda/';
const responseBytes = 1_048_576;
const eventOverhead = 26;

const invalidParameter = (message: string) => new LambdaError('InvalidParameterException', 400, message);
const groupNotFound = () => new LambdaError('ResourceNotFoundException', 400, 'The specified log group does not exist.');
const streamNotFound = () => new LambdaError('ResourceNotFoundException', 400, 'The specified log stream does not exist.');

/**
A log group's name from its name or its ARN (with or without the trailing `:*`).
*/
const groupNameOf = (identifier: string) => /^arn:[\w-]+:logs:[\w-]+:\d{12}:log-group:(.+?)(?::\*)?$/.exec(identifier)?.[1] ?? identifier;

type GroupReference = {logGroupName?: string; logGroupIdentifier?: string};

/**
A bounded page of events: stops at `limit` events or at the 1 MB a CloudWatch response may hold (each event counting its message and 26 bytes).
*/
class Page<T extends {message: string}> {
	readonly items: T[] = [];
	#bytes = 0;
	constructor(readonly limit: number) {}

	get full() {
		return this.items.length >= this.limit || this.#bytes >= responseBytes;
	}

	add(item: T) {
		this.items.push(item);
		this.#bytes += Buffer.byteLength(item.message) + eventOverhead;
	}
}

/**
A subset of CloudWatch Logs over the functions' stored logs: each function with a log is a group (`/aws/lambda/NAME`, or the LogGroup its LoggingConfig names), each of its environments' streams a log stream. Inputs and outputs are the API's own shapes; failures are LambdaErrors with CloudWatch's types and words.
*/
export class CloudWatchLogs {
	readonly #service: LambdaService;
	readonly #index: LogStreamIndex;

	constructor(service: LambdaService) {
		this.#service = service;
		this.#index = new LogStreamIndex(name => service.logFolder(name));
		service.subscribe(event => {
			if (event.type === 'function' && event.change === 'deleted') {
				this.#index.forget(event.functionName);
			}
		});
	}

	async describeLogGroups(input: {logGroupNamePrefix?: string; logGroupNamePattern?: string; logGroupIdentifiers?: string[]; nextToken?: string; limit?: number}) {
		if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
			throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
		}

		const after = input.nextToken === undefined ? undefined : String(parseOpaqueToken(input.nextToken, 'groups')[1]);
		const pattern = input.logGroupNamePattern?.toLowerCase();
		const identified = input.logGroupIdentifiers ? new Set(input.logGroupIdentifiers.map(identifier => groupNameOf(identifier))) : undefined;
		const groupOfFunction = this.#groupOfFunction();
		const functionOfGroup = new Map<string, string>();
		for (const name of await this.#functionsWithLogs()) {
			const group = groupOfFunction(name);
			if (!functionOfGroup.has(group)) {
				functionOfGroup.set(group, name);
			}
		}

		const names = [...functionOfGroup.keys()].sort()
			.filter(group => (input.logGroupNamePrefix === undefined || group.startsWith(input.logGroupNamePrefix)) && (pattern === undefined || group.toLowerCase().includes(pattern)))
			.filter(group => (after === undefined || group > after) && (!identified || identified.has(group)));
		const limit = input.limit ?? 50;
		const logGroups = [];
		for (const group of names.slice(0, limit)) {
			const functionName = functionOfGroup.get(group)!;
			const streams = [...(await this.#index.streams(functionName))?.values() ?? []];
			logGroups.push({
				arn: `${this.#groupArn(group)}:*`,
				creationTime: Math.min(...streams.map(stream => stream.firstEventTimestamp), Date.now()),
				deletionProtectionEnabled: false,
				logGroupArn: this.#groupArn(group),
				logGroupClass: 'STANDARD',
				logGroupName: group,
				metricFilterCount: 0,
				storedBytes: await this.#storedBytes(functionName),
			});
		}

		return {logGroups, nextToken: names.length > limit ? opaqueToken(['groups', names[limit - 1]]) : undefined};
	}

	async describeLogStreams(input: GroupReference & {logStreamNamePrefix?: string; orderBy?: string; descending?: boolean; nextToken?: string; limit?: number}) {
		const group = this.#groupOf(input);
		const streams = await this.#streamsOf(group);
		if (input.orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
			throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
		}

		const byTime = input.orderBy === 'LastEventTime';
		const sorted = [...streams.values()]
			.filter(stream => input.logStreamNamePrefix === undefined || stream.logStreamName.startsWith(input.logStreamNamePrefix))
			.sort((a, b) => (byTime ? a.lastEventTimestamp - b.lastEventTimestamp : 0) || (a.logStreamName < b.logStreamName ? -1 : (a.logStreamName > b.logStreamName ? 1 : 0)));
		if (input.descending) {
			sorted.reverse();
		}

		// By name, the token is the last name returned, so streams that appear meanwhile neither repeat nor hide others.
		const position = input.nextToken === undefined ? undefined : parseOpaqueToken(input.nextToken, 'streams')[1];
		let start = 0;
		if (typeof position === 'string' && !byTime) {
			start = sorted.findIndex(stream => input.descending ? stream.logStreamName < position : stream.logStreamName > position);
			start = start === -1 ? sorted.length : start;
		} else if (position !== undefined) {
			start = Number(position);
			if (!Number.isInteger(start) || start < 0 || byTime !== (typeof position === 'number')) {
				throw badToken();
			}
		}

		const limit = input.limit ?? 50;
		const page = sorted.slice(start, start + limit);
		return {
			logStreams: page.map(stream => ({
				logStreamName: stream.logStreamName,
				creationTime: stream.firstEventTimestamp,
				firstEventTimestamp: stream.firstEventTimestamp,
				lastEventTimestamp: stream.lastEventTimestamp,
				lastIngestionTime: stream.lastIngestionTime,
				arn: `${this.#groupArn(group.group)}:log-stream:${stream.logStreamName}`,
				storedBytes: 0,
			})),
			nextToken: start + limit < sorted.length ? opaqueToken(['streams', byTime ? start + limit : page.at(-1)!.logStreamName]) : undefined,
		};
	}

	async getLogEvents(input: GroupReference & {logStreamName: string; startTime?: number; endTime?: number; nextToken?: string; limit?: number; startFromHead?: boolean}) {
		const group = this.#groupOf(input);
		const streams = await this.#streamsOf(group);
		if (!streams.has(input.logStreamName)) {
			throw streamNotFound();
		}

		const token = input.nextToken === undefined ? undefined : parseSequenceToken(input.nextToken);
		const forward = token ? token.direction === 'f' : Boolean(input.startFromHead);
		const wanted = (timestamp: number, stream: string) => stream === input.logStreamName && (input.startTime === undefined || timestamp >= input.startTime) && (input.endTime === undefined || timestamp < input.endTime);
		type Found = {timestamp: number; message: string; ingestionTime: number; at: LogPosition; next: LogPosition};
		const page = new Page<Found>(input.limit ?? 10_000);
		const folder = this.#folder(group);
		const notBefore = input.startTime;
		this.#service.flushLogs();
		let end: LogPosition;
		if (forward) {
			end = await scanLog(folder, ({event, at, next}) => {
				if (wanted(event.timestamp, event.logStreamName)) {
					page.add({timestamp: event.timestamp, message: event.message, ingestionTime: event.timestamp, at, next});
				}

				return !page.full;
			}, {from: token?.position, notBefore});
		} else {
			// The latest events before the token (or the end): keep a sliding window of the last `limit`.
			const window: Found[] = [];
			let bytes = 0;
			end = await scanLog(folder, ({event, at, next}) => {
				if (wanted(event.timestamp, event.logStreamName)) {
					window.push({timestamp: event.timestamp, message: event.message, ingestionTime: event.timestamp, at, next});
					bytes += Buffer.byteLength(event.message) + eventOverhead;
					while (window.length > page.limit || (bytes > responseBytes && window.length > 1)) {
						bytes -= Buffer.byteLength(window.shift()!.message) + eventOverhead;
					}
				}
			}, {to: token?.position, notBefore});
			for (const found of window) {
				page.add(found);
			}
		}

		const events = page.items;
		const first = events[0];
		const last = events.at(-1);
		const sentForward = token?.direction === 'f' ? input.nextToken : undefined;
		const sentBackward = token?.direction === 'b' ? input.nextToken : undefined;
		return {
			events: events.map(({timestamp, message, ingestionTime}) => ({timestamp, message, ingestionTime})),
			nextForwardToken: last ? sequenceToken('f', forward ? end : last.next) : (sentForward ?? sequenceToken('f', token?.position ?? end)),
			nextBackwardToken: first ? sequenceToken('b', first.at) : (sentBackward ?? sequenceToken('b', token?.position ?? end)),
		};
	}

	async filterLogEvents(input: GroupReference & {logStreamNames?: string[]; logStreamNamePrefix?: string; startTime?: number; endTime?: number; filterPattern?: string; nextToken?: string; limit?: number}) {
		const group = this.#groupOf(input);
		if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
			throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
		}

		const streams = await this.#streamsOf(group);
		const filter = parseFilterPattern(input.filterPattern);
		let from: LogPosition | undefined;
		if (input.nextToken !== undefined) {
			const [, tokenGroup, segment, offset] = parseOpaqueToken(input.nextToken, 'events');
			if (tokenGroup !== group.group || !Number.isInteger(segment) || !Number.isInteger(offset)) {
				throw badToken();
			}

			from = {segment: segment as number, offset: offset as number};
		}

		const names = input.logStreamNames ? new Set(input.logStreamNames) : undefined;
		const inStreams = (stream: string) => (!names || names.has(stream)) && (input.logStreamNamePrefix === undefined || stream.startsWith(input.logStreamNamePrefix));
		const page = new Page<{logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string}>(input.limit ?? 10_000);
		this.#service.flushLogs();
		const end = await scanLog(this.#folder(group), ({event, at}) => {
			if (inStreams(event.logStreamName) && (input.startTime === undefined || event.timestamp >= input.startTime) && (input.endTime === undefined || event.timestamp <= input.endTime) && matchesFilter(filter, event.message)) {
				page.add({logStreamName: event.logStreamName, timestamp: event.timestamp, message: event.message, ingestionTime: event.timestamp, eventId: positionDigits(at)});
			}

			return !page.full;
		}, {from, notBefore: input.startTime});
		const more = page.full;
		return {
			events: page.items,
			searchedLogStreams: [...streams.keys()].filter(stream => inStreams(stream)).map(logStreamName => ({logStreamName, searchedCompletely: !more})),
			nextToken: more ? opaqueToken(['events', group.group, end.segment, end.offset]) : undefined,
		};
	}

	#groupArn(group: string) {
		return `arn:aws:logs:${this.#service.account.region}:${this.#service.account.accountId}:log-group:${group}`;
	}

	/**
	The group a request names (by name or by ARN, with or without the trailing `:*`) and the function whose log it is: `/aws/lambda/NAME`, or the LogGroup a function names in its LoggingConfig.
	*/
	#groupOf(input: GroupReference) {
		if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
			throw new LambdaError('ValidationException', 400, 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
		}

		const identifier = input.logGroupName ?? input.logGroupIdentifier;
		if (identifier === undefined) {
			throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
		}

		const group = groupNameOf(identifier);
		const groups = this.#service.logGroups();
		const named = group.startsWith(groupPrefix) ? group.slice(groupPrefix.length) : undefined;
		// A function's own group, unless it writes to another; else the function that names this one as its LogGroup.
		const functionName = named !== undefined && !named.includes('/') && (groups.get(named) ?? group) === group
			? named
			: [...groups.keys()].sort().find(name => groups.get(name) === group);
		if (!functionName) {
			throw groupNotFound();
		}

		return {group, functionName};
	}

	/**
	The log group a function's logs are found under: its LoggingConfig's, or `/aws/lambda/NAME` for a function that is gone.
	*/
	#groupOfFunction() {
		const groups = this.#service.logGroups();
		return (name: string) => groups.get(name) ?? `${groupPrefix}${name}`;
	}

	#folder({functionName}: {functionName: string}) {
		return this.#service.logFolder(functionName);
	}

	async #streamsOf({functionName}: {functionName: string}) {
		this.#service.flushLogs();
		const streams = await this.#index.streams(functionName);
		if (!streams) {
			throw groupNotFound();
		}

		return streams;
	}

	async #functionsWithLogs() {
		this.#service.flushLogs();
		const root = this.#service.paths.logs;
		const names = await fs.promises.readdir(root).catch(() => []);
		const withLogs = await Promise.all(names.map(async name => (await segmentNumbers(path.join(root, name))).length > 0));
		return names.filter((_, index) => withLogs[index]).sort();
	}

	async #storedBytes(functionName: string) {
		const folder = this.#service.logFolder(functionName);
		const sizes = await Promise.all((await segmentNumbers(folder)).map(async segment => (await fs.promises.stat(path.join(folder, `${String(segment).padStart(8, '0')}.jsonl`)).catch(() => ({size: 0}))).size));
		return sizes.reduce((sum, size) => sum + size, 0);
	}
}
