import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {execa} from 'execa';
import {ShorthandParser} from '../../source/commands/shorthand.js';

const awscliShorthand = '/usr/lib/python3/dist-packages/awscli/shorthand.py';

/** Shorthand as people write it, and as they get it wrong. */
const inputs = [
	'Variables={STAGE=dev,OWNER=ops}',
	'A=1,B=2',
	'Key=a,b,c',
	'Key=a,b,Other=c',
	'Key=[a,b],Other={x=1,y=[2,3]}',
	'Key="quoted, with comma",Other=\'single \\\' quote\'',
	'Key=a\\,b',
	'Key = spaced , Other = too',
	'Key=',
	'Variables={A=1',
	'Key',
	'A=1,A=2',
	'Key=[a,b',
	'Key={a=1,b}',
	'Key=ünïcode,Other=päth/with:colons',
	'a.b-c_d#e/f:g=value',
];

test('cli > the shorthand parser reads every value as the AWS CLI\'s own ShorthandParser does, errors and all', {skip: fs.existsSync(awscliShorthand) ? false : 'the Debian awscli package is not installed'}, async () => {
	const script = [
		'import json, sys',
		'from awscli.shorthand import ShorthandParser, ShorthandParseError',
		'for line in json.load(sys.stdin):',
		'    try:',
		'        print(json.dumps({"value": ShorthandParser().parse(line)}))',
		'    except ShorthandParseError as error:',
		'        print(json.dumps({"error": str(error)}))',
	].join('\n');
	const python = await execa('/usr/bin/python3', ['-c', script], {input: JSON.stringify(inputs)});
	const expected = python.stdout.split('\n').map(line => JSON.parse(line) as unknown);
	for (const [index, input] of inputs.entries()) {
		let actual: unknown;
		try {
			actual = {value: new ShorthandParser().parse(input)};
		} catch (error) {
			actual = {error: (error as Error).message};
		}

		assert.deepEqual(actual, expected[index], input);
	}
});
