import assert from 'node:assert/strict';
import {test} from 'node:test';
import {execa} from 'execa';
import {pythonJsonError} from '../../source/commands/python-json.js';

const inputs = ['{"Variables":', '{"a":1,}', '[1,]', '{"a" 1}', '{"a":1 "b":2}', '{a:1}', '"open', '{"a":"\\x"}', '{"a":1}}', '', '  ', '{\n"a":\n}', '[1, 2', 'nul', '{"a":"tab\there"}', '{"a":[1,2,{"b":null}],"c":-1.5e3}'];

test('cli > a bad JSON argument is described in the words of Python\'s json module, as the AWS CLI quotes it', async () => {
	const script = [
		'import json, sys',
		'for text in json.load(sys.stdin):',
		'    try:',
		'        json.loads(text)',
		'        print(json.dumps(None))',
		'    except ValueError as error:',
		'        print(json.dumps(str(error)))',
	].join('\n');
	const python = await execa('/usr/bin/python3', ['-c', script], {input: JSON.stringify(inputs)});
	const expected = python.stdout.split('\n').map(line => JSON.parse(line) as string | null);
	for (const [index, input] of inputs.entries()) {
		assert.equal(pythonJsonError(input) ?? null, expected[index], JSON.stringify(input));
	}
});
