import fs from 'node:fs';
import path from 'node:path';

/**
Whether the tests run compiled (`npm test` runs them from `.test-build/`, see `scripts/build-tests.ts`) rather than from source under tsx.
*/
export const runsCompiled = import.meta.url.endsWith('.js');

/**
The node arguments that let a child process load the project's own modules: tsx when the tests run from source, nothing when they run compiled.
*/
export const loaderArgs = runsCompiled ? [] : ['--import', 'tsx'];

/**
The path of one of the project's own modules, given as its source path relative to `folder`: the `.ts`/`.tsx` source, or the `.js` it compiles to when the tests run compiled.
*/
export const ownModule = (folder: string, relative: string) => path.resolve(folder, runsCompiled ? relative.replace(/\.tsx?$/, '.js') : relative);

/**
The node arguments that run `script` (an ES module that may import the project's own modules by `ownModule` paths) in a child process: it is written to `folder` as a file, since a worker thread the service starts would inherit `--input-type` and refuse to load.
*/
export const scriptArgs = (folder: string, script: string) => {
	const file = path.join(folder, `script-${process.pid}-${Date.now()}.mjs`);
	fs.writeFileSync(file, script);
	return [...loaderArgs, file];
};
