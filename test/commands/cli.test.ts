import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {examplesFolder, temporaryFolder, zipOf} from '../helpers/functions.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
let home: string;

const lambdeck = async (...args: string[]) => execa(process.execPath, [cli, ...args], {env: {LAMBDECK_HOME: home}, reject: false, cwd: home});

before(() => {
	assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: npm test builds it first');
	home = temporaryFolder();
});

after(() => {
	fs.rmSync(home, {recursive: true, force: true});
});

test('cli > create-function from a folder, invoke to an outfile, and read the log', async () => {
	const created = await lambdeck('create-function', '--function-name', 'hello', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`, '--memory-size', '256', '--environment', 'Variables={STAGE=dev,OWNER=ops}');
	assert.equal(created.exitCode, 0, created.stderr);
	const configuration = JSON.parse(created.stdout);
	assert.equal(configuration.FunctionName, 'hello');
	assert.equal(configuration.MemorySize, 256);
	assert.deepEqual(configuration.Environment, {Variables: {STAGE: 'dev', OWNER: 'ops'}});
	assert.match(created.stdout, /^\{\n {4}"FunctionName"/);
	const invoked = await lambdeck('invoke', '--function-name', 'hello', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"name":"CLI"}', '--log-type', 'Tail', 'out.json');
	assert.equal(invoked.exitCode, 0, invoked.stderr);
	const metadata = JSON.parse(invoked.stdout);
	assert.equal(metadata.StatusCode, 200);
	assert.equal(metadata.ExecutedVersion, '$LATEST');
	assert.match(Buffer.from(metadata.LogResult, 'base64').toString(), /REPORT RequestId: .*Memory Size: 256 MB/);
	assert.equal(JSON.parse(fs.readFileSync(path.join(home, 'out.json'), 'utf8')).message, 'Hello, CLI!');
	const logs = await lambdeck('logs', 'hello');
	assert.equal(logs.exitCode, 0, logs.stderr);
	assert.match(logs.stdout, /^\S+Z \d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][\da-f]{32} START RequestId/m);
	assert.match(logs.stdout, /INFO\tevent \{"name":"CLI"\}/);
});

test('cli > get-function, update-function-configuration and list-functions print the API\'s JSON', async () => {
	fs.writeFileSync(path.join(home, 'f.zip'), zipOf({'index.js': 'exports.handler = async () => 1;'}));
	assert.equal((await lambdeck('create-function', '--function-name', 'zipped', '--runtime', 'nodejs22.x', '--handler', 'index.handler', '--zip-file', 'fileb://f.zip')).exitCode, 0);
	const got = JSON.parse((await lambdeck('get-function', '--function-name', 'zipped')).stdout);
	assert.equal(got.Configuration.State, 'Active');
	const updated = await lambdeck('update-function-configuration', '--function-name', 'zipped', '--timeout', '30', '--environment', '{"Variables":{"MODE":"json"}}');
	assert.equal(JSON.parse(updated.stdout).Timeout, 30);
	const listed = JSON.parse((await lambdeck('list-functions')).stdout);
	assert.ok(listed.Functions.some((configuration: {FunctionName: string}) => configuration.FunctionName === 'zipped'));
	const deleted = await lambdeck('delete-function', '--function-name', 'zipped');
	assert.equal(deleted.exitCode, 0);
	assert.equal(deleted.stdout, '');
});

test('cli > errors go to stderr in the AWS CLI\'s form with a non-zero exit', async () => {
	const missing = await lambdeck('get-function', '--function-name', 'nope');
	assert.equal(missing.exitCode, 254);
	assert.equal(missing.stdout, '');
	assert.equal(missing.stderr.trim(), 'An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
	const badTimeout = await lambdeck('create-function', '--function-name', 'x1', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`, '--timeout', '901');
	assert.match(badTimeout.stderr, /An error occurred \(ValidationException\) when calling the CreateFunction operation: 1 validation error detected: Value '901' at 'timeout'/);
	fs.writeFileSync(path.join(home, 'bad.zip'), 'not a zip');
	const badZip = await lambdeck('create-function', '--function-name', 'x2', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--zip-file', 'fileb://bad.zip');
	assert.equal(badZip.exitCode, 252, 'the AWS CLI refuses a --zip-file that is no zip before sending it');
	assert.match(badZip.stderr, /--zip-file must be a zip file with the fileb:\/\/ prefix/);
	assert.equal((await lambdeck('get-function', '--function-name', 'x2')).exitCode, 254, 'nothing was written for the bad zip');
	const usage = await lambdeck('invoke', '--function-name', 'hello');
	assert.equal(usage.exitCode, 252);
	assert.match(usage.stderr, /the following arguments are required: outfile/);
	const unknown = await lambdeck('get-function', '--bogus');
	assert.equal(unknown.exitCode, 252);
});

test('cli > --help and --version work', async () => {
	const help = await lambdeck('--help');
	assert.equal(help.exitCode, 0);
	assert.match(help.stdout, /create-function/);
	assert.match(help.stdout, /logs NAME/);
	const version = await lambdeck('--version');
	assert.match(version.stdout, /^lambdeck \d+\.\d+\.\d+$/m);
	for (const line of help.stdout.split('\n').filter(line => /^ {2}[a-z]/.test(line))) {
		assert.match(line, /^ {2}\S+(?: \S+)? {2,}\S/, `a verb and its summary stay apart: ${line}`);
	}
});

test('cli > serve, logs and watch answer --help and refuse unknown options as usage errors, without a stack trace', async () => {
	for (const verb of ['serve', 'logs', 'watch']) {
		const help = await lambdeck(verb, '--help');
		assert.equal(help.exitCode, 0, help.stderr);
		assert.match(help.stdout, new RegExp(`^SYNOPSIS\n {2}lambdeck ${verb} `, 'm'));
		const bad = await lambdeck(verb, '--bogus', 'x');
		assert.equal(bad.exitCode, 252);
		assert.match(bad.stderr, /lambdeck: error: Unknown option '--bogus'/);
		assert.doesNotMatch(bad.stderr, /\n\s+at /);
	}

	assert.match((await lambdeck('logs', 'help')).stdout, /^logs: /);
	const missing = await lambdeck('logs', 'no-such-function');
	assert.equal(missing.exitCode, 254);
	assert.match(missing.stderr, /An error occurred \(ResourceNotFoundException\) when calling the FilterLogEvents operation: /);
});

test('cli > logs --follow tails lines as another process writes them', async () => {
	assert.equal((await lambdeck('create-function', '--function-name', 'followed', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`)).exitCode, 0);
	assert.equal((await lambdeck('invoke', '--function-name', 'followed', 'o.json')).exitCode, 0);
	const follower = execa(process.execPath, [cli, 'logs', 'followed', '--follow'], {env: {LAMBDECK_HOME: home}, reject: false});
	let seen = '';
	follower.stdout.on('data', (chunk: Buffer) => {
		seen += chunk.toString();
	});
	// The follower prints the recent backlog (the first invoke, up to its REPORT) before it starts following.
	for (let attempt = 0; attempt < 100 && !seen.includes('REPORT RequestId'); attempt++) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	const before = (seen.match(/START RequestId/g) ?? []).length;
	assert.equal(before, 1, seen);
	assert.equal((await lambdeck('invoke', '--function-name', 'followed', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"name":"tail"}', 'o.json')).exitCode, 0);
	for (let attempt = 0; attempt < 40 && !seen.includes('"name":"tail"'); attempt++) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	follower.kill('SIGINT');
	await follower;
	assert.match(seen, /"name":"tail"/);
	assert.equal((seen.match(/START RequestId/g) ?? []).length, before + 1);
});

test('cli > values the AWS CLI refuses before sending are refused the same way, exit 252', async () => {
	const refused = await lambdeck('update-function-configuration', '--function-name', 'hello', '--timeout', '0', '--memory-size', '64');
	assert.equal(refused.exitCode, 252);
	assert.equal(refused.stderr, '\nParameter validation failed:\nInvalid value for parameter Timeout, value: 0, valid min value: 1\nInvalid value for parameter MemorySize, value: 64, valid min value: 128');
	const empty = await lambdeck('get-function', '--function-name', '');
	assert.equal(empty.exitCode, 252);
	assert.match(empty.stderr, /Invalid length for parameter FunctionName, value: 0, valid min length: 1/);
});

test('cli > verbs for the other operations take their flags from AWS\'s model: tags, concurrency, account settings', async () => {
	assert.equal((await lambdeck('create-function', '--function-name', 'tagged', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`)).exitCode, 0);
	const arn = 'arn:aws:lambda:us-east-1:000000000000:function:tagged';
	assert.equal((await lambdeck('tag-resource', '--resource', arn, '--tags', 'team=ops,stage=dev')).exitCode, 0);
	assert.equal((await lambdeck('untag-resource', '--resource', arn, '--tag-keys', 'stage')).exitCode, 0);
	assert.deepEqual(JSON.parse((await lambdeck('list-tags', '--resource', arn)).stdout), {Tags: {team: 'ops'}});
	assert.deepEqual(JSON.parse((await lambdeck('put-function-concurrency', '--function-name', 'tagged', '--reserved-concurrent-executions', '1')).stdout), {ReservedConcurrentExecutions: 1});
	const settings = JSON.parse((await lambdeck('get-account-settings')).stdout) as {AccountLimit: {ConcurrentExecutions: number; UnreservedConcurrentExecutions: number}};
	assert.equal(settings.AccountLimit.UnreservedConcurrentExecutions, settings.AccountLimit.ConcurrentExecutions - 1);
	const bad = await lambdeck('put-function-concurrency', '--function-name', 'tagged', '--reserved-concurrent-executions', 'x');
	assert.equal(bad.exitCode, 255);
	assert.equal(bad.stderr, '\ninvalid literal for int() with base 10: \'x\'');
});

test('cli > list-functions pages as the AWS CLI does: --max-items gives a NextToken that --starting-token resumes from', async () => {
	for (const name of ['paged-a', 'paged-b', 'paged-c']) {
		assert.equal((await lambdeck('create-function', '--function-name', name, '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`)).exitCode, 0);
	}

	const names = (stdout: string) => (JSON.parse(stdout) as {Functions: Array<{FunctionName: string}>}).Functions.map(item => item.FunctionName).filter(name => name.startsWith('paged-'));
	const all = await lambdeck('list-functions', '--page-size', '1');
	assert.deepEqual(names(all.stdout), ['paged-a', 'paged-b', 'paged-c'], 'every page is followed, one item a call');
	const allNames = (JSON.parse(all.stdout) as {Functions: Array<{FunctionName: string}>}).Functions.map(item => item.FunctionName);
	const total = allNames.length;
	const first = JSON.parse((await lambdeck('list-functions', '--max-items', String(total - 1), '--page-size', '2')).stdout) as {Functions: unknown[]; NextToken: string};
	assert.equal(first.Functions.length, total - 1);
	assert.match(Buffer.from(first.NextToken, 'base64').toString(), /^\{(?:"Marker": "[^"]+"|"boto_truncate_amount": \d+|, )+\}$/, 'botocore\'s token: the JSON of the marker and what of its page was shown');
	const rest = JSON.parse((await lambdeck('list-functions', '--starting-token', first.NextToken)).stdout) as {Functions: Array<{FunctionName: string}>; NextToken?: string};
	assert.equal(rest.Functions.length, 1);
	assert.equal(rest.NextToken, undefined);
	assert.equal(rest.Functions[0]!.FunctionName, allNames.at(-1));
});

test('cli > --output text prints the AWS CLI\'s tab-separated lines; booleans, lists and JSON arguments take the AWS CLI\'s forms', async () => {
	const created = await lambdeck('create-function', '--function-name', 'texty', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--code-dir', `${examplesFolder}/hello-node`, '--no-publish', '--architectures', 'x86_64', '--tags', '{"team":"ops"}', '--output', 'text');
	assert.equal(created.exitCode, 0, created.stderr);
	assert.match(created.stdout, /^ARCHITECTURES\tx86_64$/m);
	assert.match(created.stdout, /^TRACINGCONFIG\tPassThrough$/m);
	assert.deepEqual(JSON.parse((await lambdeck('list-tags', '--resource', 'arn:aws:lambda:us-east-1:000000000000:function:texty')).stdout), {Tags: {team: 'ops'}});
	const names = await lambdeck('list-functions', '--query', "Functions[?starts_with(FunctionName, 'text')].FunctionName", '--output', 'text');
	assert.equal(names.stdout, 'texty', '--query filters the answer through JMESPath before it is printed');
	const help = await lambdeck('invoke', 'help');
	assert.equal(help.exitCode, 0);
	assert.match(help.stdout, /--log-type \(string, None \| Tail\)/, 'help lists the flags and their values from the model');
	assert.match(help.stdout, /<outfile>/);
});
