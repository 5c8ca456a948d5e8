import type {AsyncEventInfo} from '../core/types.js';
import type {AsyncEvent, AsyncOutcome} from './async-queue.js';

/** How many asynchronous events of each function are remembered. */
const kept = 50;

/**
The latest asynchronous events of each function, for the console: accepted, attempted, retried, ended and delivered. Memory only and bounded per function; the durable queue is what guarantees delivery, this only watches it.
*/
export class AsyncActivity {
	readonly #byFunction = new Map<string, Map<string, AsyncEventInfo>>();

	/**
	Take a progress report of the queue: an accepted event (neither retry nor outcome), a scheduled retry, or an end.
	*/
	progress({event, retryAt, outcome}: {event: AsyncEvent; retryAt?: number; outcome?: AsyncOutcome}, now: number) {
		const info = this.#info(event);
		info.attempts = event.attempts;
		if (outcome) {
			info.state = outcome.condition === 'Success' ? 'succeeded' : 'failed';
			info.condition = outcome.condition;
			info.endedAt = now;
			info.retryAt = undefined;
		} else if (retryAt !== undefined) {
			info.state = 'retrying';
			info.retryAt = retryAt;
		}
	}

	/**
	Note where an event's record went: its destination, or (`deadLetter`) its dead-letter queue.
	*/
	delivered(event: AsyncEvent, arn: string, deadLetter = false) {
		const info = this.#info(event);
		if (deadLetter) {
			info.deadLetter = arn;
		} else {
			info.deliveredTo = arn;
		}
	}

	/**
	A function's remembered events, newest first.
	*/
	of(functionName: string): AsyncEventInfo[] {
		return [...this.#byFunction.get(functionName)?.values() ?? []].reverse().map(info => ({...info}));
	}

	forget(functionName: string) {
		this.#byFunction.delete(functionName);
	}

	#info(event: AsyncEvent) {
		let events = this.#byFunction.get(event.functionName);
		if (!events) {
			events = new Map();
			this.#byFunction.set(event.functionName, events);
		}

		let info = events.get(event.requestId);
		if (!info) {
			info = {requestId: event.requestId, ...(event.qualifier ? {qualifier: event.qualifier} : {}), receivedAt: event.receivedAt, attempts: event.attempts, state: 'queued'};
			events.set(event.requestId, info);
			if (events.size > kept) {
				events.delete(events.keys().next().value!);
			}
		}

		return info;
	}
}
