import fs from 'node:fs';
import path from 'node:path';
import type {LambdeckClient} from '../client/client.js';
import {defaultRoleArn} from '../core/arn.js';
import type {ServiceModel, ShapeModel} from '../core/model/service-model.js';
import {validateParameters} from '../core/model/parameter-validation.js';
import type {FunctionExtras} from '../core/types.js';
import {zipFolder} from '../store/artifacts.js';
import {parseLine} from './argv-parser.js';
import {callOperation} from './call-operation.js';
import {argumentTable, cliName, hoistedZip, modelOf, type CliArgument} from './cli-arguments.js';
import {formatOutput, type OutputFormat} from './output-format.js';
import {fetchPages} from './paging.js';
import {PythonValueError} from './shorthand-model.js';
import {closingOnSignals} from './shutdown.js';
import {decodeBase64, isZip, loadParamFile, ParamError, paramError, unpackArgument} from './unpack.js';

/**
A request the AWS CLI would refuse before sending it (botocore's `Parameter validation failed:` lines); exit 252.
*/
export class ParameterValidationError extends Error {
	override readonly name = 'ParameterValidationError';
}

const zipMessage = '--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip';

/** What a verb's line asks for: the operation's input, lambdeck's extras, where the payload goes, how to print and page. */
type Request = {
	input: Record<string, unknown>;
	extras?: FunctionExtras;
	outfile?: string;
	format: OutputFormat;
	paging: {paginate: boolean; startingToken?: string; pageSize?: number; maxItems?: number};
};

const zipBytes = (argument: CliArgument, value: string) => {
	const loaded = loadParamFile(argument, value) ?? value;
	const bytes = typeof loaded === 'string' ? Buffer.from(loaded) : loaded;
	if (!isZip(bytes)) {
		throw new ParamError(zipMessage);
	}

	return bytes;
};

/** Blobs given as text are base64 unless `--cli-binary-format raw-in-base64-out` says they are raw, as the AWS CLI v2 reads them. */
const decodeBlobs = (model: ServiceModel, shape: ShapeModel, value: unknown, raw: boolean): unknown => {
	if (shape.type === 'blob' && typeof value === 'string') {
		if (raw) {
			return Buffer.from(value);
		}

		const decoded = decodeBase64(value);
		if (!decoded) {
			throw new PythonValueError(`Invalid base64: "${value}"`);
		}

		return decoded;
	}

	if (shape.type === 'structure' && value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
		const record = value as Record<string, unknown>;
		for (const [name, member] of Object.entries(shape.members ?? {})) {
			if (record[name] !== undefined) {
				record[name] = decodeBlobs(model, model.shapes[member.shape]!, record[name], raw);
			}
		}
	}

	return value;
};

const readBody = (argument: CliArgument, file: string) => {
	try {
		return fs.readFileSync(file);
	} catch (error) {
		throw paramError(argument, `${file} cannot be read: ${(error as Error).message}`);
	}
};

const codeFromFolder = (argument: CliArgument, folder: string) => {
	if (!fs.statSync(folder, {throwIfNoEntry: false})?.isDirectory()) {
		throw paramError(argument, `${folder} is not a folder`);
	}

	return zipFolder(folder);
};

/**
Turn a verb's parsed line into the operation's input as the AWS CLI does, argument by argument in table order, then check it as botocore does.
*/
const buildRequest = (operation: string, table: CliArgument[], values: Record<string, string | string[] | boolean>): Request => {
	const model = modelOf(operation);
	const input: Record<string, unknown> = {};
	const seen = new Set<string>();
	let extras: FunctionExtras | undefined;
	const hoisted = hoistedZip[operation];
	const zipTarget = hoisted ? (zip: Buffer) => {
		input[hoisted] = {...input[hoisted] as object, ZipFile: zip};
	} : (zip: Buffer) => {
		input.ZipFile = zip;
	};

	for (const argument of table) {
		const value = values[argument.dest];
		if (value === undefined || seen.has(argument.dest) || argument.role === 'global' || argument.role === 'paging' || argument.role === 'outfile' || argument.role === 'bucket-path') {
			continue;
		}

		seen.add(argument.dest);
		if (argument.role === 'lambdeck') {
			if (values['zip-file'] !== undefined || values.ZipFile !== undefined) {
				throw new ParamError('Specify --zip-file or --code-dir, not both.');
			}

			zipTarget(codeFromFolder(argument, value as string));
			extras = {SourceDir: path.resolve(value as string)};
		} else if (argument.role === 'zip-file' || (argument.name === 'zip-file' && operation === 'UpdateFunctionCode')) {
			zipTarget(zipBytes(argument, value as string));
		} else if (typeof value === 'boolean') {
			input[argument.dest] = value;
		} else if (argument.role === 'body-file') {
			input[argument.dest] = readBody(argument, value as string);
		} else {
			const unpacked = unpackArgument(model, argument, argument.shape!, value);
			if (argument.role === 'code') {
				if (unpacked && typeof unpacked === 'object' && 'ZipFile' in unpacked) {
					throw new ParamError(`ZipFile cannot be provided as part of the --${argument.name} argument.  Please use the '--zip-file' option instead to specify a zip file.`);
				}

				input[argument.dest] = {...input[argument.dest] as object, ...unpacked as object};
			} else {
				input[argument.dest] = unpacked;
			}
		}
	}

	const inputShape = model.operations[operation]!.input?.shape;
	if (inputShape) {
		decodeBlobs(model, model.shapes[inputShape]!, input, values['cli-binary-format'] === 'raw-in-base64-out');
	}

	if (operation === 'CreateFunction') {
		input.Role ??= defaultRoleArn;
	}

	const paging = pagingOf(values);
	if (inputShape) {
		const errors = validateParameters(model, inputShape, input);
		if (errors.length > 0) {
			throw new ParameterValidationError(`Parameter validation failed:\n${errors.join('\n')}`);
		}
	}

	if (typeof values.path === 'string' && operation === 'CreateBucket') {
		// lambdeck's own member, past botocore's checks: the folder as this shell names it, absolute for the service.
		input.LambdeckPath = path.resolve(values.path);
	}

	return {input, extras, outfile: values.outfile as string | undefined, format: (values.output as OutputFormat | undefined) ?? 'json', paging};
};

