import {performance} from 'node:perf_hooks';
import type {LambdeckClient} from '../source/client/client.js';
import {isLambdaError} from '../source/core/errors.js';
import type {BenchRuntime} from './fixtures.js';
import type {Deadline} from './measure.js';

/**
What 1,000 callers at once did to the service: how many were answered, throttled or failed, how long the burst took, and the service process's peak memory meanwhile.
*/
export type OverloadFigures = {
	callers: number;
	answered: number;
	throttled: number;
	failed: number;
	seconds: number;
	peakServiceRssMb: number;
	environments: number;
};

/**
Fire `callers` invokes of a fresh no-op function at once and sample the service process's resident memory every 20 ms until all have come back.
*/
export const measureOverload = async (client: LambdeckClient & {service: {environmentCount(name: string): {total: number}}}, runtime: BenchRuntime, zip: Buffer, options: {callers: number; functionName: string; deadline: Deadline}): Promise<OverloadFigures> => {
	await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: options.functionName, Runtime: runtime.runtime, Handler: runtime.handler, Code: {ZipFile: zip}});
	let peak = process.memoryUsage().rss;
	let environments = 0;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
		environments = Math.max(environments, client.service.environmentCount(options.functionName).total);
	}, 20);
	const started = performance.now();
	const outcomes = await Promise.all(Array.from({length: options.callers}, async () => {
		try {
			const response = await client.invoke({FunctionName: options.functionName, Payload: '{}'});
			return response.FunctionError ? 'failed' : 'answered';
		} catch (error) {
			return isLambdaError(error) && error.type === 'TooManyRequestsException' ? 'throttled' : 'failed';
		}
	}));
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	if (performance.now() > options.deadline.at) {
		throw new Error(`The overload burst ran out of time (${options.deadline.what}).`);
	}

	await client.deleteFunction({FunctionName: options.functionName});
	const count = (kind: string) => outcomes.filter(outcome => outcome === kind).length;
	return {
		callers: options.callers,
		answered: count('answered'),
		throttled: count('throttled'),
		failed: count('failed'),
		seconds: Math.round(seconds * 100) / 100,
		peakServiceRssMb: Math.round(peak / 1024 / 1024),
		environments,
	};
};

/**
The overload figures as lines of the text report.
*/
export const renderOverload = (figures: OverloadFigures, label: string) =>
	`Overload, ${figures.callers} concurrent callers of a ${label} no-op: ${figures.answered} answered, ${figures.throttled} throttled (429), ${figures.failed} failed, in ${figures.seconds} s; ${figures.environments} environments at most; service RSS peak ${figures.peakServiceRssMb} MB`;
