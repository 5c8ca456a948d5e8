import {lambdaModel, s3Model, type ServiceModel, type ShapeModel} from '../core/model/service-model.js';
import {lambdaPaginators} from './paginators.js';

/**
What an argument stands for: a member of the operation's input, one of the AWS CLI's own (`--zip-file`, the `outfile`, the paging arguments), one of lambdeck's (`--code-dir`) or an option of every verb (`--output`).
*/
export type ArgumentRole = 'member' | 'body-file' | 'code' | 'zip-file' | 'outfile' | 'paging' | 'lambdeck' | 'bucket-path' | 'global';

/**
One command-line argument of a verb, as the AWS CLI builds its argument table from the model.
*/
export type CliArgument = {
	/** The flag without its dashes (`function-name`), or a positional's name (`outfile`). */
	name: string;
	/** Where the value goes: the input member, or the name under which the verb reads it. */
	dest: string;
	role: ArgumentRole;
	/** `value` takes one word, `list` any number, `flag` none (`--publish` stores true, `--no-publish` false), `positional` a bare word. */
	kind: 'value' | 'list' | 'flag' | 'positional';
	required: boolean;
	/** The member's shape, for members and the AWS CLI's own arguments that map onto one. */
	shape?: ShapeModel;
	/** argparse's conversion: the AWS CLI parses `long` members and the paging sizes as int while parsing. */
	parseType?: 'int' | 'float';
	/** What `--no-publish` stores. */
	flagValue?: boolean;
	choices?: string[];
	/** Shown in help; the AWS CLI hides the paging members it replaces. */
	documented: boolean;
	help?: string;
};

/**
The model an operation's verb comes from: Lambda's, or S3's for the bucket verbs (their names do not meet).
*/
export const modelOf = (operation: string): ServiceModel => lambdaModel.operations[operation] ? lambdaModel : s3Model;

