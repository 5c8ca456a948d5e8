import fs from 'node:fs';
import path from 'node:path';
import type {LogEvent} from '../core/types.js';

/**
A place in a function's stored log: a segment's number and a byte offset in it. Appends only ever add places after the existing ones, so a position stays valid (and means the same) while the log grows; a rotated-away segment just means its events are gone.
*/
export type LogPosition = {segment: number; offset: number};

/**
What a scan sees for each stored line: the event, where its line starts, and where the next line starts.
*/
export type ScannedEvent = {event: LogEvent; at: LogPosition; next: LogPosition};

/**
How to scan: from a position (inclusive; default the log's start) to one (exclusive; default its end), skipping segments last written before `notBefore` (an epoch ms every wanted event is at or after).
*/
export type ScanOptions = {
	from?: LogPosition;
	to?: LogPosition;
	notBefore?: number;
};

/**
Order two positions: negative when `a` comes first.
*/
export const comparePositions = (a: LogPosition, b: LogPosition) => a.segment === b.segment ? a.offset - b.offset : a.segment - b.segment;

/**
File times come from the kernel's coarse clock, which lags Date.now() by up to a tick (a few ms): a segment written just after an event can look older than it. Segments are skipped by time only with this much margin.
*/
const mtimeSlackMs = 1000;

const segmentPattern = /^(\d{8})\.jsonl$/;

/**
The numbers of a log folder's segments, oldest first.
*/
export const segmentNumbers = async (folder: string): Promise<number[]> => {
	let names: string[];
	try {
		names = await fs.promises.readdir(folder);
	} catch {
		return [];
	}

	return names.map(name => segmentPattern.exec(name)?.[1]).filter(number => number !== undefined).map(Number).sort((a, b) => a - b);
};

const segmentFile = (folder: string, segment: number) => path.join(folder, `${String(segment).padStart(8, '0')}.jsonl`);

const readFrom = async (file: string, offset: number): Promise<Buffer | undefined> => {
	let handle: fs.promises.FileHandle;
	try {
		handle = await fs.promises.open(file, 'r');
	} catch {
		return undefined;
	}

	try {
		const {size} = await handle.stat();
		if (size <= offset) {
			return Buffer.alloc(0);
		}

		const buffer = Buffer.alloc(size - offset);
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, offset);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
};

const parseLine = (line: string): LogEvent | undefined => {
	try {
		const [timestamp, logStreamName, message] = JSON.parse(line) as [number, string, string];
		return typeof timestamp === 'number' && typeof message === 'string' ? {timestamp, logStreamName, message} : undefined;
	} catch {
		return undefined;
	}
};

const lastWritten = async (file: string) => {
	try {
		return (await fs.promises.stat(file)).mtimeMs;
	} catch {
		return 0;
	}
};

/**
Visit a function's stored log line by line, in the order it was written, with each line's position. The visitor returns false to stop. Reads asynchronously, one segment (at most a few MB) at a time; returns the position after the last line visited, which is where a later scan resumes. A line still being written (no newline yet) is left for the next scan.
*/
export const scanLog = async (folder: string, visit: (scanned: ScannedEvent) => boolean | void, options: ScanOptions = {}): Promise<LogPosition> => {
	const from = options.from ?? {segment: 0, offset: 0};
	let end: LogPosition = from;
	for (const segment of await segmentNumbers(folder)) {
		if (segment < from.segment || (options.to && segment > options.to.segment)) {
			continue;
		}

		const file = segmentFile(folder, segment);
		const start = segment === from.segment ? from.offset : 0;
		end = {segment, offset: start};
		if (options.notBefore !== undefined && await lastWritten(file) < options.notBefore - mtimeSlackMs) {
			const size = (await fs.promises.stat(file).catch(() => ({size: start}))).size;
			end = {segment, offset: Math.max(start, size)};
			continue;
		}

		const buffer = await readFrom(file, start);
		if (!buffer) {
			continue;
		}

		let lineStart = 0;
		for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10, lineStart)) {
			const at = {segment, offset: start + lineStart};
			const next = {segment, offset: start + newline + 1};
			if (options.to && comparePositions(at, options.to) >= 0) {
				return end;
			}

			const event = parseLine(buffer.toString('utf8', lineStart, newline));
			lineStart = newline + 1;
			end = next;
			if (event && visit({event, at, next}) === false) {
				return end;
			}
		}
	}

	return end;
};
