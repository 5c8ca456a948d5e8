import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {test} from 'node:test';
import AdmZip from 'adm-zip';
import {LambdaError} from '../../source/core/errors.js';
import {codeSha256} from '../../source/core/format.js';
import {ArtifactStore, zipFolder} from '../../source/store/artifacts.js';
import {eventually, examplesFolder, temporaryFolder, zipOf} from '../helpers/functions.js';
import {buildZip} from './zip-builder.js';

const refuses = async (store: ArtifactStore, zip: Buffer, type: string, message: RegExp) => {
	await assert.rejects(store.put(zip), (error: unknown) => error instanceof LambdaError && error.type === type && message.test(error.message));
};

/**
Rename an entry in place: same length, so both the local header and the central directory stay valid. adm-zip itself will not write such names.
*/
const renameEntry = (zip: Buffer, from: string, to: string) => {
	assert.equal(from.length, to.length);
	return Buffer.from(zip.toString('latin1').replaceAll(from, to), 'latin1');
};

test('artifacts > stores a zip by SHA-256, unpacks it once and keeps file modes', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	const zip = zipOf({'bootstrap': '#!/bin/sh\n', 'lib/a.js': 'x'}, {bootstrap: 0o755});
	const artifact = await store.put(zip);
	assert.match(artifact.sha256, /^[A-Za-z\d+/]{43}=$/);
	assert.equal(fs.statSync(path.join(artifact.folder, 'bootstrap')).mode & 0o777, 0o755);
	assert.equal(fs.readFileSync(path.join(artifact.folder, 'lib/a.js'), 'utf8'), 'x');
	assert.deepEqual(await store.put(zip), artifact);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > refuses an entry that climbs out with ../ and writes nothing', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(path.join(folder, 'code'));
	const zip = renameEntry(zipOf({'xx/evil.js': 'pwned'}), 'xx/evil.js', '../evil.js');
	await refuses(store, zip, 'InvalidParameterValueException', /^Could not unzip uploaded file\. Please check your file, then try to upload again\. The entry '\.\.\/evil\.js' would be written outside/);
	assert.equal(fs.existsSync(path.join(folder, 'evil.js')), false);
	assert.deepEqual(fs.readdirSync(path.join(folder, 'code')), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > refuses absolute paths and symbolic links', async () => {
	const store = new ArtifactStore(temporaryFolder());
	await refuses(store, renameEntry(zipOf({'etc/passwdx': 'x'}), 'etc/passwdx', '/etc/passwd'), 'InvalidParameterValueException', /would be written outside/);
	const linked = new AdmZip();
	linked.addFile('link', Buffer.from('/etc/passwd'));
	linked.getEntries()[0]!.attr = (0o120_777 << 16) >>> 0;
	await refuses(store, linked.toBuffer(), 'InvalidParameterValueException', /is a symbolic link/);
});

test('artifacts > refuses a corrupt zip in Lambda\'s words', async () => {
	const store = new ArtifactStore(temporaryFolder());
	await refuses(store, Buffer.from('this is not a zip'), 'InvalidParameterValueException', /^Could not unzip uploaded file\. Please check your file, then try to upload again\./);
	const zip = zipOf({'index.js': 'x'.repeat(5000)});
	const truncated = zip.subarray(0, zip.length - 30);
	await refuses(store, truncated, 'InvalidParameterValueException', /^Could not unzip uploaded file/);
});

test('artifacts > refuses a zip over 50 MB zipped', async () => {
	const store = new ArtifactStore(temporaryFolder());
	await refuses(store, Buffer.alloc(52_428_801), 'RequestEntityTooLargeException', /^Zipped size must be smaller than 52428800 bytes$/);
});

