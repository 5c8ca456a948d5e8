/**
Event-driven figures through a `lambdeck serve` child process: Event invokes accepted per second with 8 keep-alive callers (each answered only once its event is synced to disk), and messages per second through an SQS event source mapping (batch size 10) into a no-op function.

Run alone with `node --import tsx bench/events.ts`; `bench/index.ts` runs it too.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import readline from 'node:readline';
import {defaultRoleArn} from '../source/core/arn.js';
import type {SandboxMode} from '../source/runtime/sandbox.js';
import {benchRuntimes, handlerZip, makeScratch, type Scratch} from './fixtures.js';
import {round} from './stats.js';

/**
What the event bench measured.
*/
export type EventFigures = {eventsAcceptedPerSec: number; eventsAccepted: number; mappingMessagesPerSec: number; mappingMessages: number; sandbox: string};

const cli = path.resolve(import.meta.dirname, '../source/cli.tsx');

const post = async (agent: http.Agent, url: string, headers: Record<string, string>, body: string) => new Promise<{status: number; text: string}>((resolve, reject) => {
	const data = Buffer.from(body);
	const request = http.request(url, {method: 'POST', agent, headers: {...headers, 'Content-Length': data.length}}, response => {
		const chunks: Buffer[] = [];
		response.on('data', (chunk: Buffer) => chunks.push(chunk));
		response.on('end', () => resolve({status: response.statusCode!, text: Buffer.concat(chunks).toString()}));
		response.on('error', reject);
	});
	request.on('error', reject);
	request.end(data);
});

const sqsCall = async (agent: http.Agent, url: string, operation: string, input: unknown) => {
	const answer = await post(agent, `${url}/`, {'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AmazonSQS.${operation}`}, JSON.stringify(input));
	if (answer.status !== 200) {
		throw new Error(`${operation}: ${answer.status} ${answer.text}`);
	}

	return JSON.parse(answer.text || '{}') as Record<string, any>;
};

const lambdaCall = async (agent: http.Agent, url: string, pathName: string, input: unknown) => {
	const answer = await post(agent, `${url}${pathName}`, {'Content-Type': 'application/json'}, JSON.stringify(input));
	if (answer.status >= 300) {
		throw new Error(`${pathName}: ${answer.status} ${answer.text}`);
	}

	return answer;
};

/**
Start a serve on its own data dir, measure both figures, stop it.
*/
export const measureEvents = async (scratch: Scratch, sandbox: SandboxMode, {callers = 8, durationMs = 3000, messages = 5000} = {}): Promise<EventFigures> => {
	const home = path.join(scratch.dataDir, '..', 'events-home');
	fs.mkdirSync(home, {recursive: true});
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox, keepAliveSeconds: 600}));
	const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--port', '0'], {env: {...process.env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'inherit']});
	const agent = new http.Agent({keepAlive: true, maxSockets: callers});
	try {
		const url = await new Promise<string>((resolve, reject) => {
			readline.createInterface({input: child.stdout}).once('line', line => resolve(/^lambdeck serving (\S+)/.exec(line)?.[1] ?? ''));
			child.once('exit', code => reject(new Error(`lambdeck serve exited with ${code}`)));
		});
		const runtime = benchRuntimes[0]!;
		for (const name of ['bench-events', 'bench-mapping']) {
			await lambdaCall(agent, url, '/2015-03-31/functions', {FunctionName: name, Runtime: runtime.runtime, Handler: runtime.handler, Role: defaultRoleArn, Code: {ZipFile: handlerZip(scratch, runtime).toString('base64')}});
		}

		await new Promise(resolve => setTimeout(resolve, 200));
		const invokePath = '/2015-03-31/functions/bench-events/invocations';
		let accepted = 0;
		const end = performance.now() + durationMs;
		const started = performance.now();
		await Promise.all(Array.from({length: callers}, async () => {
			while (performance.now() < end) {
				const answer = await post(agent, `${url}${invokePath}`, {'X-Amz-Invocation-Type': 'Event'}, '{}');
				if (answer.status !== 202) {
					throw new Error(`Event invoke answered ${answer.status}: ${answer.text}`);
				}

				accepted++;
			}
		}));
		const acceptedSeconds = (performance.now() - started) / 1000;

		const {QueueUrl} = await sqsCall(agent, url, 'CreateQueue', {QueueName: 'bench-mapping'});
		for (let sent = 0; sent < messages; sent += 10) {
			await sqsCall(agent, url, 'SendMessageBatch', {QueueUrl, Entries: Array.from({length: 10}, (_, index) => ({Id: `m${index}`, MessageBody: `{"n":${sent + index}}`}))});
		}

		// Let the accepted events drain first, so the mapping is measured on its own.
		await new Promise(resolve => setTimeout(resolve, 500));
		const mappingStarted = performance.now();
		await lambdaCall(agent, url, '/2015-03-31/event-source-mappings', {FunctionName: 'bench-mapping', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:bench-mapping', BatchSize: 10});
		for (;;) {
			const {Attributes} = await sqsCall(agent, url, 'GetQueueAttributes', {QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']});
			if (Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0') {
				break;
			}

			await new Promise(resolve => setTimeout(resolve, 20));
		}

		const mappingSeconds = (performance.now() - mappingStarted) / 1000;
		return {eventsAcceptedPerSec: round(accepted / acceptedSeconds, 1) ?? 0, eventsAccepted: accepted, mappingMessagesPerSec: round(messages / mappingSeconds, 1) ?? 0, mappingMessages: messages, sandbox};
	} finally {
		agent.destroy();
		child.kill('SIGTERM');
		await new Promise(resolve => child.exitCode === null ? child.once('exit', resolve) : resolve(undefined));
	}
};

/**
The event figures as the bench prints them.
*/
export const renderEvents = (figures: EventFigures) => [
	`Event-driven invocation (${figures.sandbox} sandbox, through lambdeck serve)     Target`,
	`Event invokes accepted/s, 8 callers, durable   ${figures.eventsAcceptedPerSec.toFixed(0).padEnd(15)}5,000+`,
	`Messages/s through a mapping, batch 10, no-op  ${figures.mappingMessagesPerSec.toFixed(0).padEnd(15)}5,000+`,
].join('\n');

if (import.meta.url === `file://${process.argv[1]}`) {
	const scratch = makeScratch();
	try {
		const figures = await measureEvents(scratch, 'process');
		process.stdout.write(`${renderEvents(figures)}\n(${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)})\n`);
	} finally {
		scratch.remove();
	}
}
