import fsp from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';

/**
The files and folders of one data dir.
*/
export type DataPaths = {
	root: string;
	lock: string;
	functions: string;
	code: string;
	/** Layer records, one folder per layer. */
	layers: string;
	/** Layer contents, stored as function code is. */
	layerCode: string;
	logs: string;
	records: string;
	tmp: string;
	diagnostics: string;
};

/**
The data dir: `LAMBDECK_HOME` when set, otherwise the platform's data folder for lambdeck.
*/
export const resolveDataDir = (environment: NodeJS.ProcessEnv = process.env) =>
	path.resolve(environment.LAMBDECK_HOME ?? envPaths('lambdeck', {suffix: ''}).data);

export const dataPaths = (root: string): DataPaths => ({
	root,
	lock: path.join(root, 'lambdeck.lock'),
	functions: path.join(root, 'functions'),
	code: path.join(root, 'code'),
	layers: path.join(root, 'layers'),
	layerCode: path.join(root, 'layer-code'),
	logs: path.join(root, 'logs'),
	records: path.join(root, 'records'),
	tmp: path.join(root, 'tmp'),
	diagnostics: path.join(root, 'lambdeck.log'),
});

/**
Remove the `/tmp` folders of a function's environments (`tmp/NAME-<32 hex>`), and no other function's, even one whose name starts the same.
*/
export const removeFunctionTmp = async (tmpRoot: string, functionName: string) => {
	let names: string[];
	try {
		names = await fsp.readdir(tmpRoot);
	} catch {
		return;
	}

	const pattern = new RegExp(`^${functionName.replaceAll(/[^\w]/g, '\\$&')}-[\\da-f]{32}$`);
	await Promise.all(names.filter(name => pattern.test(name)).map(async name => fsp.rm(path.join(tmpRoot, name), {recursive: true, force: true})));
};
