import fs from 'node:fs';
import {zipFolder} from '../../store/artifacts.js';

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
