import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
Edit text in the user's `$VISUAL` or `$EDITOR` (vi when neither is set), on a temp file, leaving the alternate screen and raw mode while it runs. Returns the edited text, or undefined when the editor failed.
*/
export const editInExternalEditor = (text: string, {setRawMode, stdout, extension = '.json'}: {setRawMode: (on: boolean) => void; stdout: NodeJS.WriteStream; extension?: string}): string | undefined => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-edit-'));
	const file = path.join(folder, `payload${extension}`);
	fs.writeFileSync(file, text);
	const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
	setRawMode(false);
	stdout.write('\u001B[?1049l\u001B[?25h');
	try {
		const result = spawnSync(`${editor} "${file}"`, {shell: true, stdio: 'inherit'});
		return result.status === 0 ? fs.readFileSync(file, 'utf8') : undefined;
	} finally {
		stdout.write('\u001B[?1049h\u001B[2J\u001B[H');
		setRawMode(true);
		fs.rmSync(folder, {recursive: true, force: true});
	}
};
