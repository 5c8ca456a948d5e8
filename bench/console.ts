/**
The operator console's bench: how long the console takes to show 1,000 functions, and how long a keypress takes to reach the screen when moving the selection, typing a filter and scrolling a 100,000-line log.

`runConsoleBench()` returns the figures and prints nothing; `node --import tsx bench/console.ts` prints them as JSON.
*/
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {startOwnServe} from '../source/client/attach.js';
import {setDiagnosticsFile} from '../source/ui/lib/diagnostics.js';
import {makeConsoleFixture, type ConsoleFixture} from './console-fixture.js';
import {BenchStdin, BenchStdout, benchKeys} from './console-terminal.js';

/**
Keypress-to-frame latency of one kind of keypress, in milliseconds.
*/
export type LatencyFigures = {p50Ms: number; p99Ms: number};

/**
What the console bench measured: the first frame with the function list, keypress-to-frame latency for three kinds of keys, and notes on how (and what else was seen).
*/
export type ConsoleFigures = {
	firstFrameMs: number;
	selection: LatencyFigures;
	filter: LatencyFigures;
	logScroll: LatencyFigures;
	notes: string;
};

const plan = {
	functionCount: 1000,
	logLines: 100_000,
	presses: 200,
	burstPresses: 60,
	columns: 120,
	rows: 40,
	/** Idle time before each paced keypress: longer than Ink's 34 ms render throttle window at maxFps 30. */
	quietMs: 40,
	frameTimeoutMs: 1000,
	/** Measuring stops past this, leaving time to clean up within a minute. */
	budgetMs: 50_000,
};

const percentile = (samples: readonly number[], p: number) => {
	if (samples.length === 0) {
		return Number.NaN;
	}

	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

const round = (value: number) => Math.round(value * 100) / 100;

const figuresOf = (samples: readonly number[]): LatencyFigures => ({p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99))});

type Session = {stdout: BenchStdout; stdin: BenchStdin; deadline: number; missed: string[]; renderTimes: number[]};

type Timed = {frames: number[]; inkRenders: number[]};

/**
Press each key in turn and time it to the next write on the screen. Paced presses wait for an idle console first (a person typing); burst presses follow the previous frame at once (a held key).
*/
const timePresses = async (session: Session, label: string, sequence: string[], {burst = false} = {}): Promise<Timed> => {
	const samples: number[] = [];
	const inkRenders: number[] = [];
	for (const key of sequence) {
		if (performance.now() > session.deadline) {
			session.missed.push(`${label}: stopped at the time budget after ${samples.length} presses`);
			break;
		}

		if (!burst) {
			await session.stdout.waitForQuiet(plan.quietMs);
		}

		const start = session.stdout.mark();
		session.stdin.type(key);
		const frameAt = await session.stdout.firstWriteAfterMark(plan.frameTimeoutMs);
		if (frameAt === undefined) {
			session.missed.push(`${label}: no frame within ${plan.frameTimeoutMs} ms after ${JSON.stringify(key)}`);
		} else {
			samples.push(frameAt - start);
			// Ink reports a frame's render time just before writing it.
			inkRenders.push(session.renderTimes.at(-1) ?? Number.NaN);
		}
	}

	return {frames: samples, inkRenders};
};

const expectFrame = async (session: Session, what: string, check: (frame: string) => boolean) => {
	if (!await session.stdout.waitForFrame(check, 3000)) {
		throw new Error(`console bench: the console never showed ${what}; last frame:\n${session.stdout.frame}`);
	}
};

/** Check what a phase left on the screen; a miss is noted, not fatal, as a phase cut short by the budget leaves something else. */
const verifyFrame = async (session: Session, what: string, check: (frame: string) => boolean) => {
	if (!await session.stdout.waitForFrame(check, 1000)) {
		session.missed.push(`the screen did not show ${what} afterwards`);
	}
};

const typeSlowly = async (session: Session, text: string) => {
	for (const key of text) {
		session.stdin.type(key);
		await session.stdout.waitForQuiet(plan.quietMs);
	}
};

/** Type a filter one character at a time and delete it again, over a few needles, until there are `count` keypresses (the last needle is cut short to fit). */
const filterKeys = (count: number) => {
	const needles = ['orders', 'api-00', 'search-w', 'cron', '0042', 'billing-stream'];
	const sequence: string[] = [];
	for (let index = 0; sequence.length + 1 < count; index++) {
		const needle = needles[index % needles.length]!.slice(0, Math.floor((count - sequence.length) / 2));
		sequence.push(...needle, ...Array.from(needle, () => benchKeys.backspace));
	}

	return sequence;
};

const repeat = (key: string, times: number) => Array.from({length: times}, () => key);

const describe = (label: string, {frames, inkRenders}: Timed) =>
	`${label}: ${frames.length} presses, keypress-to-frame max ${round(Math.max(...frames))} ms, Ink render p50 ${round(percentile(inkRenders, 50))} ms p99 ${round(percentile(inkRenders, 99))} ms`;

