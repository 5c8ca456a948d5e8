// `npm test`: type checks, lint, build and the tests, with the independent steps side by side so both cores stay busy.
// `tsc --noEmit` and `eslint .` run beside the build and the tests instead of before them; the build for the tests
// emits without a second type check (`--noCheck`: the `tsc --noEmit` beside it checks the same files with the same
// options), and the tests run compiled (see build-tests.ts). The test runner's output streams as it comes; the checks'
// output is printed when each ends. Any step that fails fails the whole.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

type Step = {name: string; command: string; args: string[]; stream?: boolean};

/**
Run one step; its output is kept and printed at its end unless it streams.
*/
const run = async ({name, command, args, stream = false}: Step) => new Promise<boolean>(resolve => {
	const child = spawn(command, args, {cwd: root, stdio: ['ignore', stream ? 'inherit' : 'pipe', stream ? 'inherit' : 'pipe']});
	const output: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
	const started = performance.now();
	child.on('error', error => {
		process.stderr.write(`${name}: ${error.message}\n`);
		resolve(false);
	});
	child.on('close', code => {
		const text = Buffer.concat(output).toString();
		process.stdout.write(`${text}${text && !text.endsWith('\n') ? '\n' : ''}# ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
		resolve(code === 0);
	});
});

const inOrder = async (steps: Step[]) => {
	for (const step of steps) {
		if (!await run(step)) {
			return false;
		}
	}

	return true;
};

const testFiles = (folder: string): string[] => fs.readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
	const file = path.join(folder, entry.name);
	return entry.isDirectory() ? testFiles(file) : (/\.test\.js$/.test(entry.name) ? [file] : []);
});

const node = process.execPath;
const results = await Promise.all([
	run({name: 'tsc --noEmit', command: bin('tsc'), args: ['--noEmit']}),
	run({name: 'eslint .', command: bin('eslint'), args: ['.']}),
	(async () => {
		const built = await inOrder([
			{name: 'build (tsc --noCheck)', command: bin('tsc'), args: ['-p', 'tsconfig.build.json', '--noCheck']},
			{name: 'build (console bundle)', command: node, args: ['--import', 'tsx', 'scripts/bundle-console.ts']},
			{name: 'build (tests)', command: node, args: ['--import', 'tsx', 'scripts/build-tests.ts']},
		]);
		return built && run({name: 'tests', command: node, args: ['--test', '--test-concurrency=2', ...process.argv.slice(2), ...testFiles('.test-build/test').sort()], stream: true});
	})(),
]);
process.exitCode = results.every(Boolean) ? 0 : 1;