const pagingOf = (values: Record<string, string | string[] | boolean>): Request['paging'] => {
	const number = (name: string) => values[name] === undefined ? undefined : Number(String(values[name]).replaceAll('_', '').trim());
	const manual = values.Marker !== undefined || values.MaxItems !== undefined;
	const paginate = values['no-paginate'] !== true && !manual;
	if (values['no-paginate'] === true) {
		const used = ['starting-token', 'page-size'].filter(name => values[name] !== undefined);
		if (used.length > 0) {
			throw new ParamError(`Cannot specify --no-paginate along with pagination arguments: ${used.map(name => `--${name}`).join(', ')}`);
		}
	}

	return {paginate, startingToken: values['starting-token'] as string | undefined, pageSize: number('page-size'), maxItems: number('max-items')};
};

/**
The answer as the AWS CLI shows it: the body's members as they came, then those the REST protocol carries in headers and the status code, in the model's order; a blob payload goes to the outfile instead.
*/
const shapeOutput = (operation: string, output: Record<string, unknown>, outfile: string | undefined) => {
	const model = modelOf(operation);
	const shapeName = model.operations[operation]!.output?.shape;
	const shape = shapeName ? model.shapes[shapeName]! : undefined;
	const members = shape?.members ?? {};
	const located = Object.keys(members).filter(name => members[name]!.location);
	const shown: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(output)) {
		if (!located.includes(name) && name !== (outfile ? shape?.payload : undefined) && value !== undefined) {
			shown[name] = value;
		}
	}

	for (const name of located) {
		if (output[name] !== undefined) {
			shown[name] = output[name];
		}
	}

	if (outfile && shape?.payload) {
		const payload = output[shape.payload];
		fs.writeFileSync(outfile, payload instanceof Uint8Array ? payload : Buffer.from(String(payload ?? '')));
	}

	return shown;
};

const isEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
A `--query` expression, checked before anything is sent as the AWS CLI checks it (exit 252, `Bad value for --query ...`), as a function of the answer. The JMESPath library loads only when a query is given.
*/
const compileQuery = async (expression: string) => {
	const {search, JMESPathTypeError} = await import('@aws-lambda-powertools/jmespath');
	try {
		search(expression, {});
	} catch (error) {
		if (!(error instanceof JMESPathTypeError)) {
			throw new ParamError(`Bad value for --query ${expression}: ${(error as Error).message}`);
		}
	}

	return (value: unknown) => search(expression, value as Record<string, unknown>) as unknown;
};

/**
Run the verb of one Lambda operation: parse its line from the model's argument table, build and check the input as the AWS CLI does, open a client, send it (following pages where AWS's paginator says so), print the answer. Returns the text to print, or undefined for none.
*/
export const runOperationVerb = async (operation: string, argv: string[], openClient: () => Promise<LambdeckClient>): Promise<string | undefined> => {
	const table = argumentTable(modelOf(operation), operation);
	const parsed = parseLine(table, argv);
	if (parsed.help) {
		const {verbHelp} = await import('./help.js');
		return verbHelp(operation);
	}

	const request = buildRequest(operation, table, parsed.values);
	const query = parsed.values.query === undefined ? undefined : await compileQuery(parsed.values.query as string);
	const client = await openClient();
	let output: Record<string, unknown> | undefined;
	try {
		output = await closingOnSignals(async () => client.close(), async () => fetchPages(operation, request.paging, async input => callOperation(client, operation, input, request.extras), request.input));
	} finally {
		await client.close();
	}

	const shown = output ? shapeOutput(operation, output, request.outfile) : {};
	const result = query ? query(shown) : shown;
	return isEmptyObject(result) ? undefined : formatOutput(result, request.format);
};

/** The verb that runs an operation: `create-function` for CreateFunction. */
export const verbName = (operation: string) => cliName(operation);
