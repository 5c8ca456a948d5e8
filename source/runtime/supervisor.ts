import fs from 'node:fs';
import os from 'node:os';
import type {Readable, Writable} from 'node:stream';
import type {Exit} from './outcome.js';
import {runtimeProcess} from './process-tree.js';

const signalOf = (status: number): NodeJS.Signals | null => {
	const number = status - 128;
	return (Object.entries(os.constants.signals).find(([, value]) => value === number)?.[0] as NodeJS.Signals | undefined) ?? null;
};

/**
lambdeck's side of a sandbox's supervisor (see `planLaunch`): it starts the runtime inside the long-lived sandbox and kills everything else in it on a reset, so that the sandbox and its `/tmp` outlive the reset.
*/
export class Supervisor {
	readonly #commands: Writable;
	#buffer = '';
	#onExit: ((exit: Exit) => void) | undefined;
	readonly #onReset: Array<() => void> = [];

	constructor(commands: Writable, answers: Readable) {
		this.#commands = commands;
		commands.on('error', () => {});
		answers.setEncoding('utf8');
		answers.on('data', (chunk: string) => {
			this.#buffer += chunk;
			let newline: number;
			while ((newline = this.#buffer.indexOf('\n')) >= 0) {
				this.#answer(this.#buffer.slice(0, newline));
				this.#buffer = this.#buffer.slice(newline + 1);
			}
		});
		answers.on('error', () => {});
	}

	/**
	Start the runtime; the promise tells how it ended.
	*/
	async start(): Promise<Exit> {
		return new Promise(resolve => {
			this.#onExit = resolve;
			this.#commands.write('start\n');
		});
	}

	/**
	Kill the runtime and every process it started, daemons included, and wait until the supervisor has done so. A reset run after the runtime's exit still answers. False when no answer came in time (a function can reach the supervisor's pipes): the caller should then stop the whole sandbox.
	*/
	async reset(timeoutMs = 2000): Promise<boolean> {
		this.#onExit = undefined;
		return new Promise(resolve => {
			const timer = setTimeout(() => {
				this.#onReset.splice(this.#onReset.indexOf(done), 1);
				resolve(false);
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				resolve(true);
			};

			this.#onReset.push(done);
			this.#commands.write('reset\n');
		});
	}

	/**
	The supervisor is gone: nobody will answer any more.
	*/
	gone(exit: Exit) {
		this.#onExit?.(exit);
		this.#onExit = undefined;
		for (const resolve of this.#onReset.splice(0)) {
			resolve();
		}
	}

	#answer(line: string) {
		const exit = /^exit (\d+)$/.exec(line);
		if (exit) {
			const status = Number(exit[1]);
			const onExit = this.#onExit;
			this.#onExit = undefined;
			onExit?.(status > 128 ? {code: null, signal: signalOf(status)} : {code: status, signal: null});
		} else if (line === 'reset') {
			this.#onReset.shift()?.();
		}
	}
}

const firstChild = (pid: number) => {
	try {
		return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0]) || undefined;
	} catch {
		return undefined;
	}
};

/**
The runtime's process in a supervised sandbox: below bubblewrap's two processes, the supervisor, and the subshell that waits for the runtime.
*/
export const supervisedRuntimePid = (sandboxPid: number) => {
	const supervisor = runtimeProcess(sandboxPid);
	const subshell = firstChild(supervisor);
	return (subshell && firstChild(subshell)) ?? supervisor;
};
