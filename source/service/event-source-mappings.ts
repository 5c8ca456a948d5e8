import {randomUUID} from 'node:crypto';
import type {Account} from '../core/arn.js';
import {functionArn, parseFunctionReference} from '../core/arn.js';
import type {Clock} from '../core/clock.js';
import {batchingProblem} from '../core/event-settings.js';
import {invalidParameter, resourceConflict, resourceNotFound} from '../core/errors.js';
import type {DurableStore} from '../store/durable-store.js';
import {SqsPoller, type PollerContext} from './sqs-poller.js';

/**
An event source mapping as the Lambda API shows it.
*/
export type EventSourceMapping = {
	UUID: string;
	BatchSize: number;
	MaximumBatchingWindowInSeconds: number;
	EventSourceArn: string;
	FilterCriteria?: {Filters?: Array<{Pattern?: string}>};
	FunctionArn: string;
	LastModified: number;
	State: 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';
	StateTransitionReason: string;
	FunctionResponseTypes: string[];
	ScalingConfig?: {MaximumConcurrency?: number};
	EventSourceMappingArn: string;
	/** lambdeck's own: how the latest batch ended. */
	LastProcessingResult?: string;
};

type MappingInput = {
	FunctionName?: string;
	EventSourceArn?: string;
	Enabled?: boolean;
	BatchSize?: number;
	MaximumBatchingWindowInSeconds?: number;
	FilterCriteria?: {Filters?: Array<{Pattern?: string}>};
	FunctionResponseTypes?: string[];
	ScalingConfig?: {MaximumConcurrency?: number};
};

/**
A mapping as the API answers with it: a copy, without lambdeck's own last result.
*/
const shown = ({LastProcessingResult: _, ...mapping}: EventSourceMapping): EventSourceMapping => ({...mapping});

/**
The table mappings live in.
*/
export const mappingSchema = 'CREATE TABLE IF NOT EXISTS event_source_mappings (uuid TEXT PRIMARY KEY, config TEXT NOT NULL);';

/**
What mappings need from the service: the account, clock and store, a check that a function exists (returning its bare name), whether a queue exists (lambdeck's own, or on the SQS endpoint in settings), and what the pollers need.
*/
export type MappingsContext = Omit<PollerContext, 'mapping' | 'report'> & {
	account: Account;
	clock: Clock;
	store: DurableStore;
	functionName: (reference: string) => string;
	queueExists: (arn: string) => Promise<boolean>;
	report: (message: string) => void;
};

/**
Create/Get/Update/Delete/ListEventSourceMappings for lambdeck's SQS queues, each enabled mapping with its pollers.
*/
export class EventSourceMappings {
	readonly #context: MappingsContext;
	readonly #mappings = new Map<string, EventSourceMapping>();
	readonly #pollers = new Map<string, SqsPoller>();
	#closed = false;

	constructor(context: MappingsContext) {
		this.#context = context;
	}

	async load() {
		for (const row of await this.#context.store.read<{config: string}>('SELECT config FROM event_source_mappings')) {
			const mapping = JSON.parse(row.config) as EventSourceMapping;
			this.#mappings.set(mapping.UUID, mapping);
			this.#apply(mapping);
		}
	}

