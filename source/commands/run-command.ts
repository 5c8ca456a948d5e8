import {parseArgs} from 'node:util';
import {openLocalClient} from '../client/local-client.js';
import {isLambdaError} from '../core/errors.js';
import {UsageError} from './arguments.js';
import {commands} from './definitions.js';
import {runLogs} from './logs.js';
import {runServe} from './serve.js';
import {closingOnSignals} from './shutdown.js';
import {ParameterValidationError, validatingClient} from './parameter-check.js';

/**
Where a command writes: its JSON result to `out`, errors to `error`.
*/
export type Output = {
	out: (text: string) => void;
	error: (text: string) => void;
};

const usage = () => [
	'usage: lambdeck [--readonly]            open the console',
	'       lambdeck <command> [options]',
	'',
	'commands:',
	...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(31)}${command.summary}`),
	`  ${'logs NAME'.padEnd(31)}Show a function's log (--follow, --since 10m, --filter-pattern TEXT)`,
	`  ${'serve'.padEnd(31)}Serve the AWS Lambda API for the AWS CLI and SDKs (--host 127.0.0.1, --port 9001; 0 picks one)`,
	'',
	'Options are the AWS CLI\'s (--function-name, --zip-file fileb://f.zip, --environment Variables={K=V}, ...).',
	'The data dir is $LAMBDECK_HOME, or the platform\'s data folder for lambdeck.',
].join('\n');

/**
Run one non-interactive verb and return its exit code: 0 on success, 252 for a bad command line, 254 for an error from the service (the AWS CLI's codes).
*/
export const runCommand = async (name: string, argv: string[], dataDir: string, output: Output): Promise<number> => {
	const operation = commands[name]?.operation ?? (name === 'serve' ? 'Serve' : 'Logs');
	try {
		if (name === 'help' || argv.includes('--help')) {
			output.out(name in commands ? `usage: lambdeck ${name} ${Object.keys(commands[name]!.flags).map(flag => `[--${flag}]`).join(' ')}\n\n${commands[name]!.summary}` : usage());
			return 0;
		}

		if (name === 'serve') {
			await runServe(argv, dataDir, output.out);
			return 0;
		}

		if (name === 'logs') {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {follow: {type: 'boolean'}, since: {type: 'string'}, 'filter-pattern': {type: 'string'}}});
			const controller = new AbortController();
			const stop = () => controller.abort();
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
			try {
				await runLogs(dataDir, positionals[0], values, output.out, controller.signal);
			} finally {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
			}

			return 0;
		}

		const command = commands[name];
		if (!command) {
			throw new UsageError(`argument command: Invalid choice '${name}', valid choices are: ${[...Object.keys(commands), 'logs'].join(', ')}`);
		}

		let parsed: ReturnType<typeof parseArgs>;
		try {
			parsed = parseArgs({args: argv, allowPositionals: true, strict: true, options: Object.fromEntries(Object.entries(command.flags).map(([flag, type]) => [flag, {type}]))});
		} catch (error) {
			throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
		}

		const client = await openLocalClient({dataDir});
		try {
			const result = await closingOnSignals(async () => client.close(), async () => command.run(validatingClient(client, command.operation), parsed.values as Record<string, string | boolean | undefined>, parsed.positionals));
			if (result !== undefined) {
				output.out(JSON.stringify(result, undefined, 4));
			}
		} finally {
			await client.close();
		}

		return 0;
	} catch (error) {
		if (error instanceof ParameterValidationError) {
			output.error(`\nParameter validation failed:\n${error.message}`);
			return 252;
		}

		if (error instanceof UsageError) {
			output.error(`usage: lambdeck ${name} [options]\nlambdeck: error: ${error.message}`);
			return 252;
		}

		if (isLambdaError(error)) {
			output.error(`\nAn error occurred (${error.type}) when calling the ${operation} operation: ${error.message}`);
			return 254;
		}

		output.error(`\n${(error as Error).stack ?? String(error)}`);
		return 255;
	}
};
