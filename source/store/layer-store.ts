import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';

/**
One statement of a layer version's resource policy, as AddLayerVersionPermission returns it.
*/
export type LayerStatement = {
	Sid: string;
	Effect: 'Allow';
	Principal: string;
	Action: string;
	Resource: string;
	Condition?: Record<string, Record<string, string>>;
};

/**
One published version of a layer, with what GetLayerVersion shows and where its content is kept.
*/
export type LayerVersionRecord = {
	Version: number;
	LayerVersionArn: string;
	Description: string;
	CreatedDate: string;
	CompatibleRuntimes?: string[];
	CompatibleArchitectures?: string[];
	LicenseInfo?: string;
	CodeSha256: string;
	CodeSize: number;
	/** The hex SHA-256 of the content: its zip and folder in the layer artifact store. */
	sha256Hex: string;
	unzippedSize: number;
	policy?: {revisionId: string; statements: LayerStatement[]};
};

/**
A layer: its versions (newest last), the highest number ever given, and the content of every version any function may still use, deleted ones too, by version number.
*/
export type LayerRecord = {
	LayerName: string;
	LayerArn: string;
	lastVersion: number;
	versions: LayerVersionRecord[];
	/** Content of every version ever published, by number: a deleted version's functions keep running with it, as on AWS. */
	contents: Record<string, {sha256Hex: string; unzippedSize: number; CodeSize: number}>;
};

/**
The layer registry: one conf store per layer under `layers/NAME/`, written atomically, read once into memory.
*/
export class LayerStore {
	readonly #folder: string;
	readonly #records = new Map<string, LayerRecord>();

	constructor(folder: string) {
		this.#folder = folder;
		fs.mkdirSync(folder, {recursive: true});
		for (const name of fs.readdirSync(folder)) {
			try {
				const record = JSON.parse(fs.readFileSync(path.join(folder, name, 'layer.json'), 'utf8')) as LayerRecord;
				if (record.LayerName === name) {
					this.#records.set(name, record);
				}
			} catch {
				// A folder with no readable record is an interrupted publish, or the layer artifact store: no layer.
			}
		}
	}

	/**
	Every layer, by name.
	*/
	list(): LayerRecord[] {
		return [...this.#records.values()].sort((a, b) => a.LayerName.localeCompare(b.LayerName));
	}

	get(name: string): LayerRecord | undefined {
		return this.#records.get(name);
	}

	put(record: LayerRecord) {
		new Conf<LayerRecord>({projectName: 'lambdeck', cwd: path.join(this.#folder, record.LayerName), configName: 'layer', accessPropertiesByDotNotation: false, clearInvalidConfig: false}).store = record;
		this.#records.set(record.LayerName, structuredClone(record));
	}
}
