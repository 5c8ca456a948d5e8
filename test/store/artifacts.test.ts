import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {test} from 'node:test';
import AdmZip from 'adm-zip';
import {LambdaError} from '../../source/core/errors.js';
import {codeSha256} from '../../source/core/format.js';
import {ArtifactStore, zipFolder} from '../../source/store/artifacts.js';
import {examplesFolder, temporaryFolder, zipOf} from '../helpers/functions.js';

const refuses = (store: ArtifactStore, zip: Buffer, type: string, message: RegExp) => {
	assert.throws(() => store.put(zip), (error: unknown) => error instanceof LambdaError && error.type === type && message.test(error.message));
};

/**
Rename an entry in place: same length, so both the local header and the central directory stay valid. adm-zip itself will not write such names.
*/
const renameEntry = (zip: Buffer, from: string, to: string) => {
	assert.equal(from.length, to.length);
	return Buffer.from(zip.toString('latin1').replaceAll(from, to), 'latin1');
};

test('artifacts > stores a zip by SHA-256, unpacks it once and keeps file modes', () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	const zip = zipOf({'bootstrap': '#!/bin/sh\n', 'lib/a.js': 'x'}, {bootstrap: 0o755});
	const artifact = store.put(zip);
	assert.match(artifact.sha256, /^[A-Za-z\d+/]{43}=$/);
	assert.equal(fs.statSync(path.join(artifact.folder, 'bootstrap')).mode & 0o777, 0o755);
	assert.equal(fs.readFileSync(path.join(artifact.folder, 'lib/a.js'), 'utf8'), 'x');
	assert.deepEqual(store.put(zip), artifact);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > refuses an entry that climbs out with ../ and writes nothing', () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(path.join(folder, 'code'));
	const zip = renameEntry(zipOf({'xx/evil.js': 'pwned'}), 'xx/evil.js', '../evil.js');
	refuses(store, zip, 'InvalidParameterValueException', /^Could not unzip uploaded file\. Please check your file, then try to upload again\. The entry '\.\.\/evil\.js' would be written outside/);
	assert.equal(fs.existsSync(path.join(folder, 'evil.js')), false);
	assert.deepEqual(fs.readdirSync(path.join(folder, 'code')), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > refuses absolute paths and symbolic links', () => {
	const store = new ArtifactStore(temporaryFolder());
	refuses(store, renameEntry(zipOf({'etc/passwdx': 'x'}), 'etc/passwdx', '/etc/passwd'), 'InvalidParameterValueException', /would be written outside/);
	const linked = new AdmZip();
	linked.addFile('link', Buffer.from('/etc/passwd'));
	linked.getEntries()[0]!.attr = (0o120_777 << 16) >>> 0;
	refuses(store, linked.toBuffer(), 'InvalidParameterValueException', /is a symbolic link/);
});

test('artifacts > refuses a corrupt zip in Lambda\'s words', () => {
	const store = new ArtifactStore(temporaryFolder());
	refuses(store, Buffer.from('this is not a zip'), 'InvalidParameterValueException', /^Could not unzip uploaded file\. Please check your file, then try to upload again\./);
	const zip = zipOf({'index.js': 'x'.repeat(5000)});
	const truncated = zip.subarray(0, zip.length - 30);
	refuses(store, truncated, 'InvalidParameterValueException', /^Could not unzip uploaded file/);
});

test('artifacts > refuses a zip over 50 MB zipped', () => {
	const store = new ArtifactStore(temporaryFolder());
	refuses(store, Buffer.alloc(52_428_801), 'RequestEntityTooLargeException', /^Zipped size must be smaller than 52428800 bytes$/);
});

test('artifacts > stops a zip bomb at 250 MB unpacked, whatever its headers claim', () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	const bomb = zlib.deflateRawSync(Buffer.alloc(270 * 1024 * 1024), {level: 9});
	// A zip whose one entry claims 16 bytes but inflates to 270 MB.
	const forged = new AdmZip();
	forged.addFile('bomb.bin', Buffer.alloc(16));
	const bombZip = forged.toBuffer();
	const local = bombZip.indexOf(Buffer.from('bomb.bin'));
	const headerStart = bombZip.lastIndexOf(Buffer.from([0x50, 0x4B, 0x03, 0x04]), local);
	const dataStart = local + 'bomb.bin'.length + bombZip.readUInt16LE(headerStart + 28);
	const compressedSize = bombZip.readUInt32LE(headerStart + 18);
	const rebuilt = Buffer.concat([bombZip.subarray(0, dataStart), bomb, bombZip.subarray(dataStart + compressedSize)]);
	rebuilt.writeUInt16LE(8, headerStart + 8);
	rebuilt.writeUInt32LE(bomb.length, headerStart + 18);
	const central = rebuilt.indexOf(Buffer.from([0x50, 0x4B, 0x01, 0x02]));
	rebuilt.writeUInt16LE(8, central + 10);
	rebuilt.writeUInt32LE(bomb.length, central + 20);
	const end = rebuilt.indexOf(Buffer.from([0x50, 0x4B, 0x05, 0x06]));
	rebuilt.writeUInt32LE(central, end + 16);
	refuses(store, rebuilt, 'InvalidParameterValueException', /^Unzipped size must be smaller than 262144000 bytes$/);
	assert.deepEqual(fs.readdirSync(folder), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > an unchanged folder zips to the same CodeSha256', async () => {
	const first = codeSha256(zipFolder(`${examplesFolder}/hello-node`));
	await new Promise(resolve => setTimeout(resolve, 1100));
	assert.equal(codeSha256(zipFolder(`${examplesFolder}/hello-node`)), first);
});
