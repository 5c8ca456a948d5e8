import {platformLineOf} from '../../core/platform-records.js';
import type {LogEvent} from '../../core/types.js';

/**
The lines of one request: from its `START RequestId: ID` to its `REPORT RequestId: ID` (or their JSON events), in that START's log stream, plus the platform's error lines that follow the REPORT and name the request. Empty when no START is found.
*/
export const requestLines = (events: LogEvent[], requestId: string): LogEvent[] => {
	const is = (event: LogEvent, kind: string) => {
		const platform = platformLineOf(event.message);
		return platform?.kind === kind && platform.requestId === requestId;
	};

	const start = events.findIndex(event => is(event, 'START'));
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
			if (event.message.includes(requestId) && platformLineOf(event.message)?.kind !== 'START') {
				lines.push(event);
				continue;
			}

			break;
		}

		lines.push(event);
		if (is(event, 'REPORT')) {
			reported = true;
		}
	}

	return lines;
};
