import fs from 'node:fs';
import path from 'node:path';

let logFile: string | undefined;

/**
Send the console's diagnostics to a file in the data dir, as nothing may be printed while the console owns the screen.
*/
export const setDiagnosticsFile = (file: string | undefined) => {
	logFile = file;
	if (file) {
		fs.mkdirSync(path.dirname(file), {recursive: true});
	}
};

/**
Append one diagnostic line to the console's log file, when there is one.
*/
export const diagnose = (message: string) => {
	if (!logFile) {
		return;
	}

	try {
		fs.appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`);
	} catch {}
};
