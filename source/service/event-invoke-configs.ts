import type {Account} from '../core/arn.js';
import {functionArn, parseFunctionReference} from '../core/arn.js';
import type {Clock} from '../core/clock.js';
import {eventInvokeConfigProblem} from '../core/event-settings.js';
import {invalidParameter, isLambdaError, resourceNotFound} from '../core/errors.js';
import type {DurableStore} from '../store/durable-store.js';
import type {RetryPolicy} from './async-queue.js';

/**
A destination as the API carries it (`{}` when unset).
*/
export type Destination = {Destination?: string};

/**
A function's asynchronous invocation settings for one qualifier, as FunctionEventInvokeConfig has them.
*/
export type EventInvokeConfig = {
	LastModified: number;
	FunctionArn: string;
	MaximumRetryAttempts?: number;
	MaximumEventAgeInSeconds?: number;
	DestinationConfig: {OnSuccess: Destination; OnFailure: Destination};
};

type ConfigInput = {
	FunctionName: string;
	Qualifier?: string;
	MaximumRetryAttempts?: number;
	MaximumEventAgeInSeconds?: number;
	DestinationConfig?: {OnSuccess?: Destination; OnFailure?: Destination};
};

/**
The table event invoke configs live in.
*/
export const eventInvokeConfigSchema = `CREATE TABLE IF NOT EXISTS event_invoke_configs (
	function_name TEXT NOT NULL,
	qualifier TEXT NOT NULL,
	config TEXT NOT NULL,
	PRIMARY KEY (function_name, qualifier)
);`;

/**
What the configs need from the service: the account, the clock, the store, and a check that a function (and qualifier) exists, which throws Lambda's not-found otherwise.
*/
export type EventInvokeConfigsContext = {
	account: Account;
	clock: Clock;
	store: DurableStore;
	exists: (name: string, qualifier?: string) => void;
};

/**
Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s), per qualifier, with Lambda's validation; kept in the durable store and in memory.
*/
export class EventInvokeConfigs {
	readonly #context: EventInvokeConfigsContext;
	readonly #configs = new Map<string, EventInvokeConfig>();

	constructor(context: EventInvokeConfigsContext) {
		this.#context = context;
	}

	/**
	Load the stored configs.
	*/
	async load() {
		const rows = await this.#context.store.read<{function_name: string; qualifier: string; config: string}>('SELECT * FROM event_invoke_configs');
		for (const row of rows) {
			this.#configs.set(`${row.function_name}:${row.qualifier}`, JSON.parse(row.config) as EventInvokeConfig);
		}
	}

	/**
	The config that applies to an invoke of a function with a qualifier (none means `$LATEST`).
	*/
	configOf(functionName: string, qualifier?: string) {
		return this.#configs.get(`${functionName}:${qualifier ?? '$LATEST'}`);
	}

	/**
	The retry settings of an invoke: its config's, or Lambda's defaults (2 retries, 6 hours).
	*/
	policyOf(functionName: string, qualifier?: string): RetryPolicy {
		const config = this.configOf(functionName, qualifier);
		return {maximumRetryAttempts: config?.MaximumRetryAttempts ?? 2, maximumEventAgeSeconds: config?.MaximumEventAgeInSeconds ?? 21_600};
	}

	async put(input: ConfigInput) {
		const {name, qualifier} = this.#existing(input);
		this.#validate(name, input);
		return this.#save(name, qualifier, input);
	}

