import {spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import type {LambdeckClient} from '../source/client/client.js';
import type {InvocationResponse} from '../source/core/types.js';
import type {BenchRuntime} from './fixtures.js';

/**
A point in time (on `performance.now()`'s clock) past which every measuring loop gives up with an error, so that a run stays bounded however slow the machine is.
*/
export type Deadline = {at: number; what: string};

const check = (deadline: Deadline, step: string) => {
	if (performance.now() > deadline.at) {
		throw new Error(`The bench ran out of time during ${step} (${deadline.what}).`);
	}
};

const payload = '{}';
const decoder = new TextDecoder();

/**
Fail unless an invoke returned what the no-op handler returns: status 200, no function error, and `{"ok":true}`.
*/
export const expectOk = (response: InvocationResponse, functionName: string) => {
	const body = decoder.decode(response.Payload);
	if (response.StatusCode !== 200 || response.FunctionError || JSON.parse(body)?.ok !== true) {
		throw new Error(`Invoking ${functionName} returned ${response.StatusCode} ${response.FunctionError ?? ''}: ${body}`);
	}
};

const invokeOnce = async (client: LambdeckClient, functionName: string) => {
	expectOk(await client.invoke({FunctionName: functionName, Payload: payload}), functionName);
};

/**
Create one bench function from its zip and return its name.
*/
export const createBenchFunction = async (client: LambdeckClient, runtime: BenchRuntime, zip: Buffer, functionName: string) => {
	await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: functionName, Runtime: runtime.runtime, Handler: runtime.handler, Code: {ZipFile: zip}});
	return functionName;
};

/**
Warm invoke latency: `warmup` sequential invokes that are not counted, then the milliseconds of each of `count` sequential invokes, through the client in this process.
*/
export const measureWarm = async (client: LambdeckClient, functionName: string, options: {warmup: number; count: number; deadline: Deadline}) => {
	for (let index = 0; index < options.warmup; index++) {
		await invokeOnce(client, functionName);
		check(options.deadline, 'warm-up');
	}

	const samples: number[] = [];
	for (let index = 0; index < options.count; index++) {
		const started = performance.now();
		await invokeOnce(client, functionName);
		samples.push(performance.now() - started);
		check(options.deadline, 'warm invokes');
	}

	return samples;
};

const spawnOnce = async (binary: string, args: string[]) => new Promise<number>((resolve, reject) => {
	const started = performance.now();
	const child = spawn(binary, args, {stdio: 'ignore'});
	child.once('error', reject);
	child.once('exit', code => {
		if (code === 0) {
			resolve(performance.now() - started);
		} else {
			reject(new Error(`${binary} ${args.join(' ')} exited with ${code}`));
		}
	});
});

const coldOnce = async (client: LambdeckClient, runtime: BenchRuntime, zip: Buffer, functionName: string) => {
	await createBenchFunction(client, runtime, zip, functionName);
	try {
		const started = performance.now();
		await invokeOnce(client, functionName);
		return performance.now() - started;
	} finally {
		await client.deleteFunction({FunctionName: functionName});
	}
};

/**
Cold start beside bare spawn, interleaved so that both see the same load on the machine.

A cold start is the milliseconds of the first invoke of a freshly created function (a new name each time; each is deleted after, which stops its environment). A bare spawn is the milliseconds from `child_process.spawn` to exit of `binary args` (e.g. `node -e 0`). `warmup` rounds of both are run first and not counted; then `count` rounds of one spawn and one cold start each.
*/
export const measureColdAndSpawn = async (client: LambdeckClient, runtime: BenchRuntime, zip: Buffer, options: {binary: string; count: number; warmup: number; prefix: string; deadline: Deadline}) => {
	const colds: number[] = [];
	const spawns: number[] = [];
	for (let round = 0; round < options.warmup + options.count; round++) {
		const spawnMs = await spawnOnce(options.binary, runtime.bareArgs);
		const coldMs = await coldOnce(client, runtime, zip, `${options.prefix}-${round}`);
		if (round >= options.warmup) {
			spawns.push(spawnMs);
			colds.push(coldMs);
		}

		check(options.deadline, 'cold starts and bare spawns');
	}

	return {colds, spawns};
};

/**
Throughput: `concurrency` callers that each invoke in a loop for `durationMs`. Before the clock starts, a few rounds of `concurrency` simultaneous invokes make the service start and warm that many environments.
*/
export const measureThroughput = async (client: LambdeckClient, functionName: string, options: {concurrency: number; durationMs: number; warmRounds: number; deadline: Deadline}) => {
	const callers = Array.from({length: options.concurrency}, (_, index) => index);
	for (let round = 0; round < options.warmRounds; round++) {
		const results = await Promise.allSettled(callers.map(async () => invokeOnce(client, functionName)));
		const rejected = results.find(result => result.status === 'rejected');
		if (rejected) {
			throw new Error(`A concurrent warm-up invoke failed: ${(rejected.reason as Error).message}`, {cause: rejected.reason});
		}

		check(options.deadline, 'throughput warm-up');
	}

	let invokes = 0;
	let failure: unknown;
	const started = performance.now();
	const stopAt = started + options.durationMs;
	await Promise.all(callers.map(async () => {
		while (failure === undefined && performance.now() < stopAt) {
			try {
				await invokeOnce(client, functionName);
				invokes++;
			} catch (error) {
				failure ??= error;
			}
		}
	}));
	if (failure !== undefined) {
		throw new Error(`A concurrent caller failed after ${invokes} invokes: ${(failure as Error).message}`, {cause: failure});
	}

	const seconds = (performance.now() - started) / 1000;
	check(options.deadline, 'throughput');
	return {invokes, seconds, perSecond: invokes / seconds};
};
