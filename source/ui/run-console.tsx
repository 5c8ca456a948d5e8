import path from 'node:path';
import {inspect} from 'node:util';
import {render} from 'ink';
import type {LambdeckClient} from '../client/client.js';
import {App} from './app.js';
import {diagnose, setDiagnosticsFile} from './lib/diagnostics.js';
import {gatedStdout} from './lib/screen-gate.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[?25l\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

/**
Options of the console.
*/
export type ConsoleOptions = {
	client: LambdeckClient;
	/** Hide every action that changes something. */
	readonly?: boolean;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	/** Where diagnostics go; by default `console.log` in the client's data dir, when it has one. */
	diagnosticsFile?: string;
	/** Told how long Ink took to turn each frame into text, for benchmarks. */
	onRender?: (metrics: {renderTime: number}) => void;
};

/**
Run the operator console full screen until the user quits.

It takes the alternate screen and gives it back on quit, Ctrl-C, a crash or the process exiting; it prints nothing to stdout while it runs, sending diagnostics to `console.log` in the data dir.
*/
export const runConsole = async ({client, readonly = false, stdout = process.stdout, stdin = process.stdin, diagnosticsFile, onRender}: ConsoleOptions): Promise<void> => {
	const file = diagnosticsFile ?? (client.dataDir ? path.join(client.dataDir, 'console.log') : undefined);
	if (file) {
		setDiagnosticsFile(file);
	}

	const interactive = Boolean(stdout.isTTY);
	let restored = !interactive;
	const restore = () => {
		if (!restored) {
			restored = true;
			stdout.write(leaveAlternateScreen);
		}
	};

	// A signal ends the console as `q` does, so the caller closes the client; a second one, or a crash, cannot wait for that.
	let unmount: (() => void) | undefined;
	let signalledAt: number | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		const code = signal === 'SIGINT' ? 130 : (signal === 'SIGHUP' ? 129 : 143);
		if (signalledAt !== undefined) {
			// conf's atomic writes (through when-exit) send the process the same signal again at once; a person's second signal comes later.
			if (performance.now() - signalledAt > 250) {
				process.exit(code);
			}

			return;
		}

		if (!unmount) {
			process.exit(code);
		}

		signalledAt = performance.now();
		process.exitCode = code;
		unmount();
	};

	const onCrash = (error: unknown) => {
		diagnose(`crash: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		restore();
		process.stderr.write(`lambdeck console crashed: ${error instanceof Error ? error.message : String(error)}\n`);
		const exit = () => process.exit(1);
		setTimeout(exit, 2000).unref();
		client.close().then(exit, exit);
	};

	// Anything that logs while the console owns the screen goes to the diagnostics file instead.
	const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const originalConsole = methods.map(method => console[method]);
	for (const method of methods) {
		console[method] = (...parts: unknown[]) => {
			diagnose(`console.${method}: ${parts.map(part => typeof part === 'string' ? part : inspect(part)).join(' ')}`);
		};
	}

	const listeners: Array<[string, (...parameters: any[]) => void]> = [
		['exit', restore], ['SIGINT', onSignal], ['SIGTERM', onSignal], ['SIGHUP', onSignal],
		['uncaughtException', onCrash], ['unhandledRejection', onCrash],
	];
	for (const [event, listener] of listeners) {
		process.on(event, listener);
	}

	if (interactive) {
		stdout.write(enterAlternateScreen);
	}

	diagnose(`console started (readonly ${readonly}, endpoint ${client.endpoint})`);
	try {
		const instance = render(<App client={client} readonly={readonly}/>, {
			stdout: interactive ? gatedStdout(stdout) : stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 30, onRender,
		});
		unmount = () => instance.unmount();
		await instance.waitUntilExit();
		instance.cleanup();
	} catch (error) {
		diagnose(`console failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		throw error;
	} finally {
		restore();
		for (const [index, method] of methods.entries()) {
			console[method] = originalConsole[index]!;
		}

		for (const [event, listener] of listeners) {
			process.off(event, listener);
		}

		diagnose('console stopped');
	}
};