	async create(input: MappingInput) {
		if (!input.EventSourceArn) {
			throw invalidParameter('Unrecognized event source.');
		}

		const name = this.#function(input.FunctionName ?? '');
		const arn = input.EventSourceArn;
		if (!arn.startsWith('arn:aws:sqs:')) {
			throw invalidParameter('Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk, or mq.');
		}

		let exists: boolean;
		try {
			exists = await this.#context.queueExists(arn);
		} catch (error) {
			throw invalidParameter(`Error occurred while ReceiveMessage. ${(error as Error).message}`);
		}

		if (!exists) {
			throw invalidParameter(`Error occurred while ReceiveMessage. SQSError Code : AWS.SimpleQueueService.NonExistentQueue, Message : The specified queue does not exist.`);
		}

		const qualifier = parseFunctionReference(this.#context.account, input.FunctionName ?? '').qualifier;
		const target = functionArn(this.#context.account, name, qualifier);
		const duplicate = [...this.#mappings.values()].find(mapping => mapping.EventSourceArn === arn && mapping.FunctionArn === target);
		if (duplicate) {
			throw resourceConflict(`An event source mapping with SQS arn (" ${arn} ") and function (" ${name} ") already exists. Please update or delete the existing mapping with UUID ${duplicate.UUID}`);
		}

		const uuid = randomUUID();
		const mapping: EventSourceMapping = {
			UUID: uuid,
			BatchSize: input.BatchSize ?? 10,
			MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
			EventSourceArn: arn,
			...(input.FilterCriteria ? {FilterCriteria: input.FilterCriteria} : {}),
			FunctionArn: target,
			LastModified: this.#context.clock.now() / 1000,
			State: 'Creating',
			StateTransitionReason: 'USER_INITIATED',
			FunctionResponseTypes: input.FunctionResponseTypes ?? [],
			...(input.ScalingConfig ? {ScalingConfig: input.ScalingConfig} : {}),
			EventSourceMappingArn: `arn:aws:lambda:${this.#context.account.region}:${this.#context.account.accountId}:event-source-mapping:${uuid}`,
		};
		this.#checkBatching(mapping, arn.endsWith('.fifo'));
		await this.#save(mapping);
		const answer = shown(mapping);
		this.#settle(mapping, input.Enabled === false ? 'Disabled' : 'Enabled');
		return answer;
	}

	get(input: {UUID: string}) {
		return shown(this.#get(input.UUID));
	}

	/**
	How the latest batch of a mapping ended (`OK`, `PROBLEM: ...`), for the console; SQS mappings do not show it through the API.
	*/
	lastResult(uuid: string) {
		return this.#mappings.get(uuid)?.LastProcessingResult ?? 'No records processed';
	}

	async update(input: MappingInput & {UUID: string}) {
		const current = this.#get(input.UUID);
		const mapping: EventSourceMapping = {
			...current,
			...(input.FunctionName === undefined ? {} : {FunctionArn: functionArn(this.#context.account, this.#function(input.FunctionName))}),
			...(input.BatchSize === undefined ? {} : {BatchSize: input.BatchSize}),
			...(input.MaximumBatchingWindowInSeconds === undefined ? {} : {MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds}),
			...(input.FilterCriteria === undefined ? {} : {FilterCriteria: input.FilterCriteria}),
			...(input.FunctionResponseTypes === undefined ? {} : {FunctionResponseTypes: input.FunctionResponseTypes}),
			...(input.ScalingConfig === undefined ? {} : {ScalingConfig: input.ScalingConfig}),
			LastModified: this.#context.clock.now() / 1000,
		};
		this.#checkBatching(mapping, mapping.EventSourceArn.endsWith('.fifo'));
		const enabled = input.Enabled ?? (current.State === 'Enabled' || current.State === 'Creating' || current.State === 'Enabling' || current.State === 'Updating');
		mapping.State = input.Enabled === undefined ? 'Updating' : (enabled ? 'Enabling' : 'Disabling');
		await this.#save(mapping);
		const answer = shown(mapping);
		this.#settle(mapping, enabled ? 'Enabled' : 'Disabled');
		return answer;
	}

	async delete(input: {UUID: string}) {
		const mapping = this.#get(input.UUID);
		mapping.State = 'Deleting';
		const answer = shown(mapping);
		this.#mappings.delete(mapping.UUID);
		const poller = this.#pollers.get(mapping.UUID);
		this.#pollers.delete(mapping.UUID);
		await this.#context.store.write({sql: 'DELETE FROM event_source_mappings WHERE uuid = ?', params: [mapping.UUID]});
		void poller?.stop();
		return answer;
	}

	list(input: {EventSourceArn?: string; FunctionName?: string; Marker?: string; MaxItems?: number}) {
		const name = input.FunctionName ? this.#function(input.FunctionName) : undefined;
		const all = [...this.#mappings.values()].filter(mapping => (!input.EventSourceArn || mapping.EventSourceArn === input.EventSourceArn) && (!name || mapping.FunctionArn.split(':')[6] === name));
		const start = input.Marker ? Number(input.Marker) : 0;
		const size = input.MaxItems ?? 100;
		return {EventSourceMappings: all.slice(start, start + size).map(mapping => shown(mapping)), ...(start + size < all.length ? {NextMarker: String(start + size)} : {})};
	}

	/**
	Stop every poller; batches under way finish first.
	*/
	async close() {
		this.#closed = true;
		await Promise.all([...this.#pollers.values()].map(async poller => poller.stop()));
		this.#pollers.clear();
	}

	#function(reference: string) {
		try {
			return this.#context.functionName(reference);
		} catch {
			throw invalidParameter('Function does not exist');
		}
	}

	#checkBatching(mapping: EventSourceMapping, fifo: boolean) {
		const problem = batchingProblem(mapping.BatchSize, mapping.MaximumBatchingWindowInSeconds, fifo);
		if (problem) {
			throw invalidParameter(problem);
		}
	}

	#get(uuid: string) {
		const mapping = this.#mappings.get(uuid);
		if (!mapping) {
			throw resourceNotFound(`The resource you requested does not exist.`);
		}

		return mapping;
	}

	/**
	Move a mapping to its settled state a moment after the call that changed it, as Lambda does, and start or stop its pollers.
	*/
	#settle(mapping: EventSourceMapping, state: 'Enabled' | 'Disabled') {
		this.#context.clock.setTimer(() => {
			if (this.#mappings.get(mapping.UUID) !== mapping) {
				return;
			}

			mapping.State = state;
			this.#apply(mapping);
			this.#save(mapping).catch((error: unknown) => {
				this.#context.report(`Saving event source mapping ${mapping.UUID} failed: ${(error as Error).message}`);
			});
		}, 0, {unref: true});
	}

	#apply(mapping: EventSourceMapping) {
		const running = this.#pollers.get(mapping.UUID);
		if (mapping.State === 'Enabled' && !this.#closed) {
			if (running) {
				running.mapping = mapping;
			} else {
				const poller = new SqsPoller({...this.#context, mapping, report: this.#context.report});
				this.#pollers.set(mapping.UUID, poller);
				poller.start();
			}
		} else if (running && mapping.State === 'Disabled') {
			this.#pollers.delete(mapping.UUID);
			void running.stop();
		}
	}

	async #save(mapping: EventSourceMapping) {
		this.#mappings.set(mapping.UUID, mapping);
		const {LastProcessingResult: _, ...stored} = mapping;
		await this.#context.store.write({sql: 'INSERT OR REPLACE INTO event_source_mappings (uuid, config) VALUES (?, ?)', params: [mapping.UUID, JSON.stringify(stored)]});
	}
}
