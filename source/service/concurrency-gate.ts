import {invalidParameter} from '../core/errors.js';

/**
Why an invocation was refused, as Lambda names it in the 429's `Reason`.
*/
export type ThrottleReason = 'ConcurrentInvocationLimitExceeded' | 'ReservedFunctionConcurrentInvocationLimitExceeded';

/**
The least unreserved concurrency an account keeps: AWS keeps 100 of its 1,000, so lambdeck keeps a tenth of its own (at least 1).
*/
export const minimumUnreservedOf = (accountConcurrency: number) => Math.max(1, Math.ceil(accountConcurrency / 10));

/**
The account's concurrency pool: reserved concurrency per function, and how many invocations of each function run now.

A function with a reservation runs at most that many at once; the others share what is left of the account once every reservation is taken out. Counting is a map update per invocation, and a check looks at the reserved functions only.
*/
export class ConcurrencyGate {
	readonly accountConcurrency: number;
	readonly minimumUnreserved: number;
	readonly #reserved = new Map<string, number>();
	readonly #running = new Map<string, number>();
	/** Provisioned concurrency per function, summed over its versions and aliases. */
	readonly #provisioned = new Map<string, number>();
	#total = 0;
	#reservedSum = 0;

	constructor(accountConcurrency: number) {
		this.accountConcurrency = accountConcurrency;
		this.minimumUnreserved = minimumUnreservedOf(accountConcurrency);
	}

	/**
	What the functions without a reservation share: the account's concurrency less every reservation.
	*/
	get unreserved() {
		let provisioned = 0;
		for (const [name, count] of this.#provisioned) {
			provisioned += this.#reserved.has(name) ? 0 : count;
		}

		return this.accountConcurrency - this.#reservedSum - provisioned;
	}

	provisionedOf(functionName: string) {
		return this.#provisioned.get(functionName) ?? 0;
	}

	/**
	Set a function's provisioned concurrency (all its versions and aliases together): without a reservation, it comes out of the account's unreserved concurrency, as on AWS, and that many of its invocations never wait on the shared pool.
	*/
	provision(functionName: string, total: number) {
		if (total > 0) {
			this.#provisioned.set(functionName, total);
		} else {
			this.#provisioned.delete(functionName);
		}
	}

	/**
	How many invocations of a function run now.
	*/
	runningOf(functionName: string) {
		return this.#running.get(functionName) ?? 0;
	}

	reservationOf(functionName: string): number | undefined {
		return this.#reserved.get(functionName);
	}

	/**
	Refuse, in Lambda's words, a reservation that would leave the account less unreserved concurrency than its minimum.
	*/
	checkReservation(functionName: string, reserved: number) {
		const others = this.#reservedSum - (this.#reserved.get(functionName) ?? 0);
		if (this.accountConcurrency - others - reserved < this.minimumUnreserved) {
			throw invalidParameter(`Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${this.minimumUnreserved}].`);
		}
	}

	/**
	Set or (with undefined) remove a function's reservation. Invocations already running keep running.
	*/
	reserve(functionName: string, reserved: number | undefined) {
		this.#reservedSum -= this.#reserved.get(functionName) ?? 0;
		if (reserved === undefined) {
			this.#reserved.delete(functionName);
		} else {
			this.#reserved.set(functionName, reserved);
			this.#reservedSum += reserved;
		}
	}

	/**
	Count an invocation in, or say why it may not run now. Every admitted invocation must `leave` once it ends.
	*/
	enter(functionName: string): ThrottleReason | undefined {
		const running = this.runningOf(functionName);
		const reserved = this.#reserved.get(functionName);
		if (reserved !== undefined) {
			if (running >= reserved) {
				return 'ReservedFunctionConcurrentInvocationLimitExceeded';
			}
		} else if (running >= this.provisionedOf(functionName) && this.#total - this.#reservedRunning() - this.#provisionedRunning() >= this.unreserved) {
			return 'ConcurrentInvocationLimitExceeded';
		}

		this.#running.set(functionName, running + 1);
		this.#total++;
		return undefined;
	}

	leave(functionName: string) {
		const running = this.runningOf(functionName);
		if (running <= 1) {
			this.#running.delete(functionName);
		} else {
			this.#running.set(functionName, running - 1);
		}

		this.#total--;
	}

	#provisionedRunning() {
		let sum = 0;
		for (const [name, count] of this.#provisioned) {
			sum += this.#reserved.has(name) ? 0 : Math.min(count, this.runningOf(name));
		}

		return sum;
	}

	#reservedRunning() {
		let sum = 0;
		for (const name of this.#reserved.keys()) {
			sum += this.runningOf(name);
		}

		return sum;
	}
}
