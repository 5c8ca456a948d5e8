import type {Clock} from '../core/clock.js';
import {isLambdaError} from '../core/errors.js';
import type {InvocationResponse} from '../core/types.js';
import type {EventSourceMapping} from './event-source-mappings.js';
import {passesFilters} from './filter-criteria.js';
import type {QueueSource, ReceivedRecord} from './queue-sources.js';

/**
What a mapping's pollers need: where a queue ARN's messages come from (undefined while there is no such queue), the clock, how to invoke the function, how many pollers may run.
*/
export type PollerContext = {
	mapping: EventSourceMapping;
	source: (arn: string) => QueueSource | undefined;
	clock: Clock;
	invoke: (functionArn: string, payload: Buffer) => Promise<InvocationResponse>;
	maxPollers: () => number;
	report: (message: string) => void;
};

/**
Which messages of a batch stay in the queue after a successful invoke with ReportBatchItemFailures: those named, or all of them when the answer is not a valid report.
*/
export const reportedFailures = <T extends {id: string}>(payload: Uint8Array, batch: T[]): T[] => {
	const text = Buffer.from(payload).toString('utf8').trim();
	if (text === '' || text === 'null') {
		return [];
	}

	let answer: unknown;
	try {
		answer = JSON.parse(text);
	} catch {
		return batch;
	}

	const failures = (answer as {batchItemFailures?: unknown} | null)?.batchItemFailures;
	if (failures === undefined || failures === null) {
		return [];
	}

	if (!Array.isArray(failures)) {
		return batch;
	}

	const ids = new Set<string>();
	for (const failure of failures as Array<{itemIdentifier?: unknown}>) {
		const id = failure?.itemIdentifier;
		if (typeof id !== 'string' || id === '' || !batch.some(message => message.id === id)) {
			return batch;
		}

		ids.add(id);
	}

	return batch.filter(message => ids.has(message.id));
};

/**
The pollers of one SQS event source mapping: they receive batches (up to BatchSize, waiting up to MaximumBatchingWindowInSeconds to fill one), drop what the filters reject, invoke the function synchronously and delete what it handled. They scale up while batches come back full, up to ScalingConfig.MaximumConcurrency, and down when the queue is empty.
*/
export class SqsPoller {
	mapping: EventSourceMapping;
	readonly #context: PollerContext;
	readonly #loops = new Set<Promise<void>>();
	#source: QueueSource | undefined;
	#stopped = false;

	constructor(context: PollerContext) {
		this.#context = context;
		this.mapping = context.mapping;
	}

	start() {
		this.#spawn();
	}

	async stop() {
		this.#stopped = true;
		this.#source?.wake();
		while (this.#loops.size > 0) {
			await Promise.all(this.#loops);
		}
	}

	get #limit() {
		return Math.max(1, Math.min(this.mapping.ScalingConfig?.MaximumConcurrency ?? 1000, this.#context.maxPollers()));
	}

	#spawn() {
		const loop = this.#loop().catch((error: unknown) => {
			this.#context.report(`A poller of event source mapping ${this.mapping.UUID} stopped: ${(error as Error).message}`);
		}).finally(() => this.#loops.delete(loop));
		this.#loops.add(loop);
	}

	async #loop() {
		while (!this.#stopped) {
			const source = this.#context.source(this.mapping.EventSourceArn);
			this.#source = source;
			if (!source) {
				await new Promise<void>(resolve => {
					this.#context.clock.setTimer(resolve, 1000, {unref: true});
				});
				continue;
			}

			let batch: ReceivedRecord[];
			try {
				batch = await this.#collect(source);
			} catch (error) {
				// A remote endpoint that fails is tried again after a pause, as Lambda's pollers keep trying.
				this.mapping.LastProcessingResult = `PROBLEM: ${(error as Error).message}`;
				await new Promise<void>(resolve => {
					this.#context.clock.setTimer(resolve, 1000, {unref: true});
				});
				continue;
			}

			if (batch.length === 0) {
				if (this.#loops.size > 1) {
					return;
				}

				continue;
			}

			if (batch.length >= Math.min(this.mapping.BatchSize, 10) && this.#loops.size < this.#limit && !this.#stopped) {
				this.#spawn();
			}

			await this.#process(source, batch);
		}
	}

	async #collect(source: QueueSource) {
		const {clock} = this.#context;
		const batch = await source.receive(Math.min(10, this.mapping.BatchSize), this.#stopped ? 0 : 1000);
		const windowMs = this.mapping.MaximumBatchingWindowInSeconds * 1000;
		const deadline = clock.now() + windowMs;
		while (batch.length > 0 && batch.length < this.mapping.BatchSize && !this.#stopped && clock.now() < deadline) {
			const more = await source.receive(Math.min(10, this.mapping.BatchSize - batch.length), deadline - clock.now());
			if (more.length === 0) {
				break;
			}

			batch.push(...more);
		}

		return batch;
	}

	async #process(source: QueueSource, batch: ReceivedRecord[]) {
		const kept = batch.filter(message => passesFilters(this.mapping.FilterCriteria?.Filters, message.record));
		const dropped = batch.filter(message => !kept.includes(message));
		if (dropped.length > 0) {
			await source.delete(dropped);
		}

		if (kept.length === 0) {
			return;
		}

		let response: InvocationResponse;
		try {
			response = await this.#context.invoke(this.mapping.FunctionArn, Buffer.from(JSON.stringify({Records: kept.map(message => message.record)})));
		} catch (error) {
			// Throttled or failed before running: the batch returns when its visibility timeout ends.
			this.mapping.LastProcessingResult = isLambdaError(error) && error.statusCode === 429 ? 'PROBLEM: Function call was throttled.' : `PROBLEM: ${(error as Error).message}`;
			return;
		}

		if (response.FunctionError) {
			this.mapping.LastProcessingResult = 'PROBLEM: Function call failed.';
			return;
		}

		const failed = this.mapping.FunctionResponseTypes.includes('ReportBatchItemFailures') ? reportedFailures(response.Payload, kept) : [];
		this.mapping.LastProcessingResult = failed.length > 0 ? `PROBLEM: ${failed.length} of ${kept.length} messages reported as failed.` : 'OK';
		await source.delete(kept.filter(message => !failed.includes(message)));
	}
}
