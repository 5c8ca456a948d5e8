/**
A log line read into its parts: the request id and level the runtime wrote (Node's and Python's text formats, the JSON format of `LoggingConfig.LogFormat = JSON`, and the platform's own records), and the message.
*/
export type ParsedLogLine = {requestId?: string; level?: string; message: string};

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const nodeText = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t(${uuid})\\t([A-Z]+)\\t([\\s\\S]*)$`);
const pythonText = new RegExp(`^\\[([A-Z]+)\\]\\t\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t(${uuid})\\t([\\s\\S]*)$`);
const platform = new RegExp(`^(START|END|REPORT) RequestId: (${uuid})(.*)$`);

const milliseconds = (value: unknown) => typeof value === 'number' ? `${value.toFixed(2)} ms` : '-';

/**
A platform event of the JSON format in the words of its Text line: `START Version: $LATEST`, `REPORT Duration: 2.02 ms ...`.
*/
const platformSummary = (type: string, record: Record<string, any>): string => {
	switch (type) {
		case 'platform.start': { return `START Version: ${record.version}`; }
		case 'platform.initStart': { return `INIT_START Runtime Version: ${record.runtimeVersion}`; }
		case 'platform.runtimeDone': { return `RUNTIME_DONE ${record.status} ${milliseconds(record.metrics?.durationMs)}`; }
		case 'platform.report': {
			const metrics = record.metrics ?? {};
			const init = metrics.initDurationMs === undefined ? '' : `  Init Duration: ${milliseconds(metrics.initDurationMs)}`;
			const status = record.status && record.status !== 'success' ? `  Status: ${record.status}${record.errorType ? ` ${record.errorType}` : ''}` : '';
			return `REPORT Duration: ${milliseconds(metrics.durationMs)}  Billed Duration: ${metrics.billedDurationMs} ms  Memory Size: ${metrics.memorySizeMB} MB  Max Memory Used: ${metrics.maxMemoryUsedMB} MB${init}${status}`;
		}

		default: { return `${type} ${JSON.stringify(record)}`; }
	}
};

const errorText = (value: Record<string, unknown>) => [value.errorType, value.errorMessage].filter(item => typeof item === 'string' && item).join(': ');

/**
A record of the JSON format: the platform's events, the runtimes' records (an error's type and message when the message is an error or absent), and any JSON line with a level.
*/
const jsonLine = (record: Record<string, unknown>): ParsedLogLine | undefined => {
	if (typeof record.type === 'string' && record.record && typeof record.record === 'object') {
		const inner = record.record as Record<string, unknown>;
		return {requestId: typeof inner.requestId === 'string' ? inner.requestId : undefined, message: platformSummary(record.type, inner)};
	}

	const level = record.level ?? record.log_level;
	if (typeof level !== 'string') {
		return undefined;
	}

	const {message} = record;
	let text: string;
	if (message === undefined) {
		text = errorText(record) || JSON.stringify(record);
	} else if (typeof message === 'string') {
		const error = errorText(record);
		text = error && !message.includes(error) ? `${message} ${error}` : message;
	} else {
		text = message && typeof message === 'object' && 'errorType' in message ? errorText(message as Record<string, unknown>) : JSON.stringify(message);
	}

	return {requestId: typeof record.requestId === 'string' ? record.requestId : undefined, level, message: text};
};

/**
Read a log line. Lines no runtime format matches come back whole as the message.
*/
export const parseLogLine = (line: string): ParsedLogLine => {
	let match = nodeText.exec(line);
	if (match) {
		return {requestId: match[1], level: match[2], message: match[3]!};
	}

	match = pythonText.exec(line);
	if (match) {
		return {requestId: match[2], level: match[1], message: match[3]!};
	}

	match = platform.exec(line);
	if (match) {
		return {requestId: match[2], message: `${match[1]!}${match[3]!}`};
	}

	if (line.startsWith('{')) {
		try {
			return jsonLine(JSON.parse(line) as Record<string, unknown>) ?? {message: line};
		} catch {}
	}

	return {message: line};
};

/**
The colour of a line by its level: ERROR, FATAL and CRITICAL red, WARN yellow; REPORT lines green; the platform's timeouts and errors red.
*/
export const levelColor = (line: string, level = parseLogLine(line).level): string | undefined => {
	if (level && ['ERROR', 'FATAL', 'CRITICAL'].includes(level)) {
		return 'red';
	}

	if (level === 'WARN' || level === 'WARNING') {
		return 'yellow';
	}

	if (/^\S+ \S+ Task timed out|^RequestId: \S+ Error:|"status":"(?:error|failure|timeout)"/.test(line)) {
		return 'red';
	}

	return line.startsWith('REPORT') || (line.startsWith('{"time"') && line.includes('"type":"platform.report"')) ? 'green' : undefined;
};

/**
A line in the compact form narrow terminals get: the short request id (8 characters), the level, and the message, without the runtime's own time stamp.
*/
export const compactLine = (line: string): {head: string; level?: string; message: string} => {
	const parsed = parseLogLine(line);
	return {head: parsed.requestId ? `${parsed.requestId.slice(0, 8)} ` : '', level: parsed.level, message: parsed.message};
};
