import fs from 'node:fs';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {temporaryFolder} from './functions.js';

/** The built CLI the tests run as a real process. */
export const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');

/**
A real `lambdeck serve` child process on a fresh data dir (process sandbox unless told), its URL, and a way to stop it and remove the dir.
*/
export type ServeProcess = {
	url: string;
	home: string;
	child: ResultPromise;
	stop(): Promise<void>;
};

/**
Start `lambdeck serve --port 0` and wait for its first line, which names the URL.
*/
export const startServe = async ({settings = {}, env = {}, args = []}: {settings?: Record<string, unknown>; env?: Record<string, string>; args?: string[]} = {}): Promise<ServeProcess> => {
	const home = temporaryFolder('lambdeck-serve-');
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process', ...settings}));
	const child = execa(process.execPath, [cli, 'serve', '--port', '0', ...args], {env: {LAMBDECK_HOME: home, ...env}, reject: false, buffer: false});
	const url = await new Promise<string>((resolve, reject) => {
		let seen = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			const match = /lambdeck serving (\S+)/.exec(seen);
			if (match) {
				resolve(match[1]!);
			}
		});
		let errors = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			errors += chunk.toString();
		});
		void child.then(result => reject(new Error(`lambdeck serve exited (${result.exitCode}) before it served: ${errors}`)));
	});
	return {
		url,
		home,
		child,
		async stop() {
			child.kill('SIGTERM');
			await child;
			fs.rmSync(home, {recursive: true, force: true});
		},
	};
};

/**
What an AWS SDK v3 client needs to talk to a local endpoint.
*/
export const sdkConfig = (url: string, credentials = {accessKeyId: 'test', secretAccessKey: 'test'}) => {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
	return {endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1};
};
