import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {openLocalClient} from '../../source/client/local-client.js';
import {defaultRoleArn} from '../../source/core/arn.js';
import {zipFolder} from '../../source/store/artifacts.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');

test('logs > piped into head, it stops quietly when head has read enough', async t => {
	if (!fs.existsSync(cli)) {
		t.skip('dist/cli.js is not built; run npm run build');
		return;
	}

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-pipe-'));
	try {
		const folder = path.join(home, 'chatty-source');
		fs.mkdirSync(folder);
		fs.writeFileSync(path.join(folder, 'index.js'), "exports.handler = async () => { for (let i = 0; i < 3000; i++) console.log('line', i, 'x'.repeat(60)); return {}; };\n");
		const client = await openLocalClient({dataDir: home});
		try {
			await client.createFunction({FunctionName: 'chatty', Role: defaultRoleArn, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {ZipFile: zipFolder(folder)}});
			await client.invoke({FunctionName: 'chatty', Payload: '{}'});
		} finally {
			await client.close();
		}

		const run = spawnSync('sh', ['-c', `'${process.execPath}' '${cli}' logs chatty | head -n 2; echo "status \${PIPESTATUS:-done}"`], {encoding: 'utf8', env: {...process.env, LAMBDECK_HOME: home}});
		assert.equal(run.stdout.split('\n').filter(line => line.includes('chatty') || /^\d{4}-/.test(line)).length, 2, run.stdout);
		assert.doesNotMatch(run.stderr, /EPIPE|Error|at /, 'no stack trace');
		assert.equal(run.stderr, '');
	} finally {
		fs.rmSync(home, {recursive: true, force: true});
	}
});
