import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import type {LambdeckClient} from '../source/client/client.js';
import type {InvocationRequest, InvocationResponse} from '../source/core/types.js';
import {defaultRoleArn} from '../source/core/arn.js';
import type {SandboxMode} from '../source/runtime/sandbox.js';
import {benchRuntimes, handlerZip, type Scratch} from './fixtures.js';
import {measureThroughput, measureWarm, type Deadline} from './measure.js';
import {percentile, round} from './stats.js';

/**
Invoke through the Lambda REST API of a `lambdeck serve` child process: p50/p99 with one keep-alive caller, and throughput with concurrent callers, per runtime.
*/
export type ApiFigures = Record<string, {warmP50Ms: number | null; warmP99Ms: number | null; invokesPerSec: number | null}>;

const cli = path.resolve(import.meta.dirname, '../source/cli.tsx');

/**
A bare HTTP/1.1 keep-alive client for Invoke, shaped as the client the in-process figures use, so both are measured by the same loops.
*/
const httpInvoker = (url: string, agent: http.Agent) => ({
	async invoke(request: InvocationRequest): Promise<InvocationResponse> {
		const body = Buffer.from(typeof request.Payload === 'string' ? request.Payload : (request.Payload ?? new Uint8Array()));
		return new Promise((resolve, reject) => {
			const outgoing = http.request(`${url}/2015-03-31/functions/${encodeURIComponent(request.FunctionName)}/invocations`, {method: 'POST', agent, headers: {'Content-Length': body.length}}, response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({StatusCode: response.statusCode!, FunctionError: response.headers['x-amz-function-error'] as 'Unhandled' | undefined, Payload: Buffer.concat(chunks)}));
				response.on('error', reject);
			});
			outgoing.on('error', reject);
			outgoing.end(body);
		});
	},
}) as unknown as LambdeckClient;

const request = async (url: string, method: string, pathName: string, body: unknown) => {
	const response = await fetch(`${url}${pathName}`, {method, body: JSON.stringify(body), headers: {'Content-Type': 'application/json'}});
	if (!response.ok) {
		throw new Error(`${method} ${pathName}: ${response.status} ${await response.text()}`);
	}
};

/**
Start `lambdeck serve` on a data dir of its own in the scratch folder, create the no-op functions through the API, and measure invokes through it.
*/
export const measureApi = async (scratch: Scratch, sandbox: SandboxMode, plan: {warmup: number; warmCount: number; concurrency: number; throughputMs: number; throughputWarmRounds: number; deadline: Deadline}): Promise<ApiFigures> => {
	const home = path.join(scratch.dataDir, '..', 'api-home');
	fs.mkdirSync(home, {recursive: true});
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox, keepAliveSeconds: 600}));
	const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--port', '0'], {env: {...process.env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'inherit']});
	const agent = new http.Agent({keepAlive: true, maxSockets: plan.concurrency});
	try {
		const url = await new Promise<string>((resolve, reject) => {
			readline.createInterface({input: child.stdout!}).once('line', line => {
				const match = /^lambdeck serving (\S+)/.exec(line);
				if (match) {
					resolve(match[1]!);
				} else {
					reject(new Error(`lambdeck serve said: ${line}`));
				}
			});
			child.once('exit', code => reject(new Error(`lambdeck serve exited with ${code}`)));
		});
		const client = httpInvoker(url, agent);
		const figures: ApiFigures = {};
		for (const runtime of benchRuntimes) {
			const name = `bench-api-${runtime.key}`;
			await request(url, 'POST', '/2015-03-31/functions', {FunctionName: name, Runtime: runtime.runtime, Handler: runtime.handler, Role: defaultRoleArn, Code: {ZipFile: handlerZip(scratch, runtime).toString('base64')}});
			const warm = await measureWarm(client, name, {warmup: plan.warmup, count: plan.warmCount, deadline: plan.deadline});
			const throughput = await measureThroughput(client, name, {concurrency: plan.concurrency, durationMs: plan.throughputMs, warmRounds: plan.throughputWarmRounds, deadline: plan.deadline});
			figures[runtime.key] = {warmP50Ms: round(percentile(warm, 50)), warmP99Ms: round(percentile(warm, 99)), invokesPerSec: round(throughput.perSecond, 1)};
		}

		return figures;
	} finally {
		agent.destroy();
		child.kill('SIGTERM');
		await new Promise(resolve => {
			if (child.exitCode === null) {
				child.once('exit', resolve);
			} else {
				resolve(undefined);
			}
		});
	}
};

/**
The API figures beside the in-process ones of the same sandbox mode, as lines of the text report.
*/
export const renderApi = (api: ApiFigures, inProcess: Record<string, {warmP50Ms: number | null; invokesPerSec: number | null}>, sandbox: string) => [
	`Invoke through the Lambda API (lambdeck serve, one keep-alive caller / 8 callers), ${sandbox} mode       Aim: p50 < 0.5 ms, 8,000+/s`,
	...benchRuntimes.map(runtime => {
		const figures = api[runtime.key]!;
		const local = inProcess[runtime.key];
		return `  ${runtime.label.padEnd(22)} p50 ${figures.warmP50Ms?.toFixed(3)} ms  p99 ${figures.warmP99Ms?.toFixed(3)} ms  ${Math.round(figures.invokesPerSec ?? 0).toLocaleString('en-US')}/s   (in process: p50 ${local?.warmP50Ms?.toFixed(3) ?? 'n/a'} ms, ${Math.round(local?.invokesPerSec ?? 0).toLocaleString('en-US')}/s)`;
	}),
].join('\n');
