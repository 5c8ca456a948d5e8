// ESLint for lambdeck: TypeScript's recommended rules with type information, and React's hooks rules for the console.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', '.test-build*/', 'node_modules/', 'source/bootstraps/', 'examples/', 'test/fixtures/', 'eslint.config.js']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: globals.node,
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': ['error', {allowForKnownSafeCalls: [{from: 'package', package: 'node:test', name: ['test', 'suite', 'describe', 'it']}]}],
			'@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: {arguments: false, attributes: false}}],
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],
			// Terminal escapes are matched on purpose.
			'no-control-regex': 'off',
			'no-empty': ['error', {allowEmptyCatch: true}],
		},
	},
	{
		files: ['source/ui/**/*.tsx', 'source/ui/**/*.ts', 'test/ui/**/*.tsx'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'warn',
		},
	},
);
