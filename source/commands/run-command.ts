import {isLambdaError} from '../core/errors.js';
import {UsageError} from './arguments.js';
import {ArgParseError, choicesMessage, UnknownOptionsError} from './argv-parser.js';
import type {GlobalFlags} from './global-flags.js';
import {isOwnVerb, ownVerbHelp, parseOwnVerb, wantsHelp} from './own-verbs.js';

/**
Where a command writes: its result to `out`, errors to `error`.
*/
export type Output = {
	out: (text: string) => void;
	error: (text: string) => void;
};

const usage = 'lambdeck [options] <command> [parameters]\nTo see help text, you can run:\n\n  lambdeck help\n  lambdeck <command> help';

/** Errors the AWS CLI prints as the message alone with exit 252 (bad argument values, botocore's parameter validation). */
const parameterErrors = new Set(['ParamError', 'ParameterValidationError']);

const runLogsVerb = async (argv: string[], dataDir: string, output: Output, target: GlobalFlags) => {
	const {runLogs} = await import('./logs.js');
	const {values, positionals} = parseOwnVerb('logs', argv);
	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		await runLogs({dataDir, target}, positionals[0], values, output.out, controller.signal);
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}
};

/**
The client a verb runs with: one of the endpoint given, or of the data dir's `serve` when there is one, else the service opened in this process for this one command.
*/
const openClient = async (dataDir: string, target: GlobalFlags) => {
	const {attachClient} = await import('../client/attach.js');
	const attached = await attachClient({dataDir, ...target});
	return attached ?? (await import('../client/local-client.js')).openLocalClient({dataDir});
};

const runVerb = async (name: string, argv: string[], dataDir: string, output: Output, target: GlobalFlags): Promise<string | undefined> => {
	if (isOwnVerb(name) && wantsHelp(argv)) {
		return ownVerbHelp(name);
	}

	if (name === 'serve') {
		const {runServe} = await import('./serve.js');
		await runServe(argv, dataDir, output.out);
		return undefined;
	}

	if (name === 'logs') {
		await runLogsVerb(argv, dataDir, output, target);
		return undefined;
	}

	if (name === 'watch') {
		const {runWatch} = await import('./watch.js');
		const controller = new AbortController();
		const stop = () => controller.abort();
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		try {
			await runWatch(argv, async () => openClient(dataDir, target), output.out, controller.signal);
		} finally {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
		}

		return undefined;
	}

	// The model, the API's handler table and the service load only for a verb that needs them, so `lambdeck --version` stays quick.
	const [{operationVerbs}, {runOperationVerb}] = await Promise.all([import('./definitions.js'), import('./model-commands.js')]);
	const verbs = operationVerbs();
	if (name === 'help') {
		const {generalHelp, verbHelp} = await import('./help.js');
		return argv[0] && verbs[argv[0]] ? verbHelp(verbs[argv[0]]) : generalHelp();
	}

	const operation = verbs[name];
	if (!operation) {
		throw new ArgParseError(`argument command: ${choicesMessage([...Object.keys(verbs), 'logs', 'serve', 'watch', 'help'])}`);
	}

	if (argv.includes('--help') || argv.includes('-h')) {
		const {verbHelp} = await import('./help.js');
		return verbHelp(operation);
	}

	return runOperationVerb(operation, argv, async () => openClient(dataDir, target));
};

/** The operation an own verb's service errors come from, as `aws logs tail` names it; serve and watch call none. */
const ownVerbOperations: Record<string, string | undefined> = {logs: 'FilterLogEvents'};

const operationOf = (name: string) => name.split('-').map(word => word.charAt(0).toUpperCase() + word.slice(1)).join('');

const calling = (name: string) => {
	if (!isOwnVerb(name)) {
		return ` when calling the ${operationOf(name)} operation`;
	}

	return ownVerbOperations[name] ? ` when calling the ${ownVerbOperations[name]} operation` : '';
};

/**
Run one non-interactive verb and return its exit code as the AWS CLI v2 does: 0 on success, 252 for a command line or parameter it refuses, 254 for an error the service answered, 255 for anything else.
*/
export const runCommand = async (name: string, argv: string[], dataDir: string, output: Output, target: GlobalFlags = {}): Promise<number> => {
	try {
		const text = await runVerb(name, argv, dataDir, output, target);
		if (text !== undefined) {
			output.out(text);
		}

		return 0;
	} catch (error) {
		if (error instanceof ArgParseError || error instanceof UsageError) {
			output.error(`\nusage: ${usage}\n\nlambdeck: error: ${error.message}\n`);
			return 252;
		}

		if (error instanceof UnknownOptionsError) {
			output.error(`\nusage: ${usage}\n\n${error.message}\n`);
			return 252;
		}

		if (error instanceof Error && parameterErrors.has(error.name)) {
			output.error(`\n${error.message}`);
			return 252;
		}

		if (isLambdaError(error)) {
			output.error(`\nAn error occurred (${error.type})${calling(name)}: ${error.message}`);
			return 254;
		}

		if (error instanceof Error && error.name === 'PythonValueError') {
			output.error(`\n${error.message}`);
			return 255;
		}

		output.error(`\n${(error as Error).stack ?? String(error)}`);
		return 255;
	}
};
