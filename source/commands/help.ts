import {lambdaModel, type ServiceModel} from '../core/model/service-model.js';
import {argumentTable, cliName, modelOf, globalArguments, synopsis, type CliArgument} from './cli-arguments.js';
import {operationVerbs, summaryOf} from './definitions.js';
import {ownVerbLines} from './own-verbs.js';

const typeOf = (argument: CliArgument, model: ServiceModel) => {
	if (argument.kind === 'flag') {
		return 'boolean';
	}

	if (argument.kind === 'positional' || !argument.shape) {
		return 'string';
	}

	return argument.shape.type === 'list' ? `list of ${model.shapes[argument.shape.member!.shape]!.type}` : argument.shape.type;
};

const optionLines = (table: CliArgument[], model: ServiceModel = lambdaModel) => table
	.filter(argument => argument.documented && !(argument.kind === 'flag' && argument.flagValue === false && argument.role === 'member'))
	.map(argument => {
		const name = argument.kind === 'positional' ? argument.name : `--${argument.name}${argument.kind === 'flag' && argument.role === 'member' ? ` | --no-${argument.name}` : ''}`;
		const facts = [typeOf(argument, model), ...(argument.required ? ['required'] : []), ...(argument.choices ?? argument.shape?.enum ? [(argument.choices ?? argument.shape!.enum!).join(' | ')] : [])].join(', ');
		return `  ${name} (${facts})${argument.help ? `\n      ${argument.help}` : ''}`;
	});

/**
`lambdeck VERB --help`: the verb's flags from the same argument table that parses them.
*/
export const verbHelp = (operation: string) => {
	const model = modelOf(operation);
	const table = argumentTable(model, operation);
	const verb = cliName(operation);
	return [
		`${verb}: ${summaryOf(operation)}`,
		'',
		'SYNOPSIS',
		`  lambdeck ${verb}`,
		...synopsis(table).map(word => `    ${word}`),
		'',
		'OPTIONS',
		...optionLines(table.filter(argument => argument.role !== 'global'), model),
		'',
		'GLOBAL OPTIONS',
		...optionLines(globalArguments),
		'',
		'Structures, lists and maps take the AWS CLI\'s shorthand (Variables={KEY=value}) or JSON; file://PATH and fileb://PATH read a file.',
	].join('\n');
};

/**
`lambdeck help`: every verb, each Lambda operation's from the handler table the API serves.
*/
export const generalHelp = () => {
	const verbs = Object.entries(operationVerbs());
	const width = Math.max(...verbs.map(([verb]) => verb.length)) + 3;
	return [
		'usage: lambdeck [--readonly]            open the console',
		'       lambdeck <command> [parameters]',
		'',
		'commands:',
		...verbs.map(([verb, operation]) => `  ${verb.padEnd(width - 1)} ${summaryOf(operation)}`),
		...ownVerbLines(width),
		'',
		'Each Lambda verb takes the AWS CLI\'s flags (lambdeck VERB help lists them), plus:',
		...optionLines(globalArguments),
		'',
		'The data dir is $LAMBDECK_HOME, or the platform\'s data folder for lambdeck.',
	].join('\n');
};
