/*
ink-table@3.1.0 ships CommonJS that calls `require('ink')`. Ink 6 is ESM and its graph has top-level await (yoga-layout), which Node 20 refuses to `require()` (ERR_REQUIRE_ASYNC_MODULE). Seed the CommonJS cache with the already-imported ESM namespace so ink-table's `require('ink')` resolves to the same instance.
*/
import {createRequire, Module} from 'node:module';
import * as ink from 'ink';

const require = createRequire(import.meta.url);
const inkPath = require.resolve('ink');

if (!require.cache[inkPath]) {
	const entry = new Module(inkPath);
	entry.filename = inkPath;
	entry.loaded = true;
	entry.exports = ink;
	require.cache[inkPath] = entry;
}

// View the package as CommonJS so `.default` is the Table class, not module.exports.
type InkTableCjs = typeof import('ink-table', {with: {'resolution-mode': 'require'}});

const inkTable = require('ink-table') as InkTableCjs;

/** The ink-table component, loaded so that it shares this process's Ink. Always import it from here. */
export const Table = inkTable.default;
