/**
Whole-process start-up, as a person starting lambdeck in a terminal sees it: `node -e 0`, `lambdeck --version`, and the console's first frame (on a fresh data dir, so the console also starts its own `serve`), each run under a new pseudo-terminal by `pty-start.py` and timed from the fork, in the same run so the ratios hold on a busy machine.

`measureStartup()` returns the figures and prints nothing; `node --import tsx bench/startup.ts` prints them as JSON.
*/
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);

/**
Medians of whole-process start-up in a pty, and their ratios to `node -e 0`.
*/
export type StartupFigures = {
	nodeMs: number;
	versionMs: number;
	firstFrameMs: number;
	versionRatio: number;
	firstFrameRatio: number;
	notes: string;
};

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
const timer = path.join(import.meta.dirname, 'pty-start.py');
const runs = 7;

const median = (samples: number[]) => {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
};

const round = (value: number) => Math.round(value * 10) / 10;

/** Run one command `times` times in a pty: until `marker` appears (then press `quit` and wait for the end), or until it exits. */
const timeInPty = async (command: string[], {marker = '', quit = '', env = process.env, times = runs}: {marker?: string; quit?: string; env?: NodeJS.ProcessEnv; times?: number} = {}) => {
	// The system python starts in a few milliseconds and is not part of what is timed (from fork to marker).
	const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
	const {stdout} = await run(python, [timer, String(times), marker, quit, '--', ...command], {env, timeout: 120_000});
	const samples = JSON.parse(stdout) as Array<number | null>;
	if (samples.some(sample => sample === null)) {
		throw new Error(`start-up bench: ${command.join(' ')} never showed ${JSON.stringify(marker)}`);
	}

	return samples as number[];
};

/**
Time `node -e 0`, `lambdeck --version` and the console's first frame, interleaved one of each at a time so that load on the machine falls on all three alike. Needs the build (`dist/cli.js`) and python3.
*/
export const measureStartup = async (): Promise<StartupFigures> => {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-startup-'));
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({sandbox: 'process'}));
	const env: NodeJS.ProcessEnv = {...process.env, LAMBDECK_HOME: home};
	delete env.CI;
	const node: number[] = [];
	const version: number[] = [];
	const frame: number[] = [];
	try {
		// One warm-up of each fills the file cache.
		for (let round = 0; round <= runs; round++) {
			const [nodeMs] = await timeInPty([process.execPath, '-e', '0'], {times: 1});
			const [versionMs] = await timeInPty([process.execPath, cli, '--version'], {times: 1});
			const [frameMs] = await timeInPty([process.execPath, cli], {marker: 'NAME', quit: 'q', env, times: 1});
			if (round > 0) {
				node.push(nodeMs!);
				version.push(versionMs!);
				frame.push(frameMs!);
			}
		}
	} finally {
		fs.rmSync(home, {recursive: true, force: true, maxRetries: 5});
	}

	const nodeMs = median(node);
	return {
		nodeMs: round(nodeMs),
		versionMs: round(median(version)),
		firstFrameMs: round(median(frame)),
		versionRatio: Math.round(median(version) / nodeMs * 100) / 100,
		firstFrameRatio: Math.round(median(frame) / nodeMs * 100) / 100,
		notes: `medians of ${runs} whole processes each in a new 80x24 pty, timed from fork to exit (node -e 0, --version) or to the first frame showing the function list's header (the console on a fresh data dir, which starts its own serve and stops it on q); load average at the end ${os.loadavg()[0]!.toFixed(1)}`,
	};
};

/**
The figures as the bench's table prints them, against the issue's aims (2x and 4x `node -e 0`).
*/
export const renderStartup = (figures: StartupFigures) => [
	'Start-up, whole processes in a pty (median)            Target',
	`node -e 0, ms                   ${figures.nodeMs.toFixed(0).padEnd(24)}the floor`,
	`lambdeck --version, ms          ${`${figures.versionMs.toFixed(0)} (${figures.versionRatio}x)`.padEnd(24)}< 2x node -e 0`,
	`console first frame, ms         ${`${figures.firstFrameMs.toFixed(0)} (${figures.firstFrameRatio}x)`.padEnd(24)}< 4x node -e 0`,
	figures.notes,
].join('\n');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.stdout.write(`${JSON.stringify(await measureStartup(), undefined, '\t')}\n`);
}
