import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {FunctionConfiguration, FunctionExtras} from '../core/types.js';

/**
What the registry keeps of one function: its configuration as the API shows it, and lambdeck's own extras.
*/
export type FunctionRecord = {
	configuration: FunctionConfiguration;
	extras: FunctionExtras;
};

const storeOptions = (folder: string, configName: string) => ({
	projectName: 'lambdeck',
	cwd: folder,
	configName,
	accessPropertiesByDotNotation: false,
	clearInvalidConfig: false,
});

/**
The function registry: one conf store per function under `functions/NAME/`, so a write replaces one small file atomically and a crash never leaves half a function.

Records are read once and kept in memory; conf reads its file on every access, which would cost more than it is worth on the invoke path.
*/
export class Registry {
	readonly #folder: string;
	readonly #records = new Map<string, FunctionRecord>();

	constructor(folder: string) {
		this.#folder = folder;
		fs.mkdirSync(folder, {recursive: true});
		for (const name of fs.readdirSync(folder)) {
			const file = path.join(folder, name, 'function.json');
			if (!fs.existsSync(file)) {
				continue;
			}

			const record = new Conf<FunctionRecord>(storeOptions(path.join(folder, name), 'function')).store;
			if (record.configuration?.FunctionName === name) {
				this.#records.set(name, record);
			}
		}
	}

	get size() {
		return this.#records.size;
	}

	/**
	Every function, sorted by name as ListFunctions returns them.
	*/
	list(): FunctionRecord[] {
		return [...this.#records.values()].sort((a, b) => a.configuration.FunctionName.localeCompare(b.configuration.FunctionName));
	}

	get(name: string): FunctionRecord | undefined {
		return this.#records.get(name);
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
	}

	/**
	A conf store of the function's own, beside its record, for what the console keeps per function (saved test events).
	*/
	sideStore<T extends Record<string, unknown>>(name: string, configName: string) {
		return new Conf<T>(storeOptions(path.join(this.#folder, name), configName));
	}
}
