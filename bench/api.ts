import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import readline from 'node:readline';
import {fileURLToPath} from 'node:url';
import type {LambdeckClient} from '../source/client/client.js';
import type {InvocationRequest, InvocationResponse} from '../source/core/types.js';
import {defaultRoleArn} from '../source/core/arn.js';
import {hasBubblewrap, type SandboxMode} from '../source/runtime/sandbox.js';
import {HttpCaller} from './http-caller.js';
import {benchRuntimes, handlerZip, makeScratch, type Scratch} from './fixtures.js';
import {createBenchFunction, measureThroughput, measureWarm, type Deadline} from './measure.js';
import {percentile, round} from './stats.js';

/**
Invoke through the Lambda REST API of a `lambdeck serve` child process: p50/p99 with one keep-alive caller, and throughput with concurrent callers, per runtime.
*/
export type ApiFigures = Record<string, Figures>;

/**
Latency and throughput of one way of invoking, and (when measured) the CPU microseconds each invoke cost the serving process, the functions' processes and the callers.
*/
export type Figures = {warmP50Ms: number | null; warmP99Ms?: number | null; invokesPerSec: number | null; cpuUsPerInvoke?: {server: number; functions: number; caller: number}};

/**
How much each measurement does, and when the whole run gives up.
*/
export type Plan = {warmup: number; warmCount: number; concurrency: number; throughputMs: number; throughputWarmRounds: number; deadline: Deadline};

const cli = path.resolve(import.meta.dirname, '../source/cli.tsx');

/**
Invoke over a lean keep-alive HTTP/1.1 caller, shaped as the client the in-process figures use, so both are measured by the same loops.
*/
const httpInvoker = (caller: HttpCaller) => ({
	async invoke(request: InvocationRequest): Promise<InvocationResponse> {
		const body = Buffer.from(typeof request.Payload === 'string' ? request.Payload : (request.Payload ?? new Uint8Array()));
		const response = await caller.request('POST', `/2015-03-31/functions/${encodeURIComponent(request.FunctionName)}/invocations`, body);
		return {StatusCode: response.status, FunctionError: response.headers['x-amz-function-error'] as 'Unhandled' | undefined, Payload: response.body};
	},
}) as unknown as LambdeckClient;

const request = async (url: string, method: string, pathName: string, body: unknown) => {
	const response = await fetch(`${url}${pathName}`, {method, body: JSON.stringify(body), headers: {'Content-Type': 'application/json'}});
	if (!response.ok) {
		throw new Error(`${method} ${pathName}: ${response.status} ${await response.text()}`);
	}
};

/**
A node child process that serves HTTP and prints `lambdeck serving URL` when it listens; `stop` ends it and waits.
*/
const startChild = async (args: string[], env: NodeJS.ProcessEnv) => {
	const extra = process.env.LAMBDECK_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const child: ChildProcess = spawn(process.execPath, [...extra, ...args], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'inherit']});
	const stop = async () => {
		child.kill('SIGTERM');
		await new Promise(resolve => {
			if (child.exitCode === null && child.signalCode === null) {
				child.once('exit', resolve);
			} else {
				resolve(undefined);
			}
		});
	};

	try {
		const url = await new Promise<string>((resolve, reject) => {
			readline.createInterface({input: child.stdout!}).once('line', line => {
				const match = /^lambdeck serving (\S+)/.exec(line);
				if (match) {
					resolve(match[1]!);
				} else {
					reject(new Error(`the child said: ${line}`));
				}
			});
			child.once('exit', code => reject(new Error(`the child exited with ${code}`)));
		});
		return {url, stop, pid: child.pid!};
	} catch (error) {
		await stop();
		throw error;
	}
};

