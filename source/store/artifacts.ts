import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import AdmZip from 'adm-zip';
import {invalidParameter, requestTooLarge} from '../core/errors.js';
import {limits} from '../core/limits.js';

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

const unzipFailed = (detail: string) =>
	invalidParameter(`Could not unzip uploaded file. Please check your file, then try to upload again. ${detail}`);

const fileType = (attr: number) => (attr >>> 16) & 0o170_000;

type Entry = {name: string; isDirectory: boolean; mode: number; read: (budget: number) => Buffer};

/**
Read a zip's entries and refuse what Lambda would not unpack safely: a corrupt archive, names that leave the folder, links, encrypted entries.
*/
const readEntries = (zip: Uint8Array): Entry[] => {
	let entries: AdmZip.IZipEntry[];
	try {
		entries = new AdmZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)).getEntries();
	} catch (error) {
		throw unzipFailed(`(${(error as Error).message.replace(/^ADM-ZIP: /, '')})`);
	}

	return entries.map(entry => {
		const name = entry.entryName;
		const normalized = path.posix.normalize(name.replaceAll('\\', '/'));
		if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || normalized.startsWith('../') || normalized === '..' || name.split(/[\\/]/).includes('..')) {
			throw unzipFailed(`The entry '${name}' would be written outside the function's folder.`);
		}

		if (fileType(entry.attr) === 0o120_000) {
			throw unzipFailed(`The entry '${name}' is a symbolic link, which lambdeck does not unpack.`);
		}

		if ((entry.header.flags & 1) === 1) {
			throw unzipFailed(`The entry '${name}' is encrypted.`);
		}

		const mode = (entry.attr >>> 16) & 0o777;
		return {
			name: normalized,
			isDirectory: entry.isDirectory,
			mode: mode === 0 ? 0o644 : mode,
			read(budget) {
				let raw: Buffer;
				try {
					raw = entry.getCompressedData();
				} catch {
					throw unzipFailed(`The entry '${name}' is corrupt.`);
				}

				let data: Buffer;
				if (entry.header.method === 0) {
					data = raw;
				} else if (entry.header.method === 8) {
					try {
						data = zlib.inflateRawSync(raw, {maxOutputLength: Math.max(1, budget + 1)});
					} catch (error) {
						if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
							throw invalidParameter(`Unzipped size must be smaller than ${limits.unzippedBytes} bytes`);
						}

						throw unzipFailed(`The entry '${name}' is corrupt.`);
					}
				} else {
					throw unzipFailed(`The entry '${name}' uses compression method ${entry.header.method}, which is not supported.`);
				}

				if (data.length > budget) {
					throw invalidParameter(`Unzipped size must be smaller than ${limits.unzippedBytes} bytes`);
				}

				if (zlib.crc32(data) !== entry.header.crc) {
					throw unzipFailed(`The entry '${name}' is corrupt (CRC mismatch).`);
				}

				return data;
			},
		};
	});
};

/**
Unpack a zip into a new folder, counting real bytes as they inflate so a zip bomb stops at the limit rather than when the disk fills.
*/
const unpack = (zip: Uint8Array, folder: string) => {
	const entries = readEntries(zip);
	let budget: number = limits.unzippedBytes;
	fs.mkdirSync(folder, {recursive: true});
	for (const entry of entries) {
		const target = path.join(folder, entry.name);
		if (entry.isDirectory) {
			fs.mkdirSync(target, {recursive: true});
			continue;
		}

		const data = entry.read(budget);
		budget -= data.length;
		fs.mkdirSync(path.dirname(target), {recursive: true});
		fs.writeFileSync(target, data, {mode: entry.mode});
		fs.chmodSync(target, entry.mode);
	}

	return limits.unzippedBytes - budget;
};

/**
Code storage: zips kept by SHA-256 under `code/`, each unpacked once into a folder beside it. Both are written under a temporary name and renamed, so a crash leaves no half artifact.
*/
export class ArtifactStore {
	readonly #folder: string;

	constructor(folder: string) {
		this.#folder = folder;
		fs.mkdirSync(folder, {recursive: true});
	}

	/**
	Validate and store a deployment package; a package already stored is not unpacked again.
	*/
	put(zip: Uint8Array): Artifact {
		if (zip.byteLength > limits.zippedBytes) {
			throw requestTooLarge(`Zipped size must be smaller than ${limits.zippedBytes} bytes`);
		}

		const digest = createHash('sha256').update(zip).digest();
		const sha256Hex = digest.toString('hex');
		const folder = this.folder(sha256Hex);
		const sizeFile = `${folder}.size`;
		if (!fs.existsSync(sizeFile)) {
			const temporary = `${folder}.${randomBytes(4).toString('hex')}.tmp`;
			try {
				const unzippedSize = unpack(zip, temporary);
				fs.rmSync(folder, {recursive: true, force: true});
				fs.renameSync(temporary, folder);
				fs.writeFileSync(`${folder}.zip.tmp`, zip);
				fs.renameSync(`${folder}.zip.tmp`, `${folder}.zip`);
				fs.writeFileSync(`${sizeFile}.tmp`, String(unzippedSize));
				fs.renameSync(`${sizeFile}.tmp`, sizeFile);
			} finally {
				fs.rmSync(temporary, {recursive: true, force: true});
			}
		}

		return {
			sha256: digest.toString('base64'),
			sha256Hex,
			codeSize: zip.byteLength,
			unzippedSize: Number(fs.readFileSync(sizeFile, 'utf8')),
			folder,
		};
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
	Remove packages no function refers to any more.
	*/
	prune(inUse: Set<string>) {
		for (const name of fs.readdirSync(this.#folder)) {
			const hex = name.split('.')[0]!;
			if (/^[\da-f]{64}$/.test(hex) && !inUse.has(hex)) {
				fs.rmSync(path.join(this.#folder, name), {recursive: true, force: true});
			}
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
