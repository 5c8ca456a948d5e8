/**
A log line read into its parts: the request id and level the runtime wrote (Node's and Python's text formats, the JSON format of `LoggingConfig.LogFormat = JSON`, and the platform's own records), and the message.
*/
export type ParsedLogLine = {requestId?: string; level?: string; message: string};

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const nodeText = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t(${uuid})\\t([A-Z]+)\\t([\\s\\S]*)$`);
const pythonText = new RegExp(`^\\[([A-Z]+)\\]\\t\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t(${uuid})\\t([\\s\\S]*)$`);
const platform = new RegExp(`^(START|END|REPORT) RequestId: (${uuid})(.*)$`);

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
			const record = JSON.parse(line) as Record<string, unknown>;
			const level = record.level ?? record.log_level;
			if (typeof level === 'string' || typeof record.type === 'string') {
				const inner = record.record as Record<string, unknown> | undefined;
				const message = record.message ?? record.errorMessage ?? (typeof record.type === 'string' ? `${record.type} ${JSON.stringify(inner ?? {})}` : line);
				const requestId = record.requestId ?? inner?.requestId;
				return {
					requestId: typeof requestId === 'string' ? requestId : undefined,
					level: typeof level === 'string' ? level : undefined,
					message: typeof message === 'string' ? message : JSON.stringify(message),
				};
			}
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

	if (/^\S+ \S+ Task timed out|^RequestId: \S+ Error:|"status":"(?:error|timeout)"/.test(line)) {
		return 'red';
	}

	return line.startsWith('REPORT') ? 'green' : undefined;
};

/**
A line in the compact form narrow terminals get: the short request id (8 characters), the level, and the message, without the runtime's own time stamp.
*/
export const compactLine = (line: string): {head: string; level?: string; message: string} => {
	const parsed = parseLogLine(line);
	return {head: parsed.requestId ? `${parsed.requestId.slice(0, 8)} ` : '', level: parsed.level, message: parsed.message};
};
