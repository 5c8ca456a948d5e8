import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {suspendScreen} from './screen-gate.js';

/**
Edit text in the user's `$VISUAL` or `$EDITOR` (vi when neither is set), on a temp file. The editor gets the terminal: the console leaves the alternate screen and raw mode, stops reading keys and stops drawing, while its event loop runs on (events keep arriving). When the editor exits the console takes the screen back, cleared, for the caller to draw whole. Resolves to the edited text, or undefined when the editor failed.
*/
export const editInExternalEditor = async (text: string, {stdin, stdout, extension = '.json'}: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; extension?: string}): Promise<string | undefined> => {
	const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'lambdeck-edit-'));
	const file = path.join(folder, `payload${extension}`);
	await fs.promises.writeFile(file, text);
	const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
	// Ink reads keys through 'readable' listeners: with none, every key goes to the editor.
	const readers = stdin.listeners('readable') as Array<(...parameters: unknown[]) => void>;
	for (const reader of readers) {
		stdin.removeListener('readable', reader);
	}

	const raw = stdin.isTTY && stdin.isRaw;
	if (raw) {
		stdin.setRawMode(false);
	}

	stdout.write('\u001B[?1049l\u001B[?25h');
	const resume = suspendScreen();
	try {
		const status = await new Promise<number | null>(resolve => {
			const child = spawn(`${editor} "${file}"`, {shell: true, stdio: 'inherit'});
			child.once('error', () => resolve(null));
			child.once('exit', code => resolve(code));
		});
		return status === 0 ? await fs.promises.readFile(file, 'utf8') : undefined;
	} finally {
		resume();
		stdout.write('\u001B[?1049h\u001B[?25l\u001B[2J\u001B[H');
		if (raw) {
			stdin.setRawMode(true);
		}

		for (const reader of readers) {
			stdin.addListener('readable', reader);
		}

		await fs.promises.rm(folder, {recursive: true, force: true});
	}
};
