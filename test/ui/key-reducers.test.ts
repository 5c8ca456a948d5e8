import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {actionFor, hintsFor, keyMap, readonlyNotice} from '../../source/ui/key-map.js';
import {completeCommand, parseCommand} from '../../source/ui/lib/commands.js';
import {listMove, windowStart} from '../../source/ui/lib/list-move.js';
import {confirmKey, promptKey} from '../../source/ui/lib/overlay-keys.js';
import {completePath} from '../../source/ui/lib/path-complete.js';
import {defaultHandler, orderRuntimes} from '../../source/ui/lib/use-runtimes.js';

const key = (name: string) => ({name, ...(name.length === 1 ? {char: name} : {})});

test('confirm keys > y confirms and n cancels at once; Enter selects the focused button; other keys are swallowed', () => {
	assert.deepEqual(confirmKey('cancel', key('y')), {kind: 'confirm'});
	assert.deepEqual(confirmKey('confirm', key('n')), {kind: 'cancel'});
	assert.deepEqual(confirmKey('cancel', key('return')), {kind: 'cancel'});
	assert.deepEqual(confirmKey('confirm', key('return')), {kind: 'confirm'});
	assert.deepEqual(confirmKey('cancel', key('right')), {kind: 'focus', focus: 'confirm'});
	assert.deepEqual(confirmKey('cancel', key('escape')), {kind: 'cancel'});
	assert.deepEqual(confirmKey('cancel', key('x')), {kind: 'ignore'});
});

test('prompt keys > a prefilled filter is replaced by typing, cleared by backspace, and kept for editing by an arrow', () => {
	const prompt = {kind: 'filter' as const, text: 'hello', selected: true};
	assert.deepEqual(promptKey(prompt, key('p')), {kind: 'edit', prompt: {kind: 'filter', text: 'p'}});
	assert.deepEqual(promptKey(prompt, key('backspace')), {kind: 'edit', prompt: {kind: 'filter', text: ''}});
	assert.deepEqual(promptKey(prompt, key('right')), {kind: 'edit', prompt: {kind: 'filter', text: 'hello', selected: false}});
	assert.deepEqual(promptKey({kind: 'filter', text: 'hello'}, key('!')), {kind: 'edit', prompt: {kind: 'filter', text: 'hello!'}});
	assert.deepEqual(promptKey(prompt, key('tab')), {kind: 'complete'});
	assert.deepEqual(promptKey(prompt, key('return')), {kind: 'submit'});
});

test(': commands > fn NAME opens a function, tab names open that tab, describe NAME, and unknown names are refused', () => {
	const functionNames = ['orders', 'payments'];
	assert.deepEqual(parseCommand('fn orders', false, {functionNames}), {kind: 'navigate', route: {view: 'detail', functionName: 'orders', tab: 'overview'}});
	assert.deepEqual(parseCommand('monitor payments', false, {functionNames}), {kind: 'navigate', route: {view: 'detail', functionName: 'payments', tab: 'monitor'}});
	assert.deepEqual(parseCommand('inv', false, {functionNames, current: 'orders'}), {kind: 'navigate', route: {view: 'detail', functionName: 'orders', tab: 'invocations'}});
	assert.deepEqual(parseCommand('describe orders', false, {functionNames}), {kind: 'navigate', route: {view: 'describe', functionName: 'orders'}});
	assert.deepEqual(parseCommand('fn', false), {kind: 'navigate', route: {view: 'functions'}});
	assert.deepEqual(parseCommand('fn nope', false, {functionNames}), {kind: 'error', message: 'Function not found: nope. Tab completes names.'});
	assert.equal(parseCommand('config', false, {functionNames}).kind, 'error', 'a tab command needs a function');
	assert.deepEqual(parseCommand('q', false), {kind: 'quit'});
});

test(': completion > completes command names, then function names, as far as the candidates agree', () => {
	const names = ['orders-api', 'orders-worker', 'payments'];
	assert.deepEqual(completeCommand('de', names), {text: 'describe ', candidates: ['describe']});
	assert.deepEqual(completeCommand('fn ord', names), {text: 'fn orders-', candidates: ['orders-api', 'orders-worker']});
	assert.deepEqual(completeCommand('fn orders-w', names), {text: 'fn orders-worker ', candidates: ['orders-worker']});
	assert.deepEqual(completeCommand('quit x', names), {text: 'quit x', candidates: []});
	assert.ok(completeCommand('', names).candidates.includes('functions'));
});

