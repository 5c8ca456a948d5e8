import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {fileURLToPath} from 'node:url';
import {LambdaError} from '../core/errors.js';
import type {LambdeckClient} from './client.js';
import {followServe} from './follow-serve.js';
import {openRemoteClient, type RemoteClientOptions} from './remote-client.js';

/**
Where a console or CLI verb should go: an endpoint given with `--endpoint-url` (with `--region` and `--profile`), else the `serve` that owns the data dir.
*/
export type AttachOptions = {dataDir: string; endpoint?: string; region?: string; profile?: string};

type Owner = {pid: number; url?: string};

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

const readJson = <T>(file: string): T | undefined => {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
};

/**
The live `serve` that owns a data dir and where it listens, read from the lock file the owner writes (and removes when it stops). An owner that has taken the lock but is not listening yet is waited for, a little.
*/
export const findServe = async (dataDir: string, waitMs = 3000): Promise<string | undefined> => {
	const lockFile = path.join(dataDir, 'lambdeck.lock');
	const deadline = Date.now() + waitMs;
	for (;;) {
		const owner = readJson<Owner>(lockFile);
		if (!owner || typeof owner.pid !== 'number' || !isAlive(owner.pid)) {
			return undefined;
		}

		if (owner.url || Date.now() > deadline) {
			return owner.url;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 25);
		});
	}
};

/**
What a client of the data dir's own `serve` signs with and says its region is: the serve's credentials (`LAMBDECK_ACCESS_KEY_ID`, or `credentials` in settings.json) and region, as the serve reads them.
*/
const ownServeOptions = (dataDir: string, endpoint: string): RemoteClientOptions => {
	const settings = readJson<{region?: string; credentials?: {accessKeyId: string; secretAccessKey: string}}>(path.join(dataDir, 'settings.json')) ?? {};
	const fromEnvironment = process.env.LAMBDECK_ACCESS_KEY_ID && process.env.LAMBDECK_SECRET_ACCESS_KEY
		? {accessKeyId: process.env.LAMBDECK_ACCESS_KEY_ID, secretAccessKey: process.env.LAMBDECK_SECRET_ACCESS_KEY}
		: undefined;
	return {endpoint, dataDir, region: settings.region ?? 'us-east-1', credentials: fromEnvironment ?? settings.credentials ?? {accessKeyId: 'lambdeck', secretAccessKey: 'lambdeck'}};
};

/**
A client of the endpoint given on the command line, or of the data dir's `serve`; undefined when neither exists.
*/
export const attachClient = async ({dataDir, endpoint, region, profile}: AttachOptions): Promise<LambdeckClient | undefined> => {
	if (endpoint) {
		return openRemoteClient({endpoint, region, profile});
	}

	if (region !== undefined || profile !== undefined) {
		return openRemoteClient({region, profile});
	}

	const url = await findServe(dataDir);
	// A serve restarted on another port is found again in the lock file.
	return url ? followServe(openRemoteClient(ownServeOptions(dataDir, url)), url, async () => findServe(dataDir, 0), next => openRemoteClient(ownServeOptions(dataDir, next))) : undefined;
};

const cliPath = fileURLToPath(new URL('../cli.js', import.meta.url));

/**
Start `lambdeck serve` on a free loopback port as a child of this process, for the data dir: it stops when this process closes its stdin (or dies), unless other consoles still follow it. `cli` is the built `cli.js` (this one's by default); it starts once `startWhen` has settled. `url` resolves when it listens; when another process took the dir first, it resolves to that owner's URL instead.
*/
export const startOwnServe = (dataDir: string, {cli = cliPath, startWhen}: {cli?: string; startWhen?: Promise<unknown>} = {}) => {
	const launch = () => {
		const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--until-stdin-ends'], {
			env: {...process.env, LAMBDECK_HOME: dataDir},
			stdio: ['pipe', 'pipe', 'pipe'],
			// Its own process group: a Ctrl-C in the console's terminal is the console's to handle.
			detached: true,
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		const exited = new Promise<void>(resolve => {
			child.once('exit', () => resolve());
		});
		const lines = readline.createInterface({input: child.stdout!});
		let lingering: () => void;
		const lingered = new Promise<void>(resolve => {
			lingering = resolve;
		});
		const url = new Promise<string>((resolve, reject) => {
			lines.on('line', line => {
				const match = /^lambdeck serving (\S+) /.exec(line);
				if (match) {
					resolve(match[1]!);
				} else if (line.startsWith('lingering')) {
					lingering();
				}
			});
			child.once('exit', () => {
				// Another process won the data dir between our look and the child's start: attach to it.
				findServe(dataDir).then(owner => {
					if (owner) {
						resolve(owner);
					} else {
						reject(new LambdaError('ServiceUnavailable', 503, `lambdeck serve did not start: ${stderr.trim() || `exit code ${child.exitCode}`}`));
					}
				}, reject);
			});
			child.once('error', reject);
		});
		return {
			url,
			async stop() {
				child.stdin!.end();
				await Promise.race([exited, lingered]);
				lines.close();
				child.stdout!.destroy();
				child.stderr!.destroy();
				child.unref();
			},
		};
	};

	// Started after `startWhen` (the console's first frame), so that loading the service does not compete with drawing it.
	const launched = (startWhen ?? Promise.resolve()).then(launch, launch);
	const url = launched.then(async started => started.url);
	url.catch(() => undefined);
	return {
		url,
		client: openRemoteClient(url.then(endpoint => ownServeOptions(dataDir, endpoint)), {label: 'starting lambdeck serve', dataDir}),
		/** Close the child's stdin and wait until it has stopped, or says it stays for other consoles. */
		async stop() {
			await (await launched).stop();
		},
	};
};