/** The keypress phases, from the function list on 1,000 functions to the log pane of the function with the long log. */
const measureKeys = async (session: Session, fixture: ConsoleFixture) => {
	const {stdout, stdin} = session;
	const count = fixture.functionNames.length;
	const half = plan.presses / 2;
	const selection = await timePresses(session, 'selection', [...repeat('j', half), ...repeat('k', half)]);
	await verifyFrame(session, 'the selection back on the first function', frame => frame.includes(`1/${count}`));
	const burst = await timePresses(session, 'selection burst', repeat('j', plan.burstPresses), {burst: true});
	await verifyFrame(session, 'the selection after the burst', frame => frame.includes(`${plan.burstPresses + 1}/${count}`));

	stdin.type('/');
	await expectFrame(session, 'the filter prompt', frame => frame.includes('sorted by name') && /^\/ ?$/m.test(frame));
	const filter = await timePresses(session, 'filter', filterKeys(plan.presses));
	await verifyFrame(session, 'the filter emptied again', frame => frame.includes(`/${count}`));
	stdin.type('\u0015');
	await typeSlowly(session, fixture.logFunction);
	stdin.type(benchKeys.enter);
	await expectFrame(session, 'the log function alone in the list', frame => frame.includes(`1/1 matching /${fixture.logFunction}`));
	stdin.type('l');
	await expectFrame(session, 'the log pane with its stored lines', frame => / \d+ lines {2}follow on/.test(frame) && frame.includes('REPORT'));
	const loaded = /(\d+) lines/.exec(stdout.frame)?.[1];
	await stdout.waitForQuiet(200);

	const third = Math.floor(plan.presses / 3);
	const logScroll = await timePresses(session, 'log scroll', [...repeat('k', third), ...repeat(benchKeys.pageUp, third), ...repeat('j', plan.presses - (2 * third))]);
	await verifyFrame(session, 'the log pane scrolled back', frame => / \d+ back/.test(frame));
	return {selection, burst, filter, logScroll, loaded};
};

/**
Load the console as an interactive terminal would. Ink decides when first imported whether it runs in CI, and there it writes only the last frame, which would leave the bench nothing to time; like the CLI on a TTY, the bench says it is not in CI while Ink loads.
*/
const loadConsole = async () => {
	const saved = {CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION};
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	try {
		return await import('../source/ui/run-console.js');
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
};

const measure = async (fixture: ConsoleFixture, started: number): Promise<ConsoleFigures> => {
	const {runConsole} = await loadConsole();
	const session: Session = {stdout: new BenchStdout({columns: plan.columns, rows: plan.rows}), stdin: new BenchStdin(), deadline: started + plan.budgetMs, missed: [], renderTimes: []};
	const {stdout, stdin} = session;
	const count = fixture.functionNames.length;
	const opening = performance.now();
	// As the console does on a data dir no serve owns: it starts one as its child and talks to it over HTTP, through the AWS SDK and lambdeck's event stream.
	const own = startOwnServe(fixture.dataDir, {cli: fileURLToPath(new URL('../dist/cli.js', import.meta.url))});
	const {client} = own;
	await own.url;
	const clientOpenMs = performance.now() - opening;
	let running: Promise<void> | undefined;
	try {
		const listShown = stdout.firstFrameMatching(frame => frame.includes(`1/${count}`) && frame.includes(fixture.functionNames[0]!), 10_000);
		running = runConsole({
			client, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, onRender({renderTime}) {
				session.renderTimes.push(renderTime);
			},
		});
		const listAt = await listShown;
		if (listAt === undefined) {
			throw new Error(`console bench: the function list never showed (was Ink loaded in CI mode before the bench?); last frame:\n${stdout.frame}`);
		}

		const firstFrameMs = listAt - opening;
		await stdout.waitForQuiet(200);
		const {selection, burst, filter, logScroll, loaded} = await measureKeys(session, fixture);
		const notes = [
			`${count} functions; ${fixture.logLines} log lines stored for ${fixture.logFunction}, of which the log pane loads the newest ${loaded}`,
			`the console is a client of a lambdeck serve child over HTTP (the AWS SDK, and lambdeck's event stream), as a user's console is; firstFrameMs: from starting that serve (${round(clientOpenMs)} ms until it listened) to the first frame listing the functions, on a ${plan.columns}x${plan.rows} fake TTY`,
			`selection/filter/logScroll: keypress written to stdin to the next write to stdout, through runConsole (Ink maxFps 30), each key pressed after ${plan.quietMs} ms without writes`,
			`Ink's maxFps 30 throttle lets a frame out at once when none went out in the last 34 ms (leading edge), so at typing pace it adds no wait and these figures are the console's render-to-frame time; Ink's onRender renderTime (frame to text only, no React or layout) is given below`,
			describe('selection', selection),
			describe('filter', filter),
			describe('logScroll', logScroll),
			`held-key burst (next j written as soon as the previous frame is out, ${burst.frames.length} presses): keypress-to-frame p50 ${round(percentile(burst.frames, 50))} ms, p99 ${round(percentile(burst.frames, 99))} ms; a key inside the 34 ms throttle window waits for its end`,
			...session.missed,
		];
		return {firstFrameMs: round(firstFrameMs), selection: figuresOf(selection.frames), filter: figuresOf(filter.frames), logScroll: figuresOf(logScroll.frames), notes: notes.join('; ')};
	} finally {
		if (running) {
			stdin.type(benchKeys.escape);
			await stdout.waitForQuiet(50);
			stdin.type('q');
			await Promise.race([running, new Promise(resolve => {
				setTimeout(resolve, 3000).unref();
			})]);
		}

		await client.close();
		await own.stop();
		setDiagnosticsFile(undefined);
	}
};

/**
Measure the console on 1,000 functions and 100,000 log lines in a temp data dir, which is removed afterwards. Takes under a minute and prints nothing.
*/
export async function runConsoleBench(): Promise<ConsoleFigures> {
	const started = performance.now();
	const fixture = await makeConsoleFixture({functionCount: plan.functionCount, logLines: plan.logLines});
	try {
		const figures = await measure(fixture, started);
		figures.notes += `; whole bench ${round((performance.now() - started) / 1000)} s`;
		return figures;
	} finally {
		fixture.remove();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.stdout.write(`${JSON.stringify(await runConsoleBench(), undefined, '\t')}\n`);
}
