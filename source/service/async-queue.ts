import type {Clock, Timer} from '../core/clock.js';
import type {DurableStore} from '../store/durable-store.js';

/**
An event accepted by an asynchronous invoke, as it is kept until it has run: what to invoke, with what, and how far its attempts have gone.
*/
export type AsyncEvent = {
	requestId: string;
	functionName: string;
	qualifier?: string;
	/** The ARN the caller invoked (qualified as given), which the function sees and destinations report with `:$LATEST` added when it had none. */
	invokedArn: string;
	payload: Buffer;
	receivedAt: number;
	/** Attempts that reached the function. */
	attempts: number;
	/** Throttles and system errors so far, for the back-off. */
	throttles: number;
	dueAt: number;
};

/**
What one attempt came to.
*/
export type AttemptResult =
	| {kind: 'success' | 'error'; payload: Uint8Array; executedVersion: string}
	| {kind: 'throttled' | 'system'}
	| {kind: 'zero-reserved'}
	| {kind: 'gone'};

/**
How an event ended, for its destinations: Lambda's `condition` and what the last attempt returned.
*/
export type AsyncOutcome = {
	event: AsyncEvent;
	condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';
	last?: {kind: 'success' | 'error'; payload: Uint8Array; executedVersion: string};
};

/**
The retry settings of one event's function and qualifier (its EventInvokeConfig, or Lambda's defaults).
*/
export type RetryPolicy = {maximumRetryAttempts: number; maximumEventAgeSeconds: number};

/**
What the queue needs from the service.
*/
export type AsyncQueueContext = {
	store: DurableStore;
	clock: Clock;
	/** Multiplies Lambda's waits (1 then 2 minutes between retries, 1 s to 5 min after throttles); 1 is Lambda's own pace. */
	retryScale: number;
	/** The most events run at once (the account's concurrency). */
	capacity: () => number;
	/** The most events of one function run at once (its reserved concurrency), or undefined. */
	reservedOf: (functionName: string) => number | undefined;
	policyOf: (event: AsyncEvent) => RetryPolicy;
	attempt: (event: AsyncEvent) => Promise<AttemptResult>;
	/** Deliver the end of an event to its destinations and dead-letter queue; the event is forgotten only once this resolves. */
	finish: (outcome: AsyncOutcome) => Promise<void>;
	/** Report a failure that has nobody to answer to (a destination that could not be reached). */
	report: (message: string) => void;
	/** Told when an event is accepted (neither `retryAt` nor `outcome`), when its next attempt is scheduled, and when it has ended (after its destinations). */
	onProgress?: (progress: {event: AsyncEvent; retryAt?: number; outcome?: AsyncOutcome}) => void;
};

const schema = `CREATE TABLE IF NOT EXISTS async_events (
	request_id TEXT PRIMARY KEY,
	function_name TEXT NOT NULL,
	qualifier TEXT,
	invoked_arn TEXT NOT NULL,
	payload BLOB NOT NULL,
	received_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL,
	throttles INTEGER NOT NULL,
	due_at INTEGER NOT NULL
);`;

/**
The table the queue keeps its events in, to be part of the store's schema.
*/
export const asyncQueueSchema = schema;

type Row = {request_id: string; function_name: string; qualifier: string | null; invoked_arn: string; payload: Buffer; received_at: number; attempts: number; throttles: number; due_at: number};

const retryWaitMs = (attempt: number) => attempt === 1 ? 60_000 : 120_000;
const throttleWaitMs = (throttles: number) => Math.min(2 ** Math.max(0, throttles - 1), 300) * 1000;

/**
Lambda's asynchronous invocation queue: an event is on disk before its invoke is answered, then runs with Lambda's rules.

A function error is retried up to MaximumRetryAttempts (default 2) times, after about 1 then 2 minutes; a throttle or a system error is retried with a back-off from 1 s to 5 min; no retry starts once it would pass MaximumEventAgeInSeconds. Each event runs at least once: it leaves the store only after its end has reached its destinations, so one that was under way when the process died runs again on the next start.
*/
export class AsyncQueue {
	readonly #context: AsyncQueueContext;
	/** Due events, per function, oldest first. */
	readonly #ready = new Map<string, AsyncEvent[]>();
	readonly #waiting = new Map<string, {event: AsyncEvent; timer: Timer}>();
	readonly #running = new Map<string, number>();
	readonly #tasks = new Set<Promise<void>>();
	#total = 0;
	#closed = false;

	constructor(context: AsyncQueueContext) {
		this.#context = context;
	}

