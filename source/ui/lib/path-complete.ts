import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
Complete a path as a shell's Tab does: as far as every entry that starts with what was typed agrees, a `/` after a single folder. `~` means the home folder. Returns the completed text and the matching names (at most `limit`).
*/
export const completePath = (text: string, {cwd = process.cwd(), limit = 8}: {cwd?: string; limit?: number} = {}): {text: string; candidates: string[]} => {
	const expanded = text === '~' ? `${os.homedir()}/` : text.startsWith('~/') ? path.join(os.homedir(), text.slice(2)) + (text.endsWith('/') ? '/' : '') : text;
	const folderPart = expanded.endsWith('/') ? expanded : path.dirname(expanded) === '.' && !expanded.startsWith('./') ? '' : `${path.dirname(expanded)}/`;
	const prefix = expanded.slice(folderPart.length);
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(path.resolve(cwd, folderPart || '.'), {withFileTypes: true});
	} catch {
		return {text, candidates: []};
	}

	const matches = entries.filter(entry => entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.'))).sort((a, b) => a.name.localeCompare(b.name));
	if (matches.length === 0) {
		return {text, candidates: []};
	}

	const isFolder = (entry: fs.Dirent) => entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(path.resolve(cwd, folderPart || '.', entry.name), {throwIfNoEntry: false})?.isDirectory());
	if (matches.length === 1) {
		const [only] = matches;
		return {text: `${folderPart}${only!.name}${isFolder(only!) ? '/' : ''}`, candidates: []};
	}

	let common = matches[0]!.name;
	for (const entry of matches) {
		while (!entry.name.startsWith(common)) {
			common = common.slice(0, -1);
		}
	}

	return {text: `${folderPart}${common}`, candidates: matches.slice(0, limit).map(entry => `${entry.name}${isFolder(entry) ? '/' : ''}`)};
};
