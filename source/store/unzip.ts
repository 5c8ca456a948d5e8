import fs from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {once} from 'node:events';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import {invalidParameter} from '../core/errors.js';
import {limits} from '../core/limits.js';

/**
Lambda's refusal of a package it cannot unpack, with what lambdeck found wrong.
*/
export const unzipFailed = (detail?: string) =>
	invalidParameter(`Could not unzip uploaded file. Please check your file, then try to upload again.${detail ? ` ${detail}` : ''}`);

const tooLarge = () => invalidParameter(`Unzipped size must be smaller than ${limits.unzippedBytes} bytes`);

/**
A name as it can be shown in a message: control characters (a NUL byte, say) are escaped, and a long name is cut.
*/
const shown = (name: string) => {
	const escaped = name.replaceAll(/[\u0000-\u001F\u007F]/g, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
	return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped;
};

const fileType = (attributes: number) => (attributes >>> 16) & 0o170_000;
const nameBytesMax = 255;
const pathBytesMax = 4095;
const bufferedBytesMax = 1024 * 1024;

const openZip = async (zip: Buffer) => new Promise<yauzl.ZipFile>((resolve, reject) => {
	yauzl.fromBuffer(zip, {lazyEntries: true, decodeStrings: true, strictFileNames: false, validateEntrySizes: false}, (error, zipFile) => {
		if (error) {
			// Not a zip at all: Lambda's message, word for word.
			reject(unzipFailed());
		} else {
			resolve(zipFile);
		}
	});
});

const openStream = async (zipFile: yauzl.ZipFile, entry: yauzl.Entry, name: string) => new Promise<Readable>((resolve, reject) => {
	zipFile.openReadStream(entry, (error, stream) => {
		if (error) {
			reject(/unsupported compression method/.test(error.message)
				? unzipFailed(`The entry '${shown(name)}' uses compression method ${entry.compressionMethod}, which is not supported.`)
				: unzipFailed(`The entry '${shown(name)}' is corrupt.`));
		} else {
			resolve(stream);
		}
	});
});

/**
The entries of a zip, one at a time as the central directory is read, so memory does not grow with the number of entries.
*/
async function * entriesOf(zipFile: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
	let failure: Error | undefined;
	let ended = false;
	zipFile.on('error', (error: Error) => {
		failure = error;
	});
	zipFile.on('end', () => {
		ended = true;
	});
	while (true) {
		const next = new Promise<yauzl.Entry | undefined>(resolve => {
			const onEntry = (entry: yauzl.Entry) => {
				cleanUp();
				resolve(entry);
			};

			const onDone = () => {
				cleanUp();
				resolve(undefined);
			};

			const cleanUp = () => {
				zipFile.off('entry', onEntry);
				zipFile.off('end', onDone);
				zipFile.off('error', onDone);
			};

			zipFile.on('entry', onEntry);
			zipFile.on('end', onDone);
			zipFile.on('error', onDone);
		});
		zipFile.readEntry();
		const entry = await next;
		if (failure) {
			const message = failure.message;
			throw /^(absolute path|invalid relative path)/.test(message)
				? unzipFailed(`The entry '${shown(message.replace(/^[^:]*: /, ''))}' would be written outside the function's folder.`)
				: unzipFailed(`(${message})`);
		}

		if (!entry || ended) {
			return;
		}

		yield entry;
	}
}

/**
Check one entry's name and say where it goes, refusing what cannot be unpacked safely or faithfully: names that leave the folder, NUL bytes, names too long for the file system, a file where a folder must be (or the reverse), the folder itself as a file.
*/
const placeEntry = (name: string, isDirectory: boolean, kinds: Map<string, 'file' | 'folder'>) => {
	if (name.includes('\0')) {
		throw unzipFailed(`The entry '${shown(name)}' has a NUL byte in its name.`);
	}

	const normalized = path.posix.normalize(name).replace(/\/+$/, '');
	if (normalized.startsWith('../') || normalized === '..' || path.posix.isAbsolute(normalized)) {
		throw unzipFailed(`The entry '${shown(name)}' would be written outside the function's folder.`);
	}

	if (normalized === '.' || normalized === '') {
		if (isDirectory) {
			return undefined;
		}

		throw unzipFailed(`The entry '${shown(name)}' is a file named like the function's folder itself.`);
	}

	const parts = normalized.split('/');
	if (parts.some(part => Buffer.byteLength(part) > nameBytesMax) || Buffer.byteLength(normalized) > pathBytesMax) {
		throw unzipFailed(`The entry '${shown(name)}' has a name longer than ${nameBytesMax} bytes.`);
	}

	for (let depth = 1; depth < parts.length; depth++) {
		const parent = parts.slice(0, depth).join('/');
		if (kinds.get(parent) === 'file') {
			throw unzipFailed(`The entry '${shown(name)}' needs a folder '${shown(parent)}', but the zip also has a file of that name.`);
		}

		kinds.set(parent, 'folder');
	}

	const kind = isDirectory ? 'folder' : 'file';
	const seen = kinds.get(normalized);
	if (seen && seen !== kind) {
		throw unzipFailed(`The zip has both a file and a folder named '${shown(normalized)}'.`);
	}

	kinds.set(normalized, kind);
	return normalized;
};

/**
Inflate one entry into `target`, counting real bytes against the budget as they come and checking the CRC. Small files are written at once; large ones stream, so memory stays bounded whatever the entry claims.
*/
const writeEntry = async (stream: Readable, target: string, mode: number, name: string, entry: yauzl.Entry, budget: number) => {
	let size = 0;
	let crc = 0;
	const buffered: Buffer[] = [];
	let output: fs.WriteStream | undefined;
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			size += chunk.length;
			if (size > budget) {
				throw tooLarge();
			}

			crc = zlib.crc32(chunk, crc);
			if (output) {
				if (!output.write(chunk)) {
					await once(output, 'drain');
				}
			} else {
				buffered.push(chunk);
				if (size > bufferedBytesMax) {
					output = fs.createWriteStream(target, {mode});
					for (const part of buffered.splice(0)) {
						output.write(part);
					}
				}
			}
		}
	} catch (error) {
		stream.destroy();
		output?.destroy();
		throw (error as Error).name === 'LambdaError' ? error : unzipFailed(`The entry '${shown(name)}' is corrupt.`);
	}

	if (output) {
		output.end();
		await once(output, 'close');
	} else {
		fs.writeFileSync(target, Buffer.concat(buffered), {mode});
	}

	if (crc !== entry.crc32 || size !== entry.uncompressedSize) {
		throw unzipFailed(`The entry '${shown(name)}' is corrupt (CRC mismatch).`);
	}

	fs.chmodSync(target, mode);
	return size;
};