test('path completion > completes a unique folder with a slash and several names as far as they agree', () => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-complete-'));
	try {
		fs.mkdirSync(path.join(root, 'service-a'));
		fs.mkdirSync(path.join(root, 'service-b'));
		fs.mkdirSync(path.join(root, 'web'));
		fs.writeFileSync(path.join(root, 'web', 'index.js'), '');
		assert.deepEqual(completePath(`${root}/w`), {text: `${root}/web/`, candidates: []});
		assert.deepEqual(completePath(`${root}/se`), {text: `${root}/service-`, candidates: ['service-a/', 'service-b/']});
		assert.deepEqual(completePath('web/in', {cwd: root}), {text: 'web/index.js', candidates: []});
		assert.deepEqual(completePath(`${root}/zzz`), {text: `${root}/zzz`, candidates: []});
	} finally {
		fs.rmSync(root, {recursive: true, force: true});
	}
});

test('runtimes > listed by language, newest first, and the handler a runtime starts with', () => {
	assert.deepEqual(orderRuntimes(['python3.12', 'provided.al2023', 'nodejs20.x', 'python3.9', 'nodejs22.x', 'java21']), ['nodejs22.x', 'nodejs20.x', 'python3.12', 'python3.9', 'java21', 'provided.al2023']);
	assert.equal(defaultHandler('python3.12'), 'lambda_function.lambda_handler');
	assert.equal(defaultHandler('nodejs22.x'), 'index.handler');
});

test('key map > every binding has a hint, no key means two things in one scope, and header-only summaries stay out of help', () => {
	for (const [scope, bindings] of Object.entries(keyMap)) {
		const seen = new Map<string, string>();
		for (const binding of bindings) {
			assert.ok(binding.hint, `${scope} ${binding.action} has a hint`);
			for (const name of binding.keys) {
				const before = seen.get(name);
				assert.ok(before === undefined || before === binding.action, `${scope}: ${name} means ${before} and ${binding.action}`);
				seen.set(name, binding.action);
			}
		}
	}

	const header = hintsFor(['functions'], false).map(hint => hint.keys);
	const help = hintsFor(['functions'], false, {all: true}).map(hint => hint.keys);
	assert.ok(header.includes('E/L/N/P'));
	assert.ok(!help.includes('E/L/N/P') && help.includes('E') && help.includes('T'));
});

test('event views keys > :queues opens the Queues view; a queue composes with ctrl-s and esc; read-only turns sending and purging off and says so', () => {
	assert.deepEqual(parseCommand('queues', false), {kind: 'navigate', route: {view: 'queues'}});
	assert.deepEqual(parseCommand('sqs', true), {kind: 'navigate', route: {view: 'queues'}});
	assert.equal(actionFor(['compose'], key('ctrl+s'), false), 'submit');
	assert.equal(actionFor(['compose'], key('escape'), false), 'cancel');
	assert.equal(actionFor(['queue'], key('p'), true), 'peek');
	assert.equal(actionFor(['queue'], key('s'), true), undefined);
	assert.equal(readonlyNotice(['queue'], key('x')), 'Read-only: purging queues is off.');
	assert.equal(readonlyNotice(['triggers'], key('a')), 'Read-only: adding triggers is off.');
	assert.equal(readonlyNotice(['async'], key('e')), 'Read-only: editing the async config is off.');
	const header = hintsFor(['form', 'detail', 'global'], false).map(hint => `${hint.keys} ${hint.hint}`);
	assert.ok(header.includes('esc cancel') && !header.includes('esc back'), 'an open form\'s esc is offered as cancel, not as back');
});

test('list moves > down and up stop at the ends, pages move by the rows shown, and other actions are not moves', () => {
	assert.equal(listMove('down', 2, 3, 10), 2);
	assert.equal(listMove('up', 0, 3, 10), 0);
	assert.equal(listMove('page-down', 1, 50, 10), 11);
	assert.equal(listMove('bottom', 1, 50, 10), 49);
	assert.equal(listMove('down', 0, 0, 10), 0);
	assert.equal(listMove('send', 0, 3, 10), undefined);
	assert.equal(windowStart(40, 50, 10), 35);
	assert.equal(windowStart(2, 50, 10), 0);
});
