import assert from 'node:assert/strict';
import {test} from 'node:test';
import {matchesFilter, parseFilterPattern} from '../../source/service/filter-pattern.js';

const matching = (pattern: string, messages: string[]) => {
	const filter = parseFilterPattern(pattern);
	return messages.filter(message => matchesFilter(filter, message));
};

const messages = ['ERROR disk full', 'WARN disk slow', 'Task timed out after 3.00 seconds', 'ERROR retrying', 'error lowercase'];

test('filter pattern > every plain term must appear, in any order, case-sensitively', () => {
	assert.deepEqual(matching('ERROR', messages), ['ERROR disk full', 'ERROR retrying']);
	assert.deepEqual(matching('full ERROR', messages), ['ERROR disk full']);
	assert.deepEqual(matching('', messages), messages);
	assert.deepEqual(matching('   ', messages), messages);
});

test('filter pattern > a quoted phrase must appear as written', () => {
	assert.deepEqual(matching('"timed out"', messages), ['Task timed out after 3.00 seconds']);
	assert.deepEqual(matching('"out timed"', messages), []);
	assert.deepEqual(matching('"disk" "full"', messages), ['ERROR disk full']);
});

test('filter pattern > ?terms are alternatives and -terms exclusions', () => {
	assert.deepEqual(matching('?WARN ?Task', messages), ['WARN disk slow', 'Task timed out after 3.00 seconds']);
	assert.deepEqual(matching('ERROR -retrying', messages), ['ERROR disk full']);
	assert.deepEqual(matching('disk ?full ?nothing', messages), ['ERROR disk full']);
	assert.deepEqual(matching('?"timed out" ?lowercase', messages), ['Task timed out after 3.00 seconds', 'error lowercase']);
});

test('filter pattern > JSON, space-delimited and regular-expression patterns are refused with InvalidParameterException', () => {
	for (const pattern of ['{ $.level = "ERROR" }', '[ip, user, ...]', '%ERR.R%']) {
		assert.throws(() => parseFilterPattern(pattern), {type: 'InvalidParameterException'});
	}

	assert.throws(() => parseFilterPattern('"unclosed'), {type: 'InvalidParameterException'});
});