	/**
	Load the events a previous run accepted and did not finish, and start running them.
	*/
	async start() {
		const rows = await this.#context.store.read<Row>('SELECT * FROM async_events ORDER BY received_at');
		for (const row of rows) {
			this.#schedule({
				requestId: row.request_id,
				functionName: row.function_name,
				qualifier: row.qualifier ?? undefined,
				invokedArn: row.invoked_arn,
				payload: row.payload,
				receivedAt: row.received_at,
				attempts: row.attempts,
				throttles: row.throttles,
				dueAt: row.due_at,
			});
		}

		this.#pump();
	}

	/**
	Accept an event: resolves once it is synced to disk, and it runs soon after.
	*/
	async enqueue(event: Omit<AsyncEvent, 'attempts' | 'throttles' | 'dueAt' | 'receivedAt'>) {
		const now = this.#context.clock.now();
		const accepted: AsyncEvent = {...event, receivedAt: now, attempts: 0, throttles: 0, dueAt: now};
		await this.#context.store.write({
			sql: 'INSERT INTO async_events (request_id, function_name, qualifier, invoked_arn, payload, received_at, attempts, throttles, due_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)',
			params: [accepted.requestId, accepted.functionName, accepted.qualifier ?? null, accepted.invokedArn, accepted.payload, now, now],
		});
		this.#context.onProgress?.({event: accepted});
		if (!this.#closed) {
			this.#schedule(accepted);
			this.#pump();
		}
	}

	/**
	How many events wait or run, per function.
	*/
	backlog(functionName?: string) {
		const count = (name: string) => (this.#ready.get(name)?.length ?? 0) + (this.#running.get(name) ?? 0);
		if (functionName) {
			return count(functionName) + [...this.#waiting.values()].filter(({event}) => event.functionName === functionName).length;
		}

		return [...this.#ready.values()].reduce((sum, list) => sum + list.length, 0) + this.#total + this.#waiting.size;
	}

	/**
	Forget the events of a deleted function, on disk too.
	*/
	async forget(functionName: string) {
		this.#ready.delete(functionName);
		for (const [id, {event, timer}] of this.#waiting) {
			if (event.functionName === functionName) {
				timer.cancel();
				this.#waiting.delete(id);
			}
		}

		await this.#context.store.write({sql: 'DELETE FROM async_events WHERE function_name = ?', params: [functionName]});
	}

	/**
	Stop starting events and wait for those under way; what has not run stays on disk for the next start.
	*/
	async close() {
		this.#closed = true;
		for (const {timer} of this.#waiting.values()) {
			timer.cancel();
		}

		this.#waiting.clear();
		this.#ready.clear();
		while (this.#tasks.size > 0) {
			await Promise.all(this.#tasks);
		}
	}

	#schedule(event: AsyncEvent) {
		const delay = event.dueAt - this.#context.clock.now();
		if (delay <= 0) {
			let list = this.#ready.get(event.functionName);
			if (!list) {
				list = [];
				this.#ready.set(event.functionName, list);
			}

			list.push(event);
			return;
		}

		const timer = this.#context.clock.setTimer(() => {
			this.#waiting.delete(event.requestId);
			if (!this.#closed) {
				event.dueAt = this.#context.clock.now();
				this.#schedule(event);
				this.#pump();
			}
		}, delay, {unref: true});
		this.#waiting.set(event.requestId, {event, timer});
	}

	#pump() {
		if (this.#closed) {
			return;
		}

		const capacity = this.#context.capacity();
		for (const [name, list] of this.#ready) {
			const reserved = this.#context.reservedOf(name);
			// With none reserved an event still runs its attempt, which ends it as ZeroReservedConcurrency.
			const limit = reserved === 0 ? capacity : (reserved ?? capacity);
			while (list.length > 0 && this.#total < capacity && (this.#running.get(name) ?? 0) < limit) {
				this.#launch(list.shift()!);
			}

			if (list.length === 0) {
				this.#ready.delete(name);
			}

			if (this.#total >= capacity) {
				return;
			}
		}
	}

	#launch(event: AsyncEvent) {
		const name = event.functionName;
		this.#running.set(name, (this.#running.get(name) ?? 0) + 1);
		this.#total++;
		const task = this.#run(event)
			.catch((error: unknown) => {
				this.#context.report(`The asynchronous event ${event.requestId} of ${name} failed in lambdeck: ${(error as Error).message}`);
			})
			.finally(() => {
				this.#tasks.delete(task);
				this.#total--;
				const running = (this.#running.get(name) ?? 1) - 1;
				if (running === 0) {
					this.#running.delete(name);
				} else {
					this.#running.set(name, running);
				}

				this.#pump();
			});
		this.#tasks.add(task);
	}

	async #run(event: AsyncEvent) {
		const result = await this.#context.attempt(event);
		const now = this.#context.clock.now();
		const policy = this.#context.policyOf(event);
		const ageLimit = event.receivedAt + (policy.maximumEventAgeSeconds * 1000);
		switch (result.kind) {
			case 'gone': {
				await this.#remove(event);
				return;
			}

			case 'zero-reserved': {
				await this.#end({event, condition: 'ZeroReservedConcurrency'});
				return;
			}

			case 'success': {
				event.attempts++;
				await this.#end({event, condition: 'Success', last: result});
				return;
			}

			case 'error': {
				event.attempts++;
				if (event.attempts > policy.maximumRetryAttempts) {
					await this.#end({event, condition: 'RetriesExhausted', last: result});
					return;
				}

				const wait = retryWaitMs(event.attempts) * this.#context.retryScale;
				if (now + wait >= ageLimit) {
					await this.#end({event, condition: 'EventAgeExceeded', last: result});
					return;
				}

				await this.#retry(event, now + wait);
				return;
			}

			default: {
				event.throttles++;
				const wait = throttleWaitMs(event.throttles) * this.#context.retryScale;
				if (now + wait >= ageLimit) {
					await this.#end({event, condition: 'EventAgeExceeded'});
					return;
				}

				await this.#retry(event, now + wait);
			}
		}
	}

	async #retry(event: AsyncEvent, dueAt: number) {
		event.dueAt = dueAt;
		await this.#context.store.write({sql: 'UPDATE async_events SET attempts = ?, throttles = ?, due_at = ? WHERE request_id = ?', params: [event.attempts, event.throttles, dueAt, event.requestId]});
		if (!this.#closed) {
			this.#schedule(event);
		}

		this.#context.onProgress?.({event, retryAt: dueAt});
	}

	async #end(outcome: AsyncOutcome) {
		await this.#context.finish(outcome);
		await this.#remove(outcome.event);
		this.#context.onProgress?.({event: outcome.event, outcome});
	}

	async #remove(event: AsyncEvent) {
		await this.#context.store.write({sql: 'DELETE FROM async_events WHERE request_id = ?', params: [event.requestId]});
	}
}
