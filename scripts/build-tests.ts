// Transpile source/ and test/ into .test-build/ (same layout, one .js per .ts/.tsx, no bundling, no type checks: `tsc
// --noEmit` does those), so `npm test` runs each test file as plain JavaScript. Under tsx every import of every test
// process (and of every worker thread the service starts) goes through loader hooks on another thread, which doubled the
// CPU time of most test files. What the tests reach by path beside the code (dist/, examples/, the bootstraps, the AWS
// models, package.json, and the sources themselves) is linked or copied in, so paths relative to a test file resolve as
// they do from source.
import fs from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, process.argv[2] ?? '.test-build');

const filesUnder = (folder: string): string[] => fs.readdirSync(path.join(root, folder), {withFileTypes: true}).flatMap(entry => {
	const relative = path.join(folder, entry.name);
	if (entry.isDirectory()) {
		return relative === 'source/bootstraps' ? [] : filesUnder(relative);
	}

	return [relative];
});

const files = [...filesUnder('source'), ...filesUnder('test')];
const isCode = (file: string) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts');

fs.rmSync(out, {recursive: true, force: true});
await build({
	entryPoints: files.filter(isCode).map(file => path.join(root, file)),
	outbase: root,
	outdir: out,
	bundle: false,
	format: 'esm',
	platform: 'node',
	target: `node${process.versions.node}`,
	jsx: 'automatic',
	tsconfig: path.join(root, 'tsconfig.json'),
	logLevel: 'warning',
});

// The sources go beside what they compile to, so a test that starts a child on a `.ts` path under tsx finds it there.
for (const file of files) {
	fs.mkdirSync(path.dirname(path.join(out, file)), {recursive: true});
	fs.copyFileSync(path.join(root, file), path.join(out, file));
}

fs.cpSync(path.join(root, 'source/bootstraps'), path.join(out, 'source/bootstraps'), {recursive: true});
for (const link of ['dist', 'examples', 'package.json']) {
	fs.symlinkSync(path.join('..', link), path.join(out, link));
}
