import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {invalidParameter, requestTooLarge} from '../core/errors.js';
import {limits} from '../core/limits.js';
import {UnzipThread} from './unzip-thread.js';

/**
A stored deployment package: its hashes, sizes and the folder it is unpacked into.
*/
export type Artifact = {
	sha256: string;
	sha256Hex: string;
	codeSize: number;
	unzippedSize: number;
	folder: string;
};

/**
Code storage: zips kept by SHA-256 under `code/`, each unpacked once into a folder beside it. Both are written under a temporary name and renamed, so a crash leaves no half artifact.

A package being stored is held until its caller has recorded it (`release`), and clean-up never removes a held package, so an update that finishes first cannot prune the code of a create still under way.
*/
export class ArtifactStore {
	readonly #folder: string;
	readonly #unzip = new UnzipThread();
	readonly #held = new Map<string, number>();
	readonly #unpacking = new Map<string, Promise<number>>();

	constructor(folder: string) {
		this.#folder = folder;
		fs.mkdirSync(folder, {recursive: true});
	}

	/**
	Validate and store a deployment package, unpacking it on a worker thread; a package already stored is not unpacked again. The package stays held, safe from `prune`, until `release(artifact.sha256Hex)`.
	*/
	async put(zip: Uint8Array): Promise<Artifact> {
		if (zip.byteLength > limits.zippedBytes) {
			throw requestTooLarge(`Zipped size must be smaller than ${limits.zippedBytes} bytes`);
		}

		const digest = Buffer.from(await crypto.subtle.digest('SHA-256', zip));
		const sha256Hex = digest.toString('hex');
		this.#held.set(sha256Hex, (this.#held.get(sha256Hex) ?? 0) + 1);
		try {
			const unzippedSize = await this.storedSize(sha256Hex) ?? await this.#unpackOnce(sha256Hex, zip);
			return {sha256: digest.toString('base64'), sha256Hex, codeSize: zip.byteLength, unzippedSize, folder: this.folder(sha256Hex)};
		} catch (error) {
			this.release(sha256Hex);
			throw error;
		}
	}

	/**
	Say that a package returned by `put` is recorded (or not wanted); clean-up may remove it from now on when nothing uses it.
	*/
	release(sha256Hex: string) {
		const count = (this.#held.get(sha256Hex) ?? 0) - 1;
		if (count > 0) {
			this.#held.set(sha256Hex, count);
		} else {
			this.#held.delete(sha256Hex);
		}
	}

	folder(sha256Hex: string) {
		return path.join(this.#folder, sha256Hex);
	}

	/**
	The zip bytes of a stored package, as GetFunction's download would give them.
	*/
	zipPath(sha256Hex: string) {
		return `${this.folder(sha256Hex)}.zip`;
	}

	/**
	Remove packages nothing refers to: neither `inUse` nor a package being stored. Each is first renamed aside in one step, so a package stored again meanwhile is never half removed, then deleted without blocking. With `leftovers`, for opening a data dir when nothing is under way, the temporary files of interrupted stores go too.
	*/
	async prune(inUse: Set<string>, {leftovers = false} = {}) {
		const doomed: string[] = [];
		for (const name of fs.readdirSync(this.#folder)) {
			const hex = name.split('.')[0]!;
			const isPackage = /^[\da-f]{64}$/.test(hex) && !name.endsWith('.tmp');
			const unused = isPackage && !inUse.has(hex) && !this.#held.has(hex);
			if (unused || (leftovers && !isPackage)) {
				const trash = path.join(this.#folder, `trash-${randomBytes(6).toString('hex')}`);
				fs.renameSync(path.join(this.#folder, name), trash);
				doomed.push(trash);
			}
		}

		await Promise.all(doomed.map(async trash => fsp.rm(trash, {recursive: true, force: true})));
	}

	/**
	Stop the unzip worker.
	*/
	async close() {
		await this.#unzip.close();
	}

	/**
	The unzipped size of a stored package, or undefined when it is not stored.
	*/
	async storedSize(sha256Hex: string) {
		try {
			return Number(await fsp.readFile(`${this.folder(sha256Hex)}.size`, 'utf8'));
		} catch {
			return undefined;
		}
	}

	async #unpackOnce(sha256Hex: string, zip: Uint8Array) {
		let unpacking = this.#unpacking.get(sha256Hex);
		if (!unpacking) {
			unpacking = this.#unpack(sha256Hex, zip).finally(() => {
				this.#unpacking.delete(sha256Hex);
			});
			this.#unpacking.set(sha256Hex, unpacking);
		}

		return unpacking;
	}

	async #unpack(sha256Hex: string, zip: Uint8Array) {
		const folder = this.folder(sha256Hex);
		const temporary = `${folder}.${randomBytes(4).toString('hex')}.tmp`;
		try {
			const unzippedSize = await this.#unzip.unpack(zip, temporary);
			await fsp.rm(folder, {recursive: true, force: true});
			await fsp.rename(temporary, folder);
			await fsp.writeFile(`${temporary}.zip`, zip);
			await fsp.rename(`${temporary}.zip`, `${folder}.zip`);
			await fsp.writeFile(`${temporary}.size`, String(unzippedSize));
			await fsp.rename(`${temporary}.size`, `${folder}.size`);
			return unzippedSize;
		} finally {
			await Promise.all([temporary, `${temporary}.zip`, `${temporary}.size`].map(async leftover => fsp.rm(leftover, {recursive: true, force: true})));
		}
	}
}

/**
Zip a folder as `zip -r` would, keeping file modes (a custom runtime's `bootstrap` must stay executable) and modification times, so an unchanged folder zips to the same bytes and the same CodeSha256. Links that point inside the folder are stored as the files they point to; links that leave it are refused.
*/
export const zipFolder = (folder: string): Buffer => {
	const root = fs.realpathSync(folder);
	if (!fs.statSync(root).isDirectory()) {
		throw invalidParameter(`The code folder ${folder} is not a folder.`);
	}

	const archive = new AdmZip();
	const walk = (relative: string) => {
		const items = fs.readdirSync(path.join(root, relative), {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name));
		for (const item of items) {
			if (relative === '' && item.name === '.git') {
				continue;
			}

			const entryName = relative ? `${relative}/${item.name}` : item.name;
			const absolute = path.join(root, entryName);
			const real = fs.realpathSync(absolute);
			if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
				throw invalidParameter(`The code folder has a link that leaves it: ${entryName} -> ${real}`);
			}

			const stats = fs.statSync(real);
			if (stats.isDirectory()) {
				walk(entryName);
			} else if (stats.isFile()) {
				const entry = archive.addFile(entryName, fs.readFileSync(real), '', stats.mode & 0o777) as unknown as AdmZip.IZipEntry;
				entry.header.time = stats.mtime;
			}
		}
	};

	walk('');
	return archive.toBuffer();
};
