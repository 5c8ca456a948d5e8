import {parseArgs} from 'node:util';
import {UsageError} from './arguments.js';

type Option = {
	type: 'string' | 'boolean';
	/** What the value is, as the help shows it (`PORT`). */
	value?: string;
	help: string;
};

type OwnVerb = {
	synopsis: string;
	summary: string;
	options: Record<string, Option>;
};

/**
lambdeck's verbs that are no Lambda operation, declared once: their parsing, `lambdeck VERB --help` and `lambdeck help` all come from this table.
*/
export const ownVerbs = {
	serve: {
		synopsis: 'serve [--host 127.0.0.1] [--port 9001] [--watch]',
		summary: 'Serve the AWS Lambda API (and CloudWatch Logs, SQS) for the AWS CLI and SDKs until SIGINT or SIGTERM',
		options: {
			host: {type: 'string', value: 'HOST', help: 'The address to listen on (default 127.0.0.1; another needs credentials configured).'},
			port: {type: 'string', value: 'PORT', help: 'The port to listen on (default 9001; 0 picks a free one).'},
			watch: {type: 'boolean', help: 'Hot reload: a saved change in a function\'s source folder republishes its $LATEST.'},
			'until-stdin-ends': {type: 'boolean', help: 'Stop once the parent that started it has gone and no console is attached.'},
		},
	},
	logs: {
		synopsis: 'logs NAME [--follow] [--since 10m] [--filter-pattern TEXT]',
		summary: 'Show a function\'s log as `aws logs tail` does',
		options: {
			follow: {type: 'boolean', help: 'Keep printing new lines until interrupted.'},
			since: {type: 'string', value: 'DURATION', help: 'Start this long ago: 30s, 10m, 2h, 1d, 1w.'},
			'filter-pattern': {type: 'string', value: 'TEXT', help: 'Print only lines that contain TEXT.'},
		},
	},
	watch: {
		synopsis: 'watch NAME... [--off]',
		summary: 'Hot reload functions deployed from a folder: a saved change republishes $LATEST',
		options: {
			off: {type: 'boolean', help: 'Turn hot reload off instead.'},
		},
	},
} satisfies Record<string, OwnVerb>;

/**
The name of one of lambdeck's own verbs.
*/
export type OwnVerbName = keyof typeof ownVerbs;

/**
Whether `name` is one of lambdeck's own verbs.
*/
export const isOwnVerb = (name: string): name is OwnVerbName => Object.hasOwn(ownVerbs, name);

/**
Whether the command line asks for the verb's help (`--help`, `-h`, or `help` as its only word), as the AWS CLI reads it.
*/
export const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h') || (argv.length === 1 && argv[0] === 'help');

/**
Parse an own verb's command line from its declaration; an unknown option or a missing value is a usage error (exit 252), never a stack trace.
*/
export const parseOwnVerb = (name: OwnVerbName, argv: string[]) => {
	const options = Object.fromEntries(Object.entries(ownVerbs[name].options as Record<string, Option>).map(([option, {type}]) => [option, {type}]));
	try {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, strict: true, options});
		return {values: values as Record<string, string | boolean | undefined>, positionals};
	} catch (error) {
		throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
	}
};

/**
`lambdeck VERB --help` for an own verb.
*/
export const ownVerbHelp = (name: OwnVerbName) => {
	const verb = ownVerbs[name];
	return [
		`${name}: ${verb.summary}`,
		'',
		'SYNOPSIS',
		`  lambdeck ${verb.synopsis}`,
		'',
		'OPTIONS',
		...Object.entries(verb.options as Record<string, Option>).map(([option, {value, help}]) => `  --${option}${value ? ` ${value}` : ''}\n      ${help}`),
	].join('\n');
};

/**
The own verbs' lines in `lambdeck help`.
*/
export const ownVerbLines = (width: number) => Object.values(ownVerbs).map(verb => `  ${verb.synopsis.split(' [')[0]!.padEnd(width - 1)} ${verb.summary}`);
