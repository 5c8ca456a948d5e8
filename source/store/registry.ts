import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import {damagedFile} from '../core/errors.js';
import type {AliasConfiguration, FunctionConfiguration, FunctionExtras, PolicyStatement} from '../core/types.js';

/**
What the registry keeps of one function: its configuration as the API shows it, and lambdeck's own extras.
*/
export type FunctionRecord = {
	configuration: FunctionConfiguration;
	extras: FunctionExtras;
	/** The function's tags (TagResource, CreateFunction's Tags); absent when it has none. */
	tags?: Record<string, string>;
	/** PutFunctionConcurrency's ReservedConcurrentExecutions; absent when none is reserved. */
	reservedConcurrency?: number;
	/** The published versions, oldest first, each an immutable snapshot of `$LATEST`'s code and configuration. */
	versions?: FunctionConfiguration[];
	/** The highest version number ever published; numbers are never reused, even after a version is deleted. */
	lastVersion?: number;
	/** Which `$LATEST` revision the newest version was published from, so a publish with nothing changed answers that version again. */
	publishedFrom?: {revisionId: string; version: string};
	aliases?: AliasConfiguration[];
	/** Resource-based policy statements by qualifier (`$LATEST`, a version, an alias); absent when there are none. */
	policies?: Record<string, PolicyStatement[]>;
	/** Provisioned concurrency configurations, by the version or alias they apply to. */
	provisioned?: Record<string, ProvisionedRecord>;
	/** Function URLs, by the alias they were made for (`''` for the function itself). */
	urls?: Record<string, FunctionUrlRecord>;
};

/**
A function URL's configuration as a function's record keeps it, with the id its URL is served under.
*/
export type FunctionUrlRecord = {
	urlId: string;
	AuthType: 'NONE' | 'AWS_IAM';
	Cors?: Record<string, unknown>;
	InvokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
	CreationTime: string;
	LastModifiedTime: string;
};

/**
A provisioned concurrency configuration as a function's record keeps it: how many environments, and when it was set.
*/
export type ProvisionedRecord = {requested: number; lastModified: string};

/**
A function whose record could not be read: the file and what is wrong with it.
*/
export type DamagedRecord = {
	name: string;
	file: string;
	problem: string;
};

const storeOptions = (folder: string, configName: string) => ({
	projectName: 'lambdeck',
	cwd: folder,
	configName,
	accessPropertiesByDotNotation: false,
	clearInvalidConfig: false,
});

/**
Read one function's record, or say what is wrong with it. A folder without a record (an interrupted create) is no function at all.
*/
const readRecord = (name: string, file: string): FunctionRecord | DamagedRecord | undefined => {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : {name, file, problem: `cannot be read (${code ?? String(error)})`};
	}

	let record: Partial<FunctionRecord>;
	try {
		record = JSON.parse(text) as Partial<FunctionRecord>;
	} catch (error) {
		return {name, file, problem: `it is not valid JSON (${(error as Error).message})`};
	}

	if (typeof record !== 'object' || record === null || typeof record.configuration?.FunctionName !== 'string') {
		return {name, file, problem: 'it has no configuration with a FunctionName'};
	}

	if (record.configuration.FunctionName !== name) {
		return {name, file, problem: `it names the function ${record.configuration.FunctionName}, not ${name}`};
	}

	const {configuration, extras, tags, reservedConcurrency, ...rest} = record;
	return {
		...rest,
		configuration,
		extras: extras ?? {},
		...(tags ? {tags} : {}),
		...(Number.isInteger(reservedConcurrency) ? {reservedConcurrency} : {}),
	};
};

/**
The function registry: one conf store per function under `functions/NAME/`, so a write replaces one small file atomically and a crash never leaves half a function.

Records are read once and kept in memory; conf reads its file on every access, which would cost more than it is worth on the invoke path. A record that cannot be read is kept aside as damaged, so it affects its own function only.
*/
export class Registry {
	readonly #folder: string;
	readonly #records = new Map<string, FunctionRecord>();
	readonly #damaged = new Map<string, DamagedRecord>();

	constructor(folder: string) {
		this.#folder = folder;
		fs.mkdirSync(folder, {recursive: true});
		for (const name of fs.readdirSync(folder)) {
			const record = readRecord(name, path.join(folder, name, 'function.json'));
			if (record && 'problem' in record) {
				this.#damaged.set(name, record);
			} else if (record) {
				this.#records.set(name, record);
			}
		}
	}

	get size() {
		return this.#records.size;
	}

	/**
	Every function, sorted by name as ListFunctions returns them. Damaged records are not among them.
	*/
	list(): FunctionRecord[] {
		return [...this.#records.values()].sort((a, b) => a.configuration.FunctionName.localeCompare(b.configuration.FunctionName));
	}

	get(name: string): FunctionRecord | undefined {
		return this.#records.get(name);
	}

	/**
	The functions whose records could not be read when the registry opened, sorted by name.
	*/
	damaged(): DamagedRecord[] {
		return [...this.#damaged.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	/**
	What is wrong with a function's record, when it is damaged.
	*/
	damage(name: string): DamagedRecord | undefined {
		return this.#damaged.get(name);
	}

	/**
	Write a function's record. The file is replaced atomically before the in-memory copy changes.
	*/
	put(record: FunctionRecord) {
		const name = record.configuration.FunctionName;
		new Conf<FunctionRecord>(storeOptions(path.join(this.#folder, name), 'function')).store = record;
		this.#records.set(name, structuredClone(record));
	}

	delete(name: string) {
		fs.rmSync(path.join(this.#folder, name, 'function.json'), {force: true});
		fs.rmSync(path.join(this.#folder, name), {recursive: true, force: true});
		this.#records.delete(name);
		this.#damaged.delete(name);
	}

	/**
	A conf store of the function's own, beside its record, for what the console keeps per function (saved test events). A damaged file is reported with its path, never wiped.
	*/
	sideStore<T extends Record<string, unknown>>(name: string, configName: string) {
		try {
			return new Conf<T>(storeOptions(path.join(this.#folder, name), configName));
		} catch (error) {
			if (error instanceof SyntaxError) {
				throw damagedFile(path.join(this.#folder, name, `${configName}.json`), `it is not valid JSON (${error.message})`, 'Repair or remove it.');
			}

			throw error;
		}
	}
}
