import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {cliPath} from '../helpers/serve-process.js';
import {temporaryFolder, zipOf} from '../helpers/functions.js';

const awsCli = '/usr/bin/aws';
const skip = fs.existsSync(awsCli) ? false : `${awsCli} (the AWS CLI v2) is not installed`;
let home: string;

before(() => {
	home = temporaryFolder();
	fs.writeFileSync(path.join(home, 'f.zip'), zipOf({'index.js': 'exports.handler = async () => 1;'}));
	fs.writeFileSync(path.join(home, 'not.zip'), 'not a zip');
});

after(() => {
	fs.rmSync(home, {recursive: true, force: true});
});

/**
The AWS CLI's words with its own name and usage put as lambdeck's, so the rest can be compared as it is.
*/
const asLambdeck = (stderr: string) => stderr
	.replace('aws [options] <command> <subcommand> [<subcommand> ...] [parameters]', 'lambdeck [options] <command> [parameters]')
	.replace('  aws help\n  aws <command> help\n  aws <command> <subcommand> help', '  lambdeck help\n  lambdeck <command> help')
	.replace(/^aws: error:/m, 'lambdeck: error:');

const role = ['--role', 'arn:aws:iam::123456789012:role/r', '--runtime', 'nodejs20.x', '--handler', 'index.handler'];

/** Lines each refused before anything is sent, by the AWS CLI and by lambdeck alike: one of each way to fail (unknown options, shorthand, botocore's validation, Python's base64, the zip check). A missing required flag, a non-integer (cli.test.ts has its words), a flag without its value, broken JSON, values under their minimum, no outfile, a zip inside --code, a missing file and an empty name match too; they are left out to keep the suite quick. */
const cases: Array<[string, string[]]> = [
	['an unknown option and its word', ['get-function', '--function-name', 'f', '--bogus', '1']],
	['broken shorthand', ['update-function-configuration', '--function-name', 'f', '--environment', 'Variables={AB=1']],
	['a key the structure lacks', ['update-function-configuration', '--function-name', 'f', '--environment', 'Foo={AB=1}']],
	['a payload that is no base64', ['invoke', '--function-name', 'f', '--payload', '{"a":1}', 'out.json']],
	['a --zip-file that is no zip', ['create-function', '--function-name', 'f', ...role, '--zip-file', 'fileb://not.zip']],
];

test('cli > a bad command line fails as the AWS CLI v2 fails it: the same exit code and the same words', {skip}, async () => {
	const environment = {AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', LAMBDECK_HOME: home};
	const results = await Promise.all(cases.map(async ([, argv]) => Promise.all([
		execa(awsCli, ['lambda', ...argv, '--endpoint-url', 'http://127.0.0.1:9'], {env: environment, cwd: home, reject: false}),
		execa(process.execPath, [cliPath, ...argv], {env: environment, cwd: home, reject: false}),
	])));
	for (const [index, [aws, lambdeck]] of results.entries()) {
		const [what] = cases[index]!;
		assert.notEqual(aws.exitCode, 0, `${what}: the AWS CLI refused it`);
		assert.equal(lambdeck.exitCode, aws.exitCode, `${what}: exit code (${lambdeck.stderr})`);
		assert.equal(lambdeck.stderr, asLambdeck(aws.stderr), what);
		assert.equal(lambdeck.stdout, '', what);
	}

	assert.ok(!fs.existsSync(path.join(home, 'out.json')));
});
