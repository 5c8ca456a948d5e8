import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {Registry} from '../../source/store/registry.js';
import {openTestService, temporaryFolder} from '../helpers/functions.js';

test('registry > a function folder without a complete record is not a function', () => {
	const folder = temporaryFolder();
	fs.mkdirSync(path.join(folder, 'ghost'));
	fs.writeFileSync(path.join(folder, 'ghost', 'function.json.tmp-123'), '{"configuration":');
	fs.mkdirSync(path.join(folder, 'other'));
	fs.writeFileSync(path.join(folder, 'other', 'function.json'), JSON.stringify({configuration: {FunctionName: 'mismatch'}, extras: {}}));
	assert.equal(new Registry(folder).size, 0);
	fs.rmSync(folder, {recursive: true});
});

test('registry > a record is written whole and read back the same', async () => {
	const service = await openTestService();
	const created = await service.create('kept', {'index.js': 'exports.handler = async () => 1;'}, {Description: 'keep me'});
	const registry = new Registry(path.join(service.dataDir, 'functions'));
	const record = registry.get('kept')!;
	assert.equal(record.configuration.Description, 'keep me');
	assert.equal(record.configuration.CodeSha256, created.CodeSha256);
	assert.deepEqual(fs.readdirSync(path.join(service.dataDir, 'functions', 'kept')).filter(name => name.includes('tmp')), []);
	await service.dispose();
});
