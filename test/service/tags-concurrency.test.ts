import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {ConcurrencyGate, minimumUnreservedOf} from '../../source/service/concurrency-gate.js';
import {temporaryFolder, zipOf} from '../helpers/functions.js';

const arn = 'arn:aws:lambda:us-east-1:000000000000:function:kept';

test('tags and concurrency > both survive a restart, an update and leave with the function', async () => {
	const dataDir = temporaryFolder();
	const settings = {sandbox: 'process' as const, accountConcurrency: 20};
	let client = await openLocalClient({dataDir, settings});
	await client.createFunction({FunctionName: 'kept', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipOf({'index.js': 'exports.handler = async () => 1;'})}, Tags: {team: 'a'}});
	client.service.tagsAndConcurrency.tagResource({Resource: arn, Tags: {stage: 'dev'}});
	client.service.tagsAndConcurrency.putFunctionConcurrency({FunctionName: 'kept', ReservedConcurrentExecutions: 4});
	await client.service.settleAll();
	await client.updateFunctionConfiguration({FunctionName: 'kept', MemorySize: 256});
	await client.service.settleAll();
	await client.close();

	client = await openLocalClient({dataDir, settings});
	try {
		assert.deepEqual(client.service.tagsAndConcurrency.listTags({Resource: arn}), {Tags: {team: 'a', stage: 'dev'}});
		assert.deepEqual(client.service.tagsAndConcurrency.getFunctionConcurrency({FunctionName: 'kept'}), {ReservedConcurrentExecutions: 4});
		assert.equal(client.service.getAccountSettings().AccountLimit.UnreservedConcurrentExecutions, 16, 'the reservation is taken from the account again after a restart');
		const got = client.service.getFunction({FunctionName: 'kept'});
		assert.equal(got.Configuration.MemorySize, 256);
		assert.deepEqual(got.Concurrency, {ReservedConcurrentExecutions: 4});
		await client.deleteFunction({FunctionName: 'kept'});
		assert.equal(client.service.getAccountSettings().AccountLimit.UnreservedConcurrentExecutions, 20, 'a deleted function gives its reservation back');
	} finally {
		await client.close();
		fs.rmSync(dataDir, {recursive: true, force: true});
	}
});

test('concurrency gate > reserved functions run up to their reservation; the others share only the unreserved part', () => {
	const gate = new ConcurrencyGate(4);
	gate.reserve('reserved', 2);
	assert.equal(gate.unreserved, 2);
	assert.equal(gate.enter('reserved'), undefined);
	assert.equal(gate.enter('reserved'), undefined);
	assert.equal(gate.enter('reserved'), 'ReservedFunctionConcurrentInvocationLimitExceeded');
	assert.equal(gate.enter('shared-a'), undefined);
	assert.equal(gate.enter('shared-b'), undefined);
	assert.equal(gate.enter('shared-a'), 'ConcurrentInvocationLimitExceeded', 'the reserved part is not theirs');
	gate.leave('reserved');
	assert.equal(gate.enter('shared-a'), 'ConcurrentInvocationLimitExceeded', 'an idle reservation stays reserved');
	assert.equal(gate.enter('reserved'), undefined);
	gate.leave('shared-b');
	assert.equal(gate.enter('shared-a'), undefined);
	assert.equal(gate.runningOf('shared-a'), 2);
});

test('concurrency gate > the minimum unreserved is a tenth of the account, as AWS keeps 100 of 1,000', () => {
	assert.equal(minimumUnreservedOf(1000), 100);
	assert.equal(minimumUnreservedOf(32), 4);
	assert.equal(minimumUnreservedOf(2), 1);
	const gate = new ConcurrencyGate(32);
	assert.doesNotThrow(() => gate.checkReservation('f', 28));
	assert.throws(() => gate.checkReservation('f', 29), {message: 'Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [4].'});
	gate.reserve('f', 28);
	assert.doesNotThrow(() => gate.checkReservation('f', 28), 'a function\'s own reservation is replaced, not added to');
	assert.throws(() => gate.checkReservation('g', 1));
});
