import fs from 'node:fs';
import path from 'node:path';
import type {LambdeckClient} from '../client/client.js';
import {defaultRoleArn} from '../core/arn.js';
import {zipFolder} from '../store/artifacts.js';
import {modelCommands} from './model-commands.js';
import {parseEnvironment, parseInteger, parsePayload, requireFlag, UsageError, zipFromFlags} from './arguments.js';

/**
The flags a command was given, by name without the dashes.
*/
export type Flags = Record<string, string | boolean | undefined>;

/**
One `lambdeck` verb: its API operation name (for error messages), its flags, and what it does with a client.
*/
export type Command = {
	operation: string;
	summary: string;
	flags: Record<string, 'string' | 'boolean'>;
	run(client: LambdeckClient, flags: Flags, positionals: string[]): Promise<unknown>;
};

const text = (flags: Flags, name: string) => flags[name] as string | undefined;

const code = (flags: Flags): {zip: Buffer; sourceDir?: string} => {
	const folder = text(flags, 'code-dir');
	const zip = zipFromFlags(text(flags, 'zip-file'));
	if (folder && zip) {
		throw new UsageError('give either --zip-file or --code-dir, not both');
	}

	if (folder) {
		if (!fs.existsSync(folder)) {
			throw new UsageError(`--code-dir ${folder} does not exist`);
		}

		return {zip: zipFolder(folder), sourceDir: path.resolve(folder)};
	}

	if (!zip) {
		throw new UsageError('one of the arguments --zip-file --code-dir is required');
	}

	return {zip};
};

const reference = (flags: Flags) => ({FunctionName: requireFlag('function-name', text(flags, 'function-name')), Qualifier: text(flags, 'qualifier')});

const configurationFlags = {
	'function-name': 'string', runtime: 'string', handler: 'string', role: 'string', description: 'string',
	timeout: 'string', 'memory-size': 'string', environment: 'string',
} as const;

const configuration = (flags: Flags) => ({
	Runtime: text(flags, 'runtime'),
	Handler: text(flags, 'handler'),
	Role: text(flags, 'role'),
	Description: text(flags, 'description'),
	Timeout: parseInteger('timeout', text(flags, 'timeout')),
	MemorySize: parseInteger('memory-size', text(flags, 'memory-size')),
	Environment: text(flags, 'environment') === undefined ? undefined : parseEnvironment(text(flags, 'environment')!),
});

const withoutUndefined = <T extends Record<string, unknown>>(value: T) =>
	Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;

/**
The verbs made by hand, for what the AWS CLI does beyond the API: zipping a folder, an outfile for invoke, every page of a list.
*/
const handMade: Record<string, Command> = {
	'create-function': {
		operation: 'CreateFunction',
		summary: 'Create a function from a zip (--zip-file fileb://f.zip) or a folder (--code-dir DIR)',
		flags: {...configurationFlags, 'zip-file': 'string', 'code-dir': 'string'},
		async run(client, flags) {
			const {zip, sourceDir} = code(flags);
			return client.createFunction(withoutUndefined({
				FunctionName: requireFlag('function-name', text(flags, 'function-name')),
				...configuration(flags),
				// The AWS CLI requires --role; lambdeck checks no roles, so it gives one when none is named.
				Role: text(flags, 'role') ?? defaultRoleArn,
				Code: {ZipFile: zip},
			}), {SourceDir: sourceDir});
		},
	},
	'update-function-code': {
		operation: 'UpdateFunctionCode',
		summary: 'Replace a function\'s code from a zip or a folder',
		flags: {'function-name': 'string', 'zip-file': 'string', 'code-dir': 'string', 'dry-run': 'boolean', 'revision-id': 'string'},
		async run(client, flags) {
			const {zip, sourceDir} = code(flags);
			return client.updateFunctionCode(withoutUndefined({
				FunctionName: requireFlag('function-name', text(flags, 'function-name')),
				ZipFile: zip,
				DryRun: flags['dry-run'] === true ? true : undefined,
				RevisionId: text(flags, 'revision-id'),
			}), sourceDir ? {SourceDir: sourceDir} : undefined);
		},
	},
	'update-function-configuration': {
		operation: 'UpdateFunctionConfiguration',
		summary: 'Change memory, timeout, handler, runtime, description or environment variables',
		flags: {...configurationFlags, 'revision-id': 'string'},
		async run(client, flags) {
			return client.updateFunctionConfiguration(withoutUndefined({
				FunctionName: requireFlag('function-name', text(flags, 'function-name')),
				...configuration(flags),
				RevisionId: text(flags, 'revision-id'),
			}));
		},
	},
	'get-function': {
		operation: 'GetFunction',
		summary: 'Show a function\'s configuration and where its code is',
		flags: {'function-name': 'string', qualifier: 'string'},
		run: async (client, flags) => client.getFunction(withoutUndefined(reference(flags))),
	},
	'get-function-configuration': {
		operation: 'GetFunctionConfiguration',
		summary: 'Show a function\'s configuration',
		flags: {'function-name': 'string', qualifier: 'string'},
		run: async (client, flags) => client.getFunctionConfiguration(withoutUndefined(reference(flags))),
	},
	'list-functions': {
		operation: 'ListFunctions',
		summary: 'List functions (all pages, or --max-items N with --starting-token)',
		flags: {'max-items': 'string', 'starting-token': 'string'},
		async run(client, flags) {
			const maxItems = parseInteger('max-items', text(flags, 'max-items'));
			if (maxItems === undefined && !flags['starting-token']) {
				return {Functions: await client.listAllFunctions()};
			}

			const page = await client.listFunctions(withoutUndefined({MaxItems: maxItems, Marker: text(flags, 'starting-token')}));
			return {Functions: page.Functions, ...(page.NextMarker ? {NextToken: page.NextMarker} : {})};
		},
	},
	'delete-function': {
		operation: 'DeleteFunction',
		summary: 'Delete a function',
		flags: {'function-name': 'string', qualifier: 'string'},
		async run(client, flags) {
			await client.deleteFunction(withoutUndefined(reference(flags)));
			return undefined;
		},
	},
	invoke: {
		operation: 'Invoke',
		summary: 'Invoke a function and write its response to OUTFILE',
		flags: {
			'function-name': 'string', qualifier: 'string', payload: 'string', 'invocation-type': 'string', 'log-type': 'string',
			'client-context': 'string', 'cli-binary-format': 'string',
		},
		async run(client, flags, positionals) {
			const outfile = positionals[0];
			if (!outfile) {
				throw new UsageError('the following arguments are required: outfile');
			}

			const invocationType = text(flags, 'invocation-type') ?? 'RequestResponse';
			if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
				throw new UsageError(`argument --invocation-type: Invalid choice, valid choices are:\n\nRequestResponse | Event | DryRun`);
			}

			const result = await client.invoke(withoutUndefined({
				...reference(flags),
				Payload: parsePayload(text(flags, 'payload'), text(flags, 'cli-binary-format')),
				InvocationType: invocationType as 'RequestResponse',
				LogType: text(flags, 'log-type') as 'Tail' | undefined,
				ClientContext: text(flags, 'client-context'),
			}));
			fs.writeFileSync(outfile, result.Payload);
			const {Payload, ...metadata} = result;
			return metadata;
		},
	},
};

/**
Every verb `lambdeck` knows besides `logs`, `serve` and the console, named and flagged like `aws lambda`: the hand-made ones, and one for every other operation the API serves, flagged from AWS's model.
*/
export const commands: Record<string, Command> = {...handMade, ...modelCommands(handMade, ['InvokeAsync'])};
