#!/usr/bin/env node
import fs from 'node:fs';
import {openLocalClient} from './client/local-client.js';
import {isLambdaError} from './core/errors.js';
import {runCommand} from './commands/run-command.js';
import {resolveDataDir} from './store/data-dir.js';

const version = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;

/**
Open the console on an embedded service for the data dir. When another process owns the dir, say which and exit cleanly.
*/
const openConsole = async (dataDir: string, readonly: boolean) => {
	let client;
	try {
		client = await openLocalClient({dataDir});
	} catch (error) {
		if (isLambdaError(error)) {
			process.stderr.write(`lambdeck: ${error.message}\n`);
			return 1;
		}

		throw error;
	}

	if (process.stdout.isTTY) {
		// Ink decides when first imported whether it runs in CI, and there it draws only the last frame; chalk turns colours off whenever CI is set at all. A terminal is interactive whatever CI says.
		delete process.env.CI;
		delete process.env.CONTINUOUS_INTEGRATION;
	}

	// React's development build costs a few milliseconds a frame; a user's console wants the production one.
	process.env.NODE_ENV ??= 'production';
	const {runConsole} = await import('./ui/run-console.js');
	try {
		await runConsole({client, readonly});
	} finally {
		await client.close();
	}

	// A signal that ended the console has set its exit code.
	return Number(process.exitCode ?? 0);
};

const main = async () => {
	const argv = process.argv.slice(2);
	if (argv[0] === '--version' || argv[0] === '-v') {
		process.stdout.write(`lambdeck ${version}\n`);
		return 0;
	}

	const dataDir = resolveDataDir();
	const [first, ...rest] = argv;
	if (first === undefined || first === '--readonly') {
		return openConsole(dataDir, first === '--readonly' || rest.includes('--readonly'));
	}

	return runCommand(first === '--help' || first === '-h' ? 'help' : first, rest, dataDir, {
		out: text => process.stdout.write(`${text}\n`),
		error: text => process.stderr.write(`${text}\n`),
	});
};

process.exitCode = await main();
