/**
lambdeck's benchmark: warm invoke latency, cold start against a bare interpreter spawn, and throughput with concurrent callers, for a no-op Node and a no-op Python function.

Run it with `npm run bench`. With `--json` it prints one JSON object on stdout and nothing else (progress goes to stderr); use `npm run -s bench -- --json` so that npm's own banner stays off stdout too.
*/
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import {openLocalClient} from '../source/client/local-client.js';
import {resolveInterpreter} from '../source/runtime/interpreters.js';
import {benchRuntimes, handlerZip, makeScratch, type BenchRuntime, type Scratch} from './fixtures.js';
import {createBenchFunction, measureColdAndSpawn, measureThroughput, measureWarm, type Deadline} from './measure.js';
import {median, percentile, round} from './stats.js';
import {renderTable, type Machine, type RuntimeDetails, type RuntimeFigures} from './report.js';
import {runConsoleBench, type ConsoleFigures} from './console.js';
import {measureStartup, renderStartup, type StartupFigures} from './startup.js';
import {measureOverload, renderOverload, type OverloadFigures} from './overload.js';
import {hasBubblewrap, type SandboxMode} from '../source/runtime/sandbox.js';
import {measureLogThroughput, renderLogs, type LogFigures} from './logs.js';
import {measureApi, measureEcho, renderApi, type ApiFigures} from './api.js';
import {measureHotReload, renderHotReload} from './hot-reload.js';
import {measureVersions, renderVersions, type VersionsFigures} from './versions.js';
import {measureEvents, renderEvents, type EventFigures} from './events.js';

const plan = {
	warmup: 200,
	warmCount: 2000,
	/** Rounds of one bare spawn and one cold start each, after uncounted warm-up rounds. */
	coldCount: 10,
	coldWarmup: 2,
	concurrency: 8,
	throughputMs: 3000,
	throughputWarmRounds: 3,
	overloadCallers: 1000,
	logLines: 100_000,
	/** Every measuring loop of one sandbox mode fails past this; the hard stop below cleans up if one hangs. */
	budgetMs: 90_000,
	/** The invoke figures of both sandbox modes, the console's (up to a minute) and start-up's (about 30 s) together. */
	hardStopMs: 360_000,
};

const json = process.argv.includes('--json');
const progress = (message: string) => {
	process.stderr.write(`[bench] ${message}\n`);
};

type Client = Awaited<ReturnType<typeof openLocalClient>>;

const benchRuntime = async (client: Client, scratch: Scratch, runtime: BenchRuntime, deadline: Deadline) => {
	const interpreter = resolveInterpreter(runtime.runtime);
	const binary = interpreter.binary!;
	const zip = handlerZip(scratch, runtime);

	progress(`${runtime.label}: ${plan.coldCount} cold starts of fresh functions, each beside a bare spawn of ${binary} ${runtime.bareArgs.join(' ')}`);
	const {colds, spawns} = await measureColdAndSpawn(client, runtime, zip, {binary, count: plan.coldCount, warmup: plan.coldWarmup, prefix: `bench-cold-${runtime.key}`, deadline});

	const functionName = await createBenchFunction(client, runtime, zip, `bench-${runtime.key}`);
	progress(`${runtime.label}: ${plan.warmCount} warm invokes after ${plan.warmup} warm-up`);
	const warm = await measureWarm(client, functionName, {warmup: plan.warmup, count: plan.warmCount, deadline});

	progress(`${runtime.label}: ${plan.concurrency} concurrent callers for ${plan.throughputMs} ms`);
	let throughput = {invokes: 0, seconds: 0, perSecond: Number.NaN};
	let throughputError: string | undefined;
	try {
		throughput = await measureThroughput(client, functionName, {concurrency: plan.concurrency, durationMs: plan.throughputMs, warmRounds: plan.throughputWarmRounds, deadline});
	} catch (error) {
		throughputError = (error as Error).message;
		progress(`${runtime.label}: throughput not measured: ${throughputError}`);
	}

	const environments = client.service.environmentCount(functionName).total;
	await client.deleteFunction({FunctionName: functionName});

	const coldStartMs = median(colds);
	const spawnMs = median(spawns);
	const figures: RuntimeFigures = {
		warmP50Ms: round(percentile(warm, 50)),
		warmP99Ms: round(percentile(warm, 99)),
		coldStartMs: round(coldStartMs),
		spawnMs: round(spawnMs),
		coldRatio: round(coldStartMs / spawnMs),
		invokesPerSec: round(throughput.perSecond, 1),
	};
	const details: RuntimeDetails = {
		warmCount: warm.length,
		coldCount: colds.length,
		spawnCount: spawns.length,
		throughputInvokes: throughput.invokes,
		throughputSeconds: throughput.seconds,
		environments,
		concurrency: plan.concurrency,
		interpreter: `${binary} ${runtime.bareArgs.join(' ')} (version ${interpreter.version ?? 'unknown'})`,
		throughputError,
	};
	return {figures, details};
};