/** `FunctionName` → `function-name`, as botocore's xform_name names the AWS CLI's flags. */
export const cliName = (name: string) => name.replaceAll(/([a-z\d])([A-Z])/g, '$1-$2').replaceAll(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();

/**
Options every verb takes, wherever they stand on the line.
*/
export const globalArguments: CliArgument[] = [
	{name: 'output', dest: 'output', role: 'global', kind: 'value', required: false, documented: true, choices: ['json', 'text'], help: 'json (the default) or text, as the AWS CLI prints them'},
	{name: 'query', dest: 'query', role: 'global', kind: 'value', required: false, documented: true, help: 'a JMESPath expression the answer is filtered through (Functions[].FunctionName)'},
	{name: 'cli-binary-format', dest: 'cli-binary-format', role: 'global', kind: 'value', required: false, documented: true, choices: ['base64', 'raw-in-base64-out'], help: 'base64 (the default): blob arguments such as --payload are base64; raw-in-base64-out sends them as given'},
	{name: 'no-paginate', dest: 'no-paginate', role: 'global', kind: 'flag', flagValue: true, required: false, documented: true, help: 'one call, no following of NextMarker'},
	// Taken off the line before a verb parses it (global-flags.ts), as the console takes them too; here for help and for the parser to know them.
	{name: 'endpoint-url', dest: 'endpoint-url', role: 'global', kind: 'value', required: false, documented: true, help: 'send to this endpoint (a lambdeck serve, LocalStack, ...) instead of the data dir\'s own serve or service'},
	{name: 'region', dest: 'region', role: 'global', kind: 'value', required: false, documented: true, help: 'the AWS region; without --endpoint-url, --region or --profile sends to AWS itself'},
	{name: 'profile', dest: 'profile', role: 'global', kind: 'value', required: false, documented: true, help: 'a profile of ~/.aws/config and ~/.aws/credentials (the AWS SDK\'s credential chain)'},
	{name: 'no-cli-pager', dest: 'no-cli-pager', role: 'global', kind: 'flag', flagValue: true, required: false, documented: false},
];

/** The AWS CLI moves a nested ZipFile up to `--zip-file`, and refuses it inside `--code`. */
export const hoistedZip: Record<string, string> = {CreateFunction: 'Code', PublishLayerVersion: 'Content'};

/** Whether the operation's output payload is a blob the AWS CLI writes to a file named on the line (Invoke's `outfile`). */
const streamsOutput = (model: ServiceModel, operation: string) => {
	const output = model.operations[operation]!.output?.shape;
	const shape = output ? model.shapes[output] : undefined;
	return Boolean(shape?.payload && model.shapes[shape.members![shape.payload]!.shape]!.type === 'blob');
};

const memberArguments = (model: ServiceModel, operation: string): CliArgument[] => {
	const inputName = model.operations[operation]!.input?.shape;
	const input = inputName ? model.shapes[inputName]! : undefined;
	return Object.entries(input?.members ?? {}).flatMap(([member, reference]): CliArgument[] => {
		const shape = model.shapes[reference.shape]!;
		const base = {name: cliName(member), dest: member, role: 'member' as const, shape, required: input!.required?.includes(member) ?? false, documented: true};
		if (reference.streaming) {
			// The AWS CLI reads a streaming body (put-object's --body) from the file named.
			return [{...base, role: 'body-file', kind: 'value', help: 'the file whose bytes are the object'}];
		}

		if (shape.type === 'boolean') {
			return [{...base, kind: 'flag', flagValue: true}, {...base, name: `no-${base.name}`, kind: 'flag', flagValue: false, required: false}];
		}

		if (shape.type === 'list') {
			return [{...base, kind: 'list'}];
		}

		const parseType = shape.type === 'long' ? 'int' : (shape.type === 'double' || shape.type === 'float' ? 'float' : undefined);
		return [{...base, kind: 'value', parseType}];
	});
};

/**
The argument table of one operation's verb, built as the AWS CLI builds it: a flag per input member (kebab-cased, booleans with a `--no-` twin, lists taking several words), with the AWS CLI's Lambda customizations (`--zip-file`, `outfile`, `--starting-token`/`--page-size`/`--max-items`) and lambdeck's own `--code-dir`, then the options of every verb.
*/
export const argumentTable = (model: ServiceModel, operation: string): CliArgument[] => {
	let table = memberArguments(model, operation);
	const hoisted = hoistedZip[operation];
	if (hoisted) {
		const code = table.find(argument => argument.dest === hoisted)!;
		const {ZipFile, ...members} = code.shape!.members!;
		table = table.map(argument => argument === code ? {...code, role: 'code', required: false, shape: {...code.shape!, members}} : argument);
		table.push({name: 'zip-file', dest: 'zip-file', role: 'zip-file', kind: 'value', required: false, documented: true, shape: {type: 'blob'}, help: 'the zip as fileb://PATH'});
	}

	if (operation === 'CreateFunction') {
		// lambdeck checks no roles, so a local function needs none named.
		table = table.map(argument => argument.dest === 'Role' ? {...argument, required: false, help: 'optional in lambdeck: a placeholder role when none is named'} : argument);
	}

	if (operation === 'CreateFunction' || operation === 'UpdateFunctionCode') {
		table.push({name: 'code-dir', dest: 'code-dir', role: 'lambdeck', kind: 'value', required: false, documented: true, help: 'lambdeck: zip this folder as the code (instead of --zip-file), and remember it'});
	}

	if (operation === 'CreateBucket') {
		table.push({name: 'path', dest: 'path', role: 'bucket-path', kind: 'value', required: false, documented: true, help: 'lambdeck: an existing folder to be the bucket (default: a new folder <data dir>/buckets/NAME)'});
	}

	const paginator = lambdaPaginators[operation];
	if (paginator) {
		const replaced = new Set([paginator.input_token, paginator.limit_key]);
		table = table.map(argument => replaced.has(argument.dest) ? {...argument, documented: false} : argument).filter(argument => argument.name !== 'max-items');
		table.push(
			{name: 'starting-token', dest: 'starting-token', role: 'paging', kind: 'value', required: false, documented: true, help: 'the NextToken of a previous, truncated answer'},
			{name: 'page-size', dest: 'page-size', role: 'paging', kind: 'value', parseType: 'int', required: false, documented: true, help: 'items asked for per call'},
			{name: 'max-items', dest: 'max-items', role: 'paging', kind: 'value', parseType: 'int', required: false, documented: true, help: 'items printed in all; a NextToken follows when there are more'},
		);
	}

	if (streamsOutput(model, operation)) {
		table.push({name: 'outfile', dest: 'outfile', role: 'outfile', kind: 'positional', required: true, documented: true, help: 'the file the response payload is written to'});
	}

	return [...table, ...globalArguments];
};

/**
The synopsis of a verb's flags, one a line, as `aws lambda VERB help` shows it.
*/
export const synopsis = (table: CliArgument[]) => table.filter(argument => argument.documented && argument.role !== 'global' && !(argument.kind === 'flag' && argument.flagValue === false)).map(argument => {
	if (argument.kind === 'positional') {
		return `<${argument.name}>`;
	}

	const word = argument.kind === 'flag'
		? (argument.role === 'member' ? `--${argument.name} | --no-${argument.name}` : `--${argument.name}`)
		: `--${argument.name} <value>${argument.kind === 'list' ? ' [<value>...]' : ''}`;
	return argument.required ? word : `[${word}]`;
});
