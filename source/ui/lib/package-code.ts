import fs from 'node:fs';
import {zipFolder} from '../../store/artifacts.js';
import {ZipThread} from '../../store/zip-thread.js';

/**
Read a deployment package from a path: a folder is zipped as `zip -r` would, a `.zip` file is read as it is.
*/
export const packageCode = (codePath: string): {zipFile: Uint8Array; sourceDir?: string} => {
	const stats = fs.statSync(codePath);
	if (stats.isDirectory()) {
		return {zipFile: zipFolder(codePath), sourceDir: codePath};
	}

	return {zipFile: fs.readFileSync(codePath)};
};

/**
Read a package from a path without blocking the console: a folder is zipped on a worker thread (as `zip -r` would), a `.zip` file is read asynchronously.
*/
export const packageCodeOffThread = async (codePath: string): Promise<Uint8Array> => {
	if (!(await fs.promises.stat(codePath)).isDirectory()) {
		return fs.promises.readFile(codePath);
	}

	const thread = new ZipThread();
	try {
		return await thread.zip(codePath);
	} finally {
		await thread.close();
	}
};
