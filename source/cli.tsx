#!/usr/bin/env node
import fs from 'node:fs';
import type {GlobalFlags} from './commands/global-flags.js';

// Everything beyond --version is imported when a command needs it, so each command loads only what it runs.

/**
Open the console as a client: of `--endpoint-url` (or AWS, with `--region`/`--profile`), else of the `serve` that owns the data dir, else of a `serve` it starts as its child for as long as it runs.
*/
const openConsole = async (dataDir: string, readonly: boolean, target: GlobalFlags) => {
	if (process.stdout.isTTY) {
		// Ink decides when first imported whether it runs in CI, and there it draws only the last frame; chalk turns colours off whenever CI is set at all. A terminal is interactive whatever CI says.
		delete process.env.CI;
		delete process.env.CONTINUOUS_INTEGRATION;
	}

	// React's development build costs a few milliseconds a frame; a user's console wants the production one.
	process.env.NODE_ENV ??= 'production';
	// The build bundles the console into one module that loads several times faster; without it (tests through tsx) the modules load one by one.
	const bundle = new URL('ui/console-entry.bundle.js', import.meta.url);
	const {runConsole, attachClient, startOwnServe} = fs.existsSync(bundle) ? await import(bundle.href) as typeof import('./ui/console-entry.js') : await import('./ui/console-entry.js');
	const attached = await attachClient({dataDir, ...target});
	// Ink draws the first frame as soon as the console renders: the serve starts in the turn after, off that path.
	const own = attached ? undefined : startOwnServe(dataDir, {startWhen: new Promise(resolve => {
		setImmediate(resolve);
	})});
	const client = attached ?? own!.client;
	try {
		await runConsole({client, readonly, diagnosticsFile: `${dataDir}/console.log`});
	} finally {
		await client.close();
		await own?.stop();
	}

	// A signal that ended the console has set its exit code.
	return Number(process.exitCode ?? 0);
};

const main = async () => {
	const argv = process.argv.slice(2);
	if (argv[0] === '--version' || argv[0] === '-v') {
		const {version} = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
		process.stdout.write(`lambdeck ${version}\n`);
		return 0;
	}

	const [{takeGlobalFlags}, {resolveDataDir}] = await Promise.all([import('./commands/global-flags.js'), import('./store/data-dir.js')]);
	const {flags, rest, missing} = takeGlobalFlags(argv);
	if (missing) {
		process.stderr.write(`usage: lambdeck [options] <command>\nlambdeck: error: argument ${missing}: expected one argument\n`);
		return 252;
	}

	const dataDir = resolveDataDir();
	const [first, ...others] = rest;
	if (first === undefined || first === '--readonly') {
		return openConsole(dataDir, first === '--readonly' || others.includes('--readonly'), flags);
	}

	const [{runCommand}, {exitOnClosedPipe}] = await Promise.all([import('./commands/run-command.js'), import('./commands/closed-pipe.js')]);
	exitOnClosedPipe();
	return runCommand(first === '--help' || first === '-h' ? 'help' : first, others, dataDir, {
		out: text => process.stdout.write(`${text}\n`),
		error: text => process.stderr.write(`${text}\n`),
	}, flags);
};

process.exitCode = await main();