const renderConsole = (figures: ConsoleFigures) => [
	'Console, 1,000 functions and 100,000 log lines           Target',
	`First full frame, ms            ${figures.firstFrameMs.toFixed(0).padEnd(24)}< 500`,
	...(['selection', 'filter', 'logScroll'] as const).map(kind =>
		`Keypress to frame, ${kind.padEnd(10)} p50 ${figures[kind].p50Ms.toFixed(1).padEnd(6)} p99 ${figures[kind].p99Ms.toFixed(1).padEnd(9)}p50 < 16 ms`),
	figures.notes,
].join('\n');

const machineOf = (sandboxes: SandboxMode[]): Machine => {
	const cpus = os.cpus();
	const python = resolveInterpreter('python3.12');
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		memoryGb: round(os.totalmem() / 1024 ** 3, 1),
		platform: `${os.platform()} ${os.release()}`,
		arch: os.arch(),
		node: process.version,
		python: python.version ?? null,
		sandbox: sandboxes.join(', '),
		loadAverage1m: round(os.loadavg()[0]!, 2),
	};
};

const main = async () => {
	const scratch = makeScratch();
	let client: Client | undefined;
	let cleaned: Promise<void> | undefined;
	const cleanup = async () => {
		cleaned ??= (async () => {
			try {
				await client?.close();
			} finally {
				scratch.remove();
			}
		})();
		return cleaned;
	};

	const hardStop = setTimeout(() => {
		progress(`still running after ${plan.hardStopMs} ms: stopping`);
		void cleanup().finally(() => process.exit(1));
	}, plan.hardStopMs);
	const onSignal = (signal: NodeJS.Signals) => {
		void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};

	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const sandboxes: SandboxMode[] = hasBubblewrap() ? ['process', 'bubblewrap'] : ['process'];
		const modes: Partial<Record<SandboxMode, {figures: Record<string, RuntimeFigures>; details: Record<string, RuntimeDetails>}>> = {};
		let overload: OverloadFigures | undefined;
		let api: ApiFigures | undefined;
		let events: EventFigures | undefined;
		let echo: Awaited<ReturnType<typeof measureEcho>> | undefined;
		const logs: Record<string, LogFigures> = {};
		const started = performance.now();
		for (const sandbox of sandboxes) {
			progress(`sandbox ${sandbox}`);
			client = await openLocalClient({dataDir: scratch.dataDir, settings: {keepAliveSeconds: 600, sandbox}});
			const deadline: Deadline = {at: performance.now() + plan.budgetMs, what: `budget ${plan.budgetMs} ms`};
			const mode = {figures: {} as Record<string, RuntimeFigures>, details: {} as Record<string, RuntimeDetails>};
			for (const runtime of benchRuntimes) {
				const result = await benchRuntime(client, scratch, runtime, deadline);
				mode.figures[runtime.key] = result.figures;
				mode.details[runtime.key] = result.details;
			}

			if (sandbox === sandboxes.at(-1)) {
				for (const runtime of benchRuntimes) {
					progress(`${sandbox}, ${runtime.label}: log throughput, one invoke printing ${plan.logLines.toLocaleString('en-US')} lines`);
					logs[runtime.key] = await measureLogThroughput(client, scratch, runtime, plan.logLines);
				}

				progress(`${sandbox}: ${plan.overloadCallers} concurrent callers of a no-op, the service's memory meanwhile`);
				overload = await measureOverload(client, benchRuntimes[0]!, handlerZip(scratch, benchRuntimes[0]!), {callers: plan.overloadCallers, functionName: 'bench-overload', deadline: {at: performance.now() + plan.budgetMs, what: `budget ${plan.budgetMs} ms`}});
			}

			modes[sandbox] = mode;
			await client.close();
			client = undefined;
			if (sandbox === sandboxes.at(-1)) {
				progress(`${sandbox}: invokes through the Lambda API of a lambdeck serve child process`);
				const apiPlan = {...plan, deadline: {at: performance.now() + plan.budgetMs, what: `budget ${plan.budgetMs} ms`}};
				progress('the floor: the same HTTP client against a bare keep-alive HTTP echo');
				echo = await measureEcho(apiPlan);
				api = await measureApi(scratch, sandbox, apiPlan);
				progress(`${sandbox}: Event invokes accepted with 8 callers, and messages through an SQS event source mapping`);
				events = await measureEvents(scratch, sandbox);
			}
		}

		const machine = machineOf(sandboxes);
		progress('console: 1,000 functions and 100,000 log lines, first frame and keypress-to-frame latency');
		const consoleFigures = await runConsoleBench();
		progress('hot reload: save to the first invoke running the new code');
		const hotReload = await measureHotReload();
		progress('start-up: node -e 0, lambdeck --version and the console\'s first frame, whole processes in a pty');
		let startup: StartupFigures | undefined;
		try {
			startup = await measureStartup();
		} catch (error) {
			progress(`start-up not measured: ${(error as Error).message}`);
		}

		progress('provisioned concurrency and function URLs through serve');
		let versions: VersionsFigures | undefined;
		try {
			versions = await measureVersions();
		} catch (error) {
			progress(`provisioned concurrency and function URLs not measured: ${(error as Error).message}`);
		}

		progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		if (json) {
			const preferred = modes.bubblewrap ?? modes.process!;
			process.stdout.write(`${JSON.stringify({node: preferred.figures.node, python: preferred.figures.python, sandboxes: Object.fromEntries(Object.entries(modes).map(([name, mode]) => [name, mode.figures])), api, httpEcho: echo, events, logs, overload, console: consoleFigures, hotReload, startup, versions, machine})}\n`);
		} else {
			const tables = Object.entries(modes).map(([name, mode]) => `Sandbox: ${name}\n${renderTable(benchRuntimes, mode.figures, mode.details, {...machine, sandbox: name})}`);
			process.stdout.write(`${tables.join('\n\n')}\n\n${api ? `${renderApi(api, modes[sandboxes.at(-1)!]!.figures, sandboxes.at(-1)!, echo)}\n\n` : ''}${events ? `${renderEvents(events)}\n\n` : ''}${renderLogs(benchRuntimes, logs)}\n(log throughput measured in ${sandboxes.at(-1)} mode)\n\n${overload ? `${renderOverload(overload, benchRuntimes[0]!.label)}\n\n` : ''}${renderConsole(consoleFigures)}\n\n${renderHotReload(hotReload)}${startup ? `\n\n${renderStartup(startup)}` : ''}${versions ? `\n\n${renderVersions(versions)}` : ''}\n`);
		}
	} finally {
		clearTimeout(hardStop);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await cleanup();
	}
};

try {
	await main();
} catch (error) {
	process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
}

// Everything is closed by now. If a timer or socket the service leaked still holds the event loop open, say so and exit anyway, so a run always ends.
setTimeout(() => {
	progress('the event loop is still busy after close (a leaked timer or handle in the service): exiting');
	process.exit();
}, 2000).unref();
