import {execFileSync, spawnSync} from 'node:child_process';
import {setTimeout as delay} from 'node:timers/promises';

/**
Whether tmux can be run here.
*/
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
One console (or any program) in a window of a private tmux server: what it shows, waiting for text, and keys.
*/
export type Pane = {
	screen(): string;
	see(text: string | RegExp, timeoutMs?: number): Promise<string>;
	send(...keys: string[]): void;
};

/**
A private tmux server (its own socket, no user config) for several sessions at once; `close` kills it and everything it runs.
*/
export const openTmux = () => {
	const server = `lambdeck-test-${process.pid}-${Date.now()}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	return {
		/** Start `command` (a shell line) in a new session; after it exits the pane shows `EXITED <code>`. */
		start(name: string, command: string, {columns = 140, rows = 30}: {columns?: number; rows?: number} = {}): Pane {
			tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `${command}; echo "EXITED $?"; sleep 600`);
			const screen = () => tmux('capture-pane', '-p', '-t', name);
			return {
				screen,
				async see(text, timeoutMs = 20_000) {
					const start = Date.now();
					for (;;) {
						const shown = screen();
						if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) {
							return shown;
						}

						if (Date.now() - start > timeoutMs) {
							throw new Error(`Timed out waiting for ${String(text)} in ${name}. Screen:\n${shown}`);
						}

						await delay(100);
					}
				},
				send(...keys) {
					tmux('send-keys', '-t', name, ...keys);
				},
			};
		},
		close() {
			spawnSync('tmux', ['-L', server, 'kill-server']);
		},
	};
};
