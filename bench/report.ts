import type {BenchRuntime} from './fixtures.js';

/**
The figures of one runtime, as the JSON report carries them.
*/
export type RuntimeFigures = {
	warmP50Ms: number | null;
	warmP99Ms: number | null;
	coldStartMs: number | null;
	spawnMs: number | null;
	coldRatio: number | null;
	invokesPerSec: number | null;
};

/**
What the table prints beside the figures but the JSON leaves out: sample counts and how many environments served the concurrent callers.
*/
export type RuntimeDetails = {
	warmCount: number;
	coldCount: number;
	spawnCount: number;
	throughputInvokes: number;
	throughputSeconds: number;
	environments: number;
	concurrency: number;
	interpreter: string;
	/** Why throughput could not be measured, when it could not. */
	throughputError?: string;
};

/**
The machine a run was measured on.
*/
export type Machine = Record<string, string | number | null>;

/**
The aims the figures are held to. They are printed beside the figures, never asserted.
*/
export const targets = {warmP50Ms: 1, coldRatio: 1.5, invokesPerSec: 5000};

/**
Other local Lambda emulators and a bare HTTP echo, measured on this machine: warm p50 in ms and invokes per second (null where not measured).
*/
export const peers: Array<{name: string; p50Ms: number | null; perSecond: number; note?: string}> = [
	{name: 'serverless-offline', p50Ms: 1.08, perSecond: 2000},
	{name: 'lambda-local', p50Ms: null, perSecond: 5400, note: 'in-process, no isolation'},
	{name: '@architect/sandbox', p50Ms: 38, perSecond: 43},
	{name: 'bare loopback HTTP echo', p50Ms: 0.25, perSecond: 26_000, note: 'floor for a process hop'},
];

const fixed = (value: number | null, digits = 2) => (value === null ? 'n/a' : value.toFixed(digits));
const whole = (value: number | null) => (value === null ? 'n/a' : Math.round(value).toLocaleString('en-US'));
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : (ok ? ' (ok)' : ' (MISS)'));
const below = (value: number | null, limit: number) => (value === null ? undefined : value < limit);
const atLeast = (value: number | null, limit: number) => (value === null ? undefined : value >= limit);
const times = (value: number | null, base: number | null) => (value === null || base === null || base === 0 ? 'n/a' : `${(value / base).toFixed(2)}x`);

const table = (rows: string[][]) => {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('   ').trimEnd()).join('\n');
};

/**
The human-readable report: one column per runtime with the targets beside the figures, then the peers with lambdeck's figures as ratios of theirs.
*/
export const renderTable = (runtimes: BenchRuntime[], figures: Record<string, RuntimeFigures>, details: Record<string, RuntimeDetails>, machine: Machine) => {
	const lines: string[] = [];
	lines.push(`lambdeck bench: ${machine.cpus} CPU(s) ${machine.cpuModel}, ${machine.platform} ${machine.arch}, Node ${machine.node}, Python ${machine.python}, sandbox ${machine.sandbox}`);
	lines.push('');
	const column = (make: (figure: RuntimeFigures, detail: RuntimeDetails) => string) => runtimes.map(runtime => make(figures[runtime.key]!, details[runtime.key]!));
	const first = details[runtimes[0]!.key]!;
	lines.push(table([
		['', ...runtimes.map(runtime => runtime.label), 'Target'],
		[`Warm p50, ms (${first.warmCount} sequential)`, ...column(figure => `${fixed(figure.warmP50Ms, 3)}${verdict(below(figure.warmP50Ms, targets.warmP50Ms))}`), `< ${targets.warmP50Ms} ms`],
		['Warm p99, ms', ...column(figure => fixed(figure.warmP99Ms, 3)), ''],
		[`Cold start, ms (median of ${first.coldCount})`, ...column(figure => fixed(figure.coldStartMs, 1)), ''],
		[`Bare spawn, ms (median of ${first.spawnCount})`, ...column(figure => fixed(figure.spawnMs, 1)), ''],
		['Cold start / bare spawn', ...column(figure => `${fixed(figure.coldRatio)}x${verdict(below(figure.coldRatio, targets.coldRatio))}`), `< ${targets.coldRatio}x`],
		['Cold start - bare spawn, ms', ...column(figure => fixed(figure.coldStartMs === null || figure.spawnMs === null ? null : figure.coldStartMs - figure.spawnMs, 1)), ''],
		[`Invokes/s (${first.concurrency} callers)`, ...column(figure => `${whole(figure.invokesPerSec)}${verdict(atLeast(figure.invokesPerSec, targets.invokesPerSec))}`), `>= ${whole(targets.invokesPerSec)}`],
		['  invokes in window / s', ...column((_, detail) => `${detail.throughputInvokes.toLocaleString('en-US')} / ${detail.throughputSeconds.toFixed(2)}`), ''],
		['  environments started', ...column((_, detail) => String(detail.environments)), ''],
	]));
	for (const runtime of runtimes) {
		const error = details[runtime.key]!.throughputError;
		if (error) {
			lines.push(`${runtime.label}: throughput not measured: ${error}`);
		}
	}

	lines.push('');
	lines.push('Cold start is the first invoke of a freshly created function (creating it is not counted); bare spawn is spawn to exit of the same');
	lines.push('interpreter binary the service resolves. They are interleaved round by round, so both see the same load. Bare spawn:');
	for (const runtime of runtimes) {
		lines.push(`  ${runtime.label}: ${details[runtime.key]!.interpreter}`);
	}

	lines.push('');
	lines.push('Peers measured on this machine (ratios are lambdeck / peer: p50 below 1x is faster, throughput above 1x is more):');
	lines.push(table([
		['Peer', 'p50 ms', 'inv/s', ...runtimes.flatMap(runtime => [`${runtime.key} p50`, `${runtime.key} inv/s`]), 'Note'],
		...peers.map(peer => [
			peer.name,
			peer.p50Ms === null ? 'n/a' : String(peer.p50Ms),
			whole(peer.perSecond),
			...runtimes.flatMap(runtime => [times(figures[runtime.key]!.warmP50Ms, peer.p50Ms), times(figures[runtime.key]!.invokesPerSec, peer.perSecond)]),
			peer.note ?? '',
		]),
	]));
	return lines.join('\n');
};