/**
Unpack a zip into `folder` (which must not exist yet) and return its unzipped size. Entries are read lazily and inflated as streams; real bytes are counted as they inflate, so a zip bomb stops at Lambda's limit rather than when the disk fills. On any failure the caller removes the folder, so nothing is kept.
*/
export const unpackZip = async (zip: Buffer, folder: string) => {
	const zipFile = await openZip(zip);
	if (zipFile.entryCount === 0) {
		zipFile.close();
		throw invalidParameter('Uploaded file must be a non-empty zip');
	}

	const kinds = new Map<string, 'file' | 'folder'>();
	let budget: number = limits.unzippedBytes;
	fs.mkdirSync(folder, {recursive: true});
	try {
		for await (const entry of entriesOf(zipFile)) {
			const name = entry.fileName;
			const isDirectory = name.endsWith('/');
			const relative = placeEntry(name, isDirectory, kinds);
			if ((entry.generalPurposeBitFlag & 1) === 1) {
				throw unzipFailed(`The entry '${shown(name)}' is encrypted.`);
			}

			if (fileType(entry.externalFileAttributes) === 0o120_000) {
				throw unzipFailed(`The entry '${shown(name)}' is a symbolic link, which lambdeck does not unpack.`);
			}

			if (relative === undefined) {
				continue;
			}

			const target = path.join(folder, relative);
			if (isDirectory) {
				fs.mkdirSync(target, {recursive: true});
				continue;
			}

			const mode = (entry.externalFileAttributes >>> 16) & 0o777;
			fs.mkdirSync(path.dirname(target), {recursive: true});
			budget -= await writeEntry(await openStream(zipFile, entry, name), target, mode === 0 ? 0o644 : mode, name, entry, budget);
		}
	} finally {
		zipFile.close();
	}

	return limits.unzippedBytes - budget;
};