test('artifacts > stops a zip bomb at 250 MB unpacked, whatever its headers claim', async () => {
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
	await refuses(store, rebuilt, 'InvalidParameterValueException', /^Unzipped size must be smaller than 262144000 bytes$/);
	assert.deepEqual(fs.readdirSync(folder), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > a folder zips with its files\' modification times, so an unchanged folder gives the same CodeSha256', () => {
	const folder = temporaryFolder('lambdeck-code-');
	fs.cpSync(`${examplesFolder}/hello-node`, folder, {recursive: true});
	const setTimes = (time: Date) => {
		for (const name of fs.readdirSync(folder, {recursive: true}) as string[]) {
			fs.utimesSync(path.join(folder, name), time, time);
		}
	};

	const past = new Date('2020-02-02T02:02:02Z');
	setTimes(past);
	const first = zipFolder(folder);
	assert.equal(new AdmZip(first).getEntries()[0]!.header.time.getTime(), past.getTime());
	assert.equal(codeSha256(zipFolder(folder)), codeSha256(first));
	setTimes(new Date(past.getTime() + 4000));
	assert.notEqual(codeSha256(zipFolder(folder)), codeSha256(first));
	fs.rmSync(folder, {recursive: true});
});

const couldNotUnzip = /^Could not unzip uploaded file\. Please check your file, then try to upload again\. /;

test('artifacts > a file and a folder of the same name are refused in Lambda\'s words, in either order', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	for (const entries of [[{name: 'lib', data: 'x'}, {name: 'lib/a.js', data: 'y'}], [{name: 'lib/a.js', data: 'y'}, {name: 'lib', data: 'x'}], [{name: 'lib/'}, {name: 'lib', data: 'x'}]]) {
		await refuses(store, buildZip(entries), 'InvalidParameterValueException', new RegExp(`${couldNotUnzip.source}.*'lib'`));
	}

	assert.deepEqual(fs.readdirSync(folder), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > an entry named . is refused, a 300-character name is refused, a NUL byte in a name is refused', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	await refuses(store, buildZip([{name: 'index.js', data: 'x'}, {name: '.', data: 'x'}]), 'InvalidParameterValueException', new RegExp(`${couldNotUnzip.source}The entry '\\.' is a file named like the function's folder itself\\.$`));
	await refuses(store, buildZip([{name: `${'a'.repeat(300)}.js`, data: 'x'}]), 'InvalidParameterValueException', new RegExp(`${couldNotUnzip.source}The entry 'a{77}\\.\\.\\.' has a name longer than 255 bytes\\.$`));
	await refuses(store, buildZip([{name: 'in\0dex.js', data: 'x'}]), 'InvalidParameterValueException', new RegExp(`${couldNotUnzip.source}The entry 'in\\\\u0000dex\\.js' has a NUL byte in its name\\.$`));
	assert.deepEqual(fs.readdirSync(folder), []);
	fs.rmSync(folder, {recursive: true});
});

test('artifacts > an empty zip is refused as Lambda refuses it', async () => {
	const store = new ArtifactStore(temporaryFolder());
	await refuses(store, buildZip([]), 'InvalidParameterValueException', /^Uploaded file must be a non-empty zip$/);
});

test('artifacts > a directory entry ./ and a name with 255 bytes are unpacked', async () => {
	const store = new ArtifactStore(temporaryFolder());
	const long = `${'b'.repeat(252)}.js`;
	const artifact = await store.put(buildZip([{name: './'}, {name: long, data: 'ok'}]));
	assert.equal(fs.readFileSync(path.join(artifact.folder, long), 'utf8'), 'ok');
});

test('artifacts > a zip of 40,000 entries unpacks off the main thread: the event loop keeps running meanwhile', async () => {
	const store = new ArtifactStore(temporaryFolder());
	const count = 40_000;
	const zip = buildZip((function * () {
		for (let index = 0; index < count; index++) {
			yield {name: `d${index % 500}/f${index}`, data: ''};
		}
	})());
	let ticks = 0;
	const timer = setInterval(() => {
		ticks++;
	}, 5);
	const storing = store.put(zip);
	const heapBefore = process.memoryUsage().heapUsed;
	const artifact = await storing;
	clearInterval(timer);
	// A synchronous unpack of this zip took seconds; even on a loaded machine the timer fires many times while a worker does it.
	assert.ok(ticks >= 20, `the timer fired ${ticks} times`);
	assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024);
	assert.equal(artifact.unzippedSize, 0);
	assert.equal(fs.readdirSync(path.join(artifact.folder, 'd7')).length, count / 500);
	await store.prune(new Set());
	await store.close();
});

test('artifacts > clean-up never removes a package being stored, and removes it once released unused', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	const kept = await store.put(zipOf({'index.js': 'kept'}));
	const zip = buildZip(Array.from({length: 20_000}, (_, index) => ({name: index ? `f${index}` : 'index.js', data: index ? '' : 'in flight'})));
	const storing = store.put(zip);
	assert.ok(await eventually(() => fs.readdirSync(folder).some(name => name.endsWith('.tmp')), 400, 5), 'the package is being unpacked');
	await store.prune(new Set([kept.sha256Hex]));
	const inFlight = await storing;
	await store.prune(new Set([kept.sha256Hex]));
	assert.equal(fs.readFileSync(path.join(inFlight.folder, 'index.js'), 'utf8'), 'in flight');
	store.release(inFlight.sha256Hex);
	await store.prune(new Set([kept.sha256Hex]));
	assert.equal(fs.existsSync(inFlight.folder), false);
	assert.deepEqual(fs.readdirSync(folder).sort(), [kept.sha256Hex, `${kept.sha256Hex}.size`, `${kept.sha256Hex}.zip`]);
});

test('artifacts > clean-up at open removes what interrupted stores left behind', async () => {
	const folder = temporaryFolder();
	const store = new ArtifactStore(folder);
	const kept = await store.put(zipOf({'index.js': 'kept'}));
	store.release(kept.sha256Hex);
	fs.mkdirSync(path.join(folder, `${'a'.repeat(64)}.1234abcd.tmp`));
	fs.writeFileSync(path.join(folder, `${'b'.repeat(64)}.zip`), 'orphan');
	fs.mkdirSync(path.join(folder, 'trash-0123456789ab'));
	await new ArtifactStore(folder).prune(new Set([kept.sha256Hex]), {leftovers: true});
	assert.deepEqual(fs.readdirSync(folder).sort(), [kept.sha256Hex, `${kept.sha256Hex}.size`, `${kept.sha256Hex}.zip`]);
});
