/**
Provisioned concurrency and function URLs through a `lambdeck serve` child: the first invoke of a provisioned alias beside the first invoke of a new function (a cold start), and a function URL's requests per second with 8 callers beside Invoke's through the API. Runs alone with `node --import tsx bench/versions.ts`.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import readline from 'node:readline';
import {fileURLToPath} from 'node:url';
import {defaultRoleArn} from '../source/core/arn.js';
import {zipFolder} from '../source/store/artifacts.js';
import {HttpCaller} from './http-caller.js';
import {median, round} from './stats.js';

/**
The figures: first-invoke times in ms (median of the rounds) and requests per second with 8 callers.
*/
export type VersionsFigures = {
	rounds: number;
	provisionedFirstInvokeMs: number | null;
	coldFirstInvokeMs: number | null;
	provisionedInitDurationSeen: boolean;
	callers: number;
	urlPerSec: number | null;
	invokePerSec: number | null;
};

const cli = path.resolve(import.meta.dirname, '../source/cli.tsx');

const startServe = async (home: string) => {
	const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--port', '0'], {env: {...process.env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'inherit']});
	const url = await new Promise<string>((resolve, reject) => {
		readline.createInterface({input: child.stdout!}).once('line', line => {
			const match = /^lambdeck serving (\S+)/.exec(line);
			if (match) {
				resolve(match[1]!);
			} else {
				reject(new Error(`serve said: ${line}`));
			}
		});
		child.once('exit', code => reject(new Error(`serve exited with ${code}`)));
	});
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	};

	return {url, stop};
};

const api = async (url: string, method: string, pathName: string, body?: unknown) => {
	const response = await fetch(`${url}${pathName}`, {method, ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {'Content-Type': 'application/json'}})});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(`${method} ${pathName}: ${response.status} ${text}`);
	}

	return {json: (text ? JSON.parse(text) : {}) as Record<string, any>, headers: response.headers};
};

const perSecond = async (caller: HttpCaller, pathName: string, callers: number, durationMs: number) => {
	const body = Buffer.from('{}');
	const loop = async (until: number) => {
		let count = 0;
		while (performance.now() < until) {
			const response = await caller.request('POST', pathName, body);
			if (response.status !== 200) {
				throw new Error(`${pathName}: ${response.status} ${response.body.toString()}`);
			}

			count++;
		}

		return count;
	};

	await Promise.all(Array.from({length: callers}, async () => loop(performance.now() + 300)));
	const started = performance.now();
	const counts = await Promise.all(Array.from({length: callers}, async () => loop(started + durationMs)));
	return counts.reduce((sum, count) => sum + count, 0) / ((performance.now() - started) / 1000);
};

/**
Measure `rounds` first invokes of each kind and `durationMs` of URL and Invoke traffic with `callers` callers.
*/
export const measureVersions = async ({rounds = 5, callers = 8, durationMs = 3000} = {}): Promise<VersionsFigures> => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-bench-versions-'));
	const code = path.join(root, 'code');
	fs.mkdirSync(code);
	fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ok: true});\n');
	const zip = zipFolder(code).toString('base64');
	const serve = await startServe(path.join(root, 'data'));
	const create = async (name: string) => {
		await api(serve.url, 'POST', '/2015-03-31/functions', {FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: defaultRoleArn, Code: {ZipFile: zip}});
		while ((await api(serve.url, 'GET', `/2015-03-31/functions/${name}/configuration`)).json.State !== 'Active') {
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	};

	const firstInvoke = async (name: string, qualifier?: string) => {
		const started = performance.now();
		const response = await fetch(`${serve.url}/2015-03-31/functions/${name}/invocations${qualifier ? `?Qualifier=${qualifier}` : ''}`, {method: 'POST', body: '{}', headers: {'X-Amz-Log-Type': 'Tail'}});
		await response.arrayBuffer();
		const elapsed = performance.now() - started;
		return {elapsed, init: Buffer.from(response.headers.get('x-amz-log-result') ?? '', 'base64').toString().includes('Init Duration')};
	};

	try {
		const provisioned: number[] = [];
		const colds: number[] = [];
		let initSeen = false;
		for (let round = 0; round < rounds; round++) {
			const cold = `bench-cold-${round}`;
			await create(cold);
			colds.push((await firstInvoke(cold)).elapsed);

			const warm = `bench-provisioned-${round}`;
			await create(warm);
			await api(serve.url, 'POST', `/2015-03-31/functions/${warm}/versions`, {});
			await api(serve.url, 'POST', `/2015-03-31/functions/${warm}/aliases`, {Name: 'LIVE', FunctionVersion: '1'});
			await api(serve.url, 'PUT', `/2019-09-30/functions/${warm}/provisioned-concurrency?Qualifier=LIVE`, {ProvisionedConcurrentExecutions: 1});
			while ((await api(serve.url, 'GET', `/2019-09-30/functions/${warm}/provisioned-concurrency?Qualifier=LIVE`)).json.Status === 'IN_PROGRESS') {
				await new Promise(resolve => setTimeout(resolve, 20));
			}

			const first = await firstInvoke(warm, 'LIVE');
			provisioned.push(first.elapsed);
			initSeen ||= first.init;
		}

		await create('bench-url');
		const {json: url} = await api(serve.url, 'POST', '/2021-10-31/functions/bench-url/url', {AuthType: 'NONE'});
		const caller = new HttpCaller(serve.url, callers);
		try {
			const urlPath = new URL(url.FunctionUrl as string).pathname;
			const urlPerSec = await perSecond(caller, urlPath, callers, durationMs);
			const invokePerSec = await perSecond(caller, '/2015-03-31/functions/bench-url/invocations', callers, durationMs);
			return {
				rounds,
				provisionedFirstInvokeMs: round(median(provisioned)),
				coldFirstInvokeMs: round(median(colds)),
				provisionedInitDurationSeen: initSeen,
				callers,
				urlPerSec: round(urlPerSec, 1),
				invokePerSec: round(invokePerSec, 1),
			};
		} finally {
			caller.close();
		}
	} finally {
		await serve.stop();
		fs.rmSync(root, {recursive: true, force: true});
	}
};

/**
The figures as the bench prints them.
*/
export const renderVersions = (figures: VersionsFigures) => [
	`Provisioned concurrency (Node no-op through serve, median of ${figures.rounds}): first invoke of a provisioned alias ${figures.provisionedFirstInvokeMs} ms, first invoke of a new function (cold start) ${figures.coldFirstInvokeMs} ms${figures.provisionedInitDurationSeen ? ' (an Init Duration was seen on a provisioned invoke!)' : ''}`,
	`Function URL with ${figures.callers} callers: ${figures.urlPerSec} requests/s, beside Invoke through the API: ${figures.invokePerSec} invokes/s`,
].join('\n');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const figures = await measureVersions();
	process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(figures)}\n` : `${renderVersions(figures)}\n`);
}
