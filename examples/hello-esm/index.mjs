// An ES module handler with an async body: waits a moment, then answers.
import {setTimeout as delay} from 'node:timers/promises';

export const handler = async event => {
	await delay(10);
	console.info('hello from an ES module');
	return {message: `Hello, ${event?.name ?? 'world'}, from ESM!`, node: process.version};
};
