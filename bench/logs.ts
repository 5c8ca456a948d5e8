import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {LambdeckClient} from '../source/client/client.js';
import {zipFolder} from '../source/store/artifacts.js';
import type {BenchRuntime, Scratch} from './fixtures.js';

/**
Log throughput of one runtime: a function printing `lines` lines in one invoke, how many of them the log kept between its START and END, and lines per second from the invoke call to its answer (END is written before the answer).
*/
export type LogFigures = {lines: number; kept: number; seconds: number; linesPerSec: number};

const sources: Record<BenchRuntime['key'], string> = {
	node: 'exports.handler = async (event, context) => { for (let i = 0; i < event.count; i++) { console.log(`bench-line ${context.awsRequestId} ${i}`); } return {ok: true}; };\n',
	python: 'def handler(event, context):\n    for i in range(event["count"]):\n        print(f"bench-line {context.aws_request_id} {i}")\n    return {"ok": True}\n',
};

/**
Measure log throughput for one runtime: one uncounted warm-up invoke (the cold start), then one invoke printing `lines` lines, console.log in Node and print in Python.
*/
export const measureLogThroughput = async (client: LambdeckClient, scratch: Scratch, runtime: BenchRuntime, lines: number): Promise<LogFigures> => {
	const folder = path.join(scratch.root, `logs-${runtime.key}`);
	fs.mkdirSync(folder, {recursive: true});
	fs.writeFileSync(path.join(folder, runtime.fileName), sources[runtime.key]);
	const functionName = `bench-logs-${runtime.key}`;
	await client.createFunction({Role: 'arn:aws:iam::000000000000:role/lambda-role', FunctionName: functionName, Runtime: runtime.runtime, Handler: runtime.handler, Code: {ZipFile: zipFolder(folder)}});
	try {
		await client.invoke({FunctionName: functionName, Payload: JSON.stringify({count: 10})});
		let requestId: string | undefined;
		let kept = 0;
		let open = false;
		const stop = client.subscribe(event => {
			if (event.type !== 'log' || event.functionName !== functionName) {
				return;
			}

			for (const {message} of event.events) {
				if (message.startsWith('START RequestId: ')) {
					requestId = message.split(' ')[2];
					open = true;
				} else if (message.startsWith('END RequestId: ')) {
					open = false;
				} else if (open && requestId && message.includes(`bench-line ${requestId} `)) {
					kept++;
				}
			}
		});
		const started = performance.now();
		try {
			const response = await client.invoke({FunctionName: functionName, Payload: JSON.stringify({count: lines})});
			if (response.FunctionError) {
				throw new Error(`The log bench function failed: ${Buffer.from(response.Payload).toString('utf8')}`);
			}
		} finally {
			stop();
		}

		const seconds = (performance.now() - started) / 1000;
		return {lines, kept, seconds, linesPerSec: lines / seconds};
	} finally {
		await client.deleteFunction({FunctionName: functionName});
	}
};

/**
The log throughput lines of the human-readable report.
*/
export const renderLogs = (runtimes: BenchRuntime[], figures: Record<string, LogFigures>) => [
	'Log throughput: one invoke printing 100,000 lines (console.log / print), all kept between START and END',
	...runtimes.map(runtime => {
		const figure = figures[runtime.key]!;
		return `  ${runtime.label.padEnd(22)}${Math.round(figure.linesPerSec).toLocaleString('en-US').padStart(9)} lines/s   kept ${figure.kept.toLocaleString('en-US')} of ${figure.lines.toLocaleString('en-US')}${figure.kept === figure.lines ? '' : ' (LOST LINES)'}   ${figure.seconds.toFixed(2)} s`;
	}),
].join('\n');