	async update(input: ConfigInput) {
		const {name, qualifier} = this.#existing(input);
		const current = this.#get(name, qualifier);
		this.#validate(name, input, true);
		return this.#save(name, qualifier, {
			...input,
			MaximumRetryAttempts: input.MaximumRetryAttempts ?? current.MaximumRetryAttempts,
			MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds ?? current.MaximumEventAgeInSeconds,
			DestinationConfig: {
				OnSuccess: input.DestinationConfig?.OnSuccess ?? current.DestinationConfig.OnSuccess,
				OnFailure: input.DestinationConfig?.OnFailure ?? current.DestinationConfig.OnFailure,
			},
		});
	}

	get(input: {FunctionName: string; Qualifier?: string}) {
		const {name, qualifier} = this.#reference(input);
		return this.#get(name, qualifier);
	}

	async delete(input: {FunctionName: string; Qualifier?: string}) {
		const {name, qualifier} = this.#reference(input);
		this.#get(name, qualifier);
		this.#configs.delete(`${name}:${qualifier}`);
		await this.#context.store.write({sql: 'DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?', params: [name, qualifier]});
	}

	list(input: {FunctionName: string; Marker?: string; MaxItems?: number}) {
		const {name} = this.#existing({FunctionName: input.FunctionName});
		const all = [...this.#configs.entries()].filter(([key]) => key.startsWith(`${name}:`)).map(([, config]) => config);
		const start = input.Marker ? Number(input.Marker) : 0;
		const size = input.MaxItems ?? 50;
		const page = all.slice(start, start + size);
		return {FunctionEventInvokeConfigs: page, ...(start + size < all.length ? {NextMarker: String(start + size)} : {})};
	}

	/**
	Forget every config of a deleted function.
	*/
	async forget(functionName: string) {
		for (const key of [...this.#configs.keys()]) {
			if (key.startsWith(`${functionName}:`)) {
				this.#configs.delete(key);
			}
		}

		await this.#context.store.write({sql: 'DELETE FROM event_invoke_configs WHERE function_name = ?', params: [functionName]});
	}

	#reference(input: {FunctionName: string; Qualifier?: string}) {
		const {name, qualifier} = parseFunctionReference(this.#context.account, input.FunctionName, input.Qualifier);
		return {name, qualifier: qualifier ?? '$LATEST'};
	}

	#existing(input: {FunctionName: string; Qualifier?: string}) {
		const reference = this.#reference(input);
		try {
			this.#context.exists(reference.name, reference.qualifier);
		} catch (error) {
			if (isLambdaError(error) && error.statusCode === 404) {
				throw resourceNotFound('The function doesn\'t exist.');
			}

			throw error;
		}

		return reference;
	}

	#get(name: string, qualifier: string) {
		const config = this.#configs.get(`${name}:${qualifier}`);
		if (!config) {
			throw resourceNotFound(`The function ${functionArn(this.#context.account, name, qualifier)} doesn't have an EventInvokeConfig`);
		}

		return config;
	}

	#validate(name: string, input: ConfigInput, merging = false) {
		const {region, accountId} = this.#context.account;
		const problem = eventInvokeConfigProblem(input, {functionName: name, region, accountId}, {merging});
		if (problem) {
			throw invalidParameter(problem);
		}

		for (const destination of [input.DestinationConfig?.OnSuccess?.Destination, input.DestinationConfig?.OnFailure?.Destination]) {
			if (destination?.split(':')[2] === 'lambda') {
				try {
					this.#context.exists(destination);
				} catch {
					throw invalidParameter(`The destination ARN ${destination} is invalid.`);
				}
			}
		}
	}

	async #save(name: string, qualifier: string, input: ConfigInput) {
		const config: EventInvokeConfig = {
			LastModified: this.#context.clock.now() / 1000,
			FunctionArn: functionArn(this.#context.account, name, qualifier),
			...(input.MaximumRetryAttempts === undefined ? {} : {MaximumRetryAttempts: input.MaximumRetryAttempts}),
			...(input.MaximumEventAgeInSeconds === undefined ? {} : {MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds}),
			DestinationConfig: {OnSuccess: input.DestinationConfig?.OnSuccess ?? {}, OnFailure: input.DestinationConfig?.OnFailure ?? {}},
		};
		await this.#context.store.write({sql: 'INSERT OR REPLACE INTO event_invoke_configs (function_name, qualifier, config) VALUES (?, ?, ?)', params: [name, qualifier, JSON.stringify(config)]});
		this.#configs.set(`${name}:${qualifier}`, config);
		return config;
	}
}
