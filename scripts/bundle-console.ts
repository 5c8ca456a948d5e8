// Bundle what the console needs to open (Ink, its dependencies and lambdeck's UI) into one module, which Node loads several
// times faster than the few hundred files it is made of. Run by `npm run build` after tsc; the CLI falls back to the
// unbundled modules when the bundle is missing.
import fs from 'node:fs';
import {build, type PluginBuild} from 'esbuild';

// Chunks of an earlier build are named by other hashes.
for (const name of fs.readdirSync('dist/ui').filter(file => file.startsWith('console-chunk-'))) {
	fs.rmSync(`dist/ui/${name}`);
}


await build({
	entryPoints: ['dist/ui/console-entry.js'],
	// Modules loaded with import() (the AWS SDK's wrappers) become chunks beside the bundle, loaded when first used; without splitting their static imports would be hoisted into the bundle and load at start.
	outdir: 'dist/ui',
	entryNames: '[name].bundle',
	chunkNames: 'console-chunk-[hash]',
	splitting: true,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	logLevel: 'warning',
	minify: true,
	keepNames: true,
	// React stays one shared copy with ink-table (CommonJS, loaded by require); native and lazily loaded packages stay outside.
	external: ['react', 'ink-table', 'better-sqlite3', '@aws-sdk/*', '@smithy/*'],
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: 'import {createRequire as __lambdeckRequire} from \'node:module\'; const require = __lambdeckRequire(import.meta.url);'},
	plugins: [{
		// Ink loads its devtools (and their WebSocket) only when DEV=true, which the console never sets.
		name: 'no-devtools',
		setup(builder: PluginBuild) {
			builder.onResolve({filter: /^(react-devtools-core|ws)$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
			builder.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {};', loader: 'js'}));
		},
	}],
});
