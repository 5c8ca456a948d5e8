import {createHash} from 'node:crypto';

/**
The runtime version Lambda reports for a runtime, as `INIT_START` and `RuntimeVersionConfig` show it: `python:3.12.v1`, `nodejs:20.v1`, `provided:al2023.v1`, with an ARN of 64 hex digits.

lambdeck runs each runtime on one host interpreter, so every runtime has one version, numbered 1.
*/
export const runtimeVersion = (runtime: string, region: string) => {
	const match = /^([a-z]+)(\d+(?:\.\d+)?)?(?:\.x)?(?:\.(\w+))?$/.exec(runtime);
	const family = match?.[1] ?? runtime;
	const release = [match?.[2], match?.[3]].filter(Boolean).join('.');
	const name = `${family}:${release ? `${release}.` : ''}v1`;
	const digest = createHash('sha256').update(name).digest('hex');
	return {name, arn: `arn:aws:lambda:${region}::runtime:${digest}`};
};

/**
The line a cold start writes before START: `INIT_START Runtime Version: python:3.12.v1\tRuntime Version ARN: arn:aws:lambda:...`.
*/
export const initStartLine = (runtime: string, region: string) => {
	const {name, arn} = runtimeVersion(runtime, region);
	return `INIT_START Runtime Version: ${name}\tRuntime Version ARN: ${arn}`;
};
