import type {LogEvent} from '../../core/types.js';

/**
The lines of one request: from its `START RequestId: ID` to its `REPORT RequestId: ID`, in that START's log stream, plus the platform's error lines that follow the REPORT and name the request. Empty when no START is found.
*/
export const requestLines = (events: LogEvent[], requestId: string): LogEvent[] => {
	const start = events.findIndex(event => event.message.startsWith(`START RequestId: ${requestId}`));
	if (start === -1) {
		return [];
	}

	const stream = events[start]!.logStreamName;
	const lines: LogEvent[] = [];
	let reported = false;
	for (const event of events.slice(start)) {
		if (event.logStreamName !== stream) {
			continue;
		}

		if (reported) {
			if (event.message.includes(requestId) && !event.message.startsWith('START')) {
				lines.push(event);
				continue;
			}

			break;
		}

		lines.push(event);
		if (event.message.startsWith(`REPORT RequestId: ${requestId}`)) {
			reported = true;
		}
	}

	return lines;
};
