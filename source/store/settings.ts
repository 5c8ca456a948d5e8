import path from 'node:path';
import Conf from 'conf';
import {damagedFile} from '../core/errors.js';

/**
The settings of one data dir, kept in `settings.json` beside the registry.
*/
export type Settings = {
	region: string;
	accountId: string;
	/** Map a runtime id to an interpreter binary, e.g. `{"python3.13": "/opt/py313/bin/python3"}`. */
	runtimeBinaries: Record<string, string>;
	/** `auto` runs environments in bubblewrap where it is installed, `process` never does. */
	sandbox: 'auto' | 'process' | 'bubblewrap';
	/** How long an idle environment stays warm. */
	keepAliveSeconds: number;
	/** How many invocations run at once across all functions before Lambda's 429; `auto` derives it from the machine's cores and memory. */
	accountConcurrency: number | 'auto';
	/** The credentials `lambdeck serve` requires every request to be signed with (SigV4); without them any signature is accepted, on loopback only. */
	credentials?: {accessKeyId: string; secretAccessKey: string};
	/** Multiplies Lambda's waits between the attempts of an asynchronous event (1 then 2 minutes after function errors, 1 s to 5 min after throttles); 1 keeps Lambda's pace, 0.01 makes a minute 0.6 s. */
	asyncRetryScale: number;
	/** How long a file in a bucket's folder must keep its size before its write counts as finished and its ObjectCreated event is sent. */
	bucketWriteSettleMs: number;
	/** A real SQS endpoint (AWS's own with `aws`, or the URL of ElasticMQ, LocalStack or another lambdeck) where the queue ARNs lambdeck does not own are found: event source mappings poll them, destinations and dead-letter queues send to them. */
	sqsEndpoint?: string;
};

export const defaultSettings: Settings = {
	region: 'us-east-1',
	accountId: '000000000000',
	runtimeBinaries: {},
	sandbox: 'auto',
	keepAliveSeconds: 600,
	accountConcurrency: 'auto',
	asyncRetryScale: 1,
	bucketWriteSettleMs: 300,
};

/**
Read a data dir's settings, with defaults for what is not set, and `overrides` on top (for tests and embedding). A damaged settings file is reported with its path and left as it is.
*/
export const loadSettings = (root: string, overrides: Partial<Settings> = {}): Settings => {
	let store: Conf<Settings>;
	try {
		store = new Conf<Settings>({
			projectName: 'lambdeck',
			cwd: root,
			configName: 'settings',
			defaults: defaultSettings,
			accessPropertiesByDotNotation: false,
			clearInvalidConfig: false,
		});
	} catch (error) {
		if (error instanceof SyntaxError) {
			throw damagedFile(path.join(root, 'settings.json'), `it is not valid JSON (${error.message})`, 'Repair it, or remove it to use the defaults.');
		}

		throw error;
	}

	const stored = store.store;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
		throw damagedFile(path.join(root, 'settings.json'), 'it is not a JSON object', 'Repair it, or remove it to use the defaults.');
	}

	return {...defaultSettings, ...stored, ...overrides};
};
