import type {LambdeckClient} from '../client/client.js';
import {UsageError} from './arguments.js';
import {parseOwnVerb} from './own-verbs.js';

/**
`lambdeck watch NAME... [--off]`: hot reload. Attached to a `serve`, it turns hot reload of the functions on (or off) there and returns; with no `serve`, it runs the service in this process and reloads until interrupted. Each function must have been deployed from a folder.
*/
export const runWatch = async (argv: string[], open: () => Promise<LambdeckClient & {service?: unknown}>, print: (line: string) => void, signal: AbortSignal) => {
	const {values, positionals} = parseOwnVerb('watch', argv);
	if (positionals.length === 0) {
		throw new UsageError('the following arguments are required: NAME (the functions to hot reload)');
	}

	const client = await open();
	try {
		if (!client.watchFunction) {
			throw new UsageError(`hot reload is not offered by ${client.endpoint}`);
		}

		for (const name of positionals) {
			const watching = await client.watchFunction(name, !values.off);
			print(`Hot reload of ${name} is ${watching ? 'on: a saved change in its folder republishes $LATEST' : 'off'}.`);
		}

		// In this process, the watch lasts as long as the command does.
		if (client.endpoint === 'embedded' && !values.off) {
			print('Watching; press Ctrl-C to stop.');
			const unsubscribe = client.subscribe(event => {
				if (event.type === 'function' && event.change === 'updated' && positionals.includes(event.functionName)) {
					print(`${new Date().toISOString()} ${event.functionName}: new code published (${event.configuration?.CodeSha256 ?? 'code changed'})`);
				}
			});
			await new Promise(resolve => {
				signal.addEventListener('abort', resolve, {once: true});
			});
			unsubscribe();
		}
	} finally {
		await client.close();
	}
};
