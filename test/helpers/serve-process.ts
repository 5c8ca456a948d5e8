import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import {LambdaClient} from '@aws-sdk/client-lambda';
import {temporaryFolder, zipOf} from './functions.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
The built CLI the tests run as a child process; `npm test` builds it first.
*/
export const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

/**
What an AWS SDK v3 client needs to talk to a local endpoint; one attempt, so an error is seen as it is.
*/
export const sdkConfig = (endpoint: string, credentials = {accessKeyId: 'test', secretAccessKey: 'test'}) => ({endpoint, region: 'us-east-1', credentials, maxAttempts: 1});

const sdkOptions = (endpoint: string) => sdkConfig(endpoint);

const exited = async (child: ChildProcess) => new Promise<void>(resolve => {
	if (child.exitCode !== null || child.signalCode !== null) {
		resolve();
	} else {
		child.once('exit', () => resolve());
	}
});

/**
A real `lambdeck serve --port 0` on a fresh LAMBDECK_HOME (process sandbox unless `settings` say otherwise, extra `env` and `args`), with SDK clients pointed at it. `stop` sends SIGTERM, waits for the process to end and removes the home.
*/
export const startServe = async ({settings = {}, env = {}, args = []}: {settings?: Record<string, unknown>; env?: Record<string, string>; args?: string[]} = {}) => {
	const home = temporaryFolder('lambdeck-serve-');
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process', ...settings}));
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', ...args], {env: {...process.env, ...env, LAMBDECK_HOME: home}, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const lines = readline.createInterface({input: child.stdout!});
	const url = await new Promise<string>((resolve, reject) => {
		lines.once('line', line => {
			const match = /^lambdeck serving (\S+) \(data dir /.exec(line);
			if (match) {
				resolve(match[1]!);
			} else {
				reject(new Error(`unexpected first line: ${line}`));
			}
		});
		child.once('exit', code => reject(new Error(`lambdeck serve exited (${code}): ${stderr}`)));
	});
	lines.on('line', () => {});
	const lambda = new LambdaClient(sdkOptions(url));
	const logs = new CloudWatchLogsClient(sdkOptions(url));
	return {
		url,
		home,
		child,
		lambda,
		logs,
		/** Create a Node function from inline files, through the Lambda API. */
		async createFunction(name: string, files: Record<string, string>) {
			const {CreateFunctionCommand, waitUntilFunctionActiveV2} = await import('@aws-sdk/client-lambda');
			await lambda.send(new CreateFunctionCommand({FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/lambda', Code: {ZipFile: zipOf(files)}}));
			await waitUntilFunctionActiveV2({client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1}, {FunctionName: name});
		},
		/** Invoke a function synchronously through the Lambda API and return its parsed result. */
		async invoke(name: string, payload: unknown = {}) {
			const {InvokeCommand} = await import('@aws-sdk/client-lambda');
			const result = await lambda.send(new InvokeCommand({FunctionName: name, Payload: Buffer.from(JSON.stringify(payload))}));
			return JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8') || 'null') as unknown;
		},
		async stop() {
			lambda.destroy();
			logs.destroy();
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
			}

			await exited(child);
			fs.rmSync(home, {recursive: true, force: true, maxRetries: 5});
		},
	};
};

export type Serve = Awaited<ReturnType<typeof startServe>>;

/**
Whether a file exists and is executable.
*/
export const isExecutable = (file: string) => {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

/**
The error an SDK call fails with, as AWS's fields: its name, HTTP status and message; a call that succeeds fails the test.
*/
export const sdkFailure = async (call: Promise<unknown>) => {
	try {
		await call;
	} catch (error) {
		const {name, message, $metadata} = error as {name: string; message: string; $metadata: {httpStatusCode: number}};
		return [name, $metadata.httpStatusCode, message];
	}

	assert.fail('the call succeeded');
};
