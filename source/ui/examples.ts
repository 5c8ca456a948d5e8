import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {LambdeckClient} from '../client/client.js';
import {defaultRoleArn} from '../core/arn.js';
import {packageCode} from './lib/package-code.js';

/**
One example function shipped in the package's `examples/` folder.
*/
export type Example = {name: string; runtime: string; handler: string; description: string; folder: string};

/** The package's examples folder, the same from `source/ui` and `dist/ui`. */
export const examplesFolder = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
The examples listed in `examples/examples.json`, with their folders resolved. Empty when the package has none.
*/
export const listExamples = (folder = examplesFolder): Example[] => {
	try {
		const entries = JSON.parse(fs.readFileSync(`${folder}/examples.json`, 'utf8')) as Array<Omit<Example, 'folder'>>;
		return entries.map(entry => ({...entry, folder: `${folder}${entry.name}`}));
	} catch {
		return [];
	}
};

/**
Create one example as a function of the same name, deployed from its folder.
*/
export const createExample = async (client: LambdeckClient, example: Example) => {
	const {zipFile, sourceDir} = packageCode(example.folder);
	return client.createFunction({
		FunctionName: example.name, Role: defaultRoleArn, Runtime: example.runtime, Handler: example.handler, Description: example.description, Code: {ZipFile: zipFile},
	}, {SourceDir: sourceDir});
};