const echoServer = `
const http = require('node:http');
const answer = Buffer.from('{"ok":true}');
const server = http.createServer((request, response) => {
	request.resume();
	request.on('end', () => {
		response.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': answer.length});
		response.end(answer);
	});
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('lambdeck serving http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

const ticks = (pid: number) => {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return {parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12])};
	} catch {
		return undefined;
	}
};

/**
CPU milliseconds used so far by a process itself and by all its descendants (living ones), from `/proc` (10 ms resolution).
*/
const treeCpu = (pid: number) => {
	const children = new Map<number, number[]>();
	const used = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		const stat = /^\d+$/.test(entry) ? ticks(Number(entry)) : undefined;
		if (stat) {
			used.set(Number(entry), stat.ticks);
			children.set(stat.parent, [...(children.get(stat.parent) ?? []), Number(entry)]);
		}
	}

	let descendants = 0;
	const queue = [...(children.get(pid) ?? [])];
	while (queue.length > 0) {
		const next = queue.pop()!;
		descendants += used.get(next) ?? 0;
		queue.push(...(children.get(next) ?? []));
	}

	return {own: (used.get(pid) ?? 0) * 10, descendants: descendants * 10};
};

/**
A throughput run's figures, with what each side spent in CPU per invoke (µs): the process that serves, the functions' processes below it, and the callers in this process.
*/
const throughputWithCpu = async (client: LambdeckClient, name: string, plan: Plan, serverPid: number) => {
	// The warm-up rounds start the callers' environments: their cold starts are not counted.
	await measureThroughput(client, name, {concurrency: plan.concurrency, durationMs: 0, warmRounds: plan.throughputWarmRounds, deadline: plan.deadline});
	const before = {server: treeCpu(serverPid), caller: process.cpuUsage()};
	const throughput = await measureThroughput(client, name, {concurrency: plan.concurrency, durationMs: plan.throughputMs, warmRounds: 0, deadline: plan.deadline});
	const after = {server: treeCpu(serverPid), caller: process.cpuUsage(before.caller)};

	const perInvoke = (ms: number) => Math.round(ms * 1000 / throughput.invokes);
	const cpu = serverPid === process.pid
		? {server: perInvoke((after.caller.user + after.caller.system) / 1000), functions: perInvoke(after.server.descendants - before.server.descendants), caller: 0}
		: {server: perInvoke(after.server.own - before.server.own), functions: perInvoke(after.server.descendants - before.server.descendants), caller: perInvoke((after.caller.user + after.caller.system) / 1000)};
	return {throughput, cpu};
};

const measureThrough = async (url: string, name: string, plan: Plan, serverPid: number) => {
	const caller = new HttpCaller(url, plan.concurrency);
	try {
		const client = httpInvoker(caller);
		const warm = await measureWarm(client, name, {warmup: plan.warmup, count: plan.warmCount, deadline: plan.deadline});
		const {throughput, cpu} = await throughputWithCpu(client, name, plan, serverPid);
		return {warmP50Ms: round(percentile(warm, 50)), warmP99Ms: round(percentile(warm, 99)), invokesPerSec: round(throughput.perSecond, 1), cpuUsPerInvoke: cpu};
	} finally {
		caller.close();
	}
};

/**
The floor: the same client loops against a bare keep-alive node HTTP server in a child process that answers every POST with `{"ok":true}`.
*/
export const measureEcho = async (plan: Plan) => {
	const echo = await startChild(['-e', echoServer], {});
	try {
		return await measureThrough(echo.url, 'echo', plan, echo.pid);
	} finally {
		await echo.stop();
	}
};

/**
Start `lambdeck serve` on a data dir of its own in the scratch folder, create the no-op functions through the API, and measure invokes through it.
*/
export const measureApi = async (scratch: Scratch, sandbox: SandboxMode, plan: Plan, cliPath = cli): Promise<ApiFigures> => {
	const home = fs.mkdtempSync(path.join(scratch.root, 'api-home-'));
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox, keepAliveSeconds: 600}));
	const serve = await startChild(['--import', 'tsx', cliPath, 'serve', '--port', '0'], {LAMBDECK_HOME: home});
	try {
		for (const runtime of benchRuntimes) {
			await request(serve.url, 'POST', '/2015-03-31/functions', {FunctionName: `bench-api-${runtime.key}`, Runtime: runtime.runtime, Handler: runtime.handler, Role: defaultRoleArn, Code: {ZipFile: handlerZip(scratch, runtime).toString('base64')}});
		}

		// A fresh server is still compiling its hot paths: a second of calls to every function first, so that the first one measured is not the slower for it.
		const caller = new HttpCaller(serve.url, plan.concurrency);
		try {
			for (const runtime of benchRuntimes) {
				await measureThroughput(httpInvoker(caller), `bench-api-${runtime.key}`, {concurrency: plan.concurrency, durationMs: 1000, warmRounds: plan.throughputWarmRounds, deadline: plan.deadline});
			}
		} finally {
			caller.close();
		}

		const figures: ApiFigures = {};
		for (const runtime of benchRuntimes) {
			figures[runtime.key] = await measureThrough(serve.url, `bench-api-${runtime.key}`, plan, serve.pid);
		}

		return figures;
	} finally {
		await serve.stop();
	}
};

const describe = (figures: Figures | undefined) => figures
	? `p50 ${figures.warmP50Ms?.toFixed(3) ?? 'n/a'} ms  p99 ${figures.warmP99Ms?.toFixed(3) ?? 'n/a'} ms  ${Math.round(figures.invokesPerSec ?? 0).toLocaleString('en-US')}/s${figures.cpuUsPerInvoke ? `  (CPU µs/invoke: server ${figures.cpuUsPerInvoke.server}, functions ${figures.cpuUsPerInvoke.functions}, callers ${figures.cpuUsPerInvoke.caller})` : ''}`
	: 'n/a';

/**
The API figures beside the in-process ones of the same sandbox mode and the bare HTTP echo's (the floor), as lines of the text report.
*/
export const renderApi = (api: ApiFigures, inProcess: Record<string, Figures>, sandbox: string, echo?: Figures) => [
	`Invoke through the Lambda API (lambdeck serve, one keep-alive caller / 8 callers), ${sandbox} mode       Aim: p50 < 0.5 ms, 8,000+/s`,
	...benchRuntimes.flatMap(runtime => [
		`  ${runtime.label.padEnd(22)} ${describe(api[runtime.key])}`,
		`    in process             ${describe(inProcess[runtime.key])}`,
	]),
	...(echo ? [`  Floor: bare keep-alive HTTP echo (node child process)  ${describe(echo)}`] : []),
].join('\n');

/**
Run alone (`node --import tsx bench/api.ts`): the echo floor, the in-process figures and the API figures, in one run. `LAMBDECK_BENCH_NODE_ARGS` adds node flags to the child processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
*/
const main = async () => {
	const {openLocalClient} = await import('../source/client/local-client.js');
	const sandbox = (process.env.BENCH_SANDBOX as SandboxMode | undefined) ?? (hasBubblewrap() ? 'bubblewrap' : 'process');
	const plan: Plan = {warmup: 200, warmCount: Number(process.env.BENCH_WARM ?? 2000), concurrency: 8, throughputMs: Number(process.env.BENCH_MS ?? 3000), throughputWarmRounds: 3, deadline: {at: performance.now() + 120_000, what: 'budget 120 s'}};
	const only = process.env.BENCH_ONLY?.split(',');
	const scratch = makeScratch();
	try {
		const echo = only && !only.includes('echo') ? undefined : await measureEcho(plan);
		const inProcess: Record<string, Figures> = {};
		if (!only || only.includes('local')) {
			const client = await openLocalClient({dataDir: scratch.dataDir, settings: {keepAliveSeconds: 600, sandbox}});
			try {
				for (const runtime of benchRuntimes) {
					const name = await createBenchFunction(client, runtime, handlerZip(scratch, runtime), `bench-${runtime.key}`);
					const warm = await measureWarm(client, name, {warmup: plan.warmup, count: plan.warmCount, deadline: plan.deadline});
					const {throughput, cpu} = await throughputWithCpu(client, name, plan, process.pid);
					inProcess[runtime.key] = {warmP50Ms: round(percentile(warm, 50)), warmP99Ms: round(percentile(warm, 99)), invokesPerSec: round(throughput.perSecond, 1), cpuUsPerInvoke: cpu};
				}
			} finally {
				await client.close();
			}
		}

		const api = only && !only.includes('api') ? {} : await measureApi(scratch, sandbox, plan);
		process.stdout.write(`${renderApi(api, inProcess, sandbox, echo)}\n`);
	} finally {
		scratch.remove();
	}
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await main();
}
