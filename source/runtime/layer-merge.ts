import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const building = new Map<string, Promise<string>>();

/**
Copy `from` over `into` as hard links, a file of `from` replacing one of the same path in `into`.
*/
const overlay = async (from: string, into: string): Promise<void> => {
	await fs.mkdir(into, {recursive: true});
	for (const entry of await fs.readdir(from, {withFileTypes: true})) {
		const source = path.join(from, entry.name);
		const target = path.join(into, entry.name);
		if (entry.isDirectory()) {
			const existing = await fs.lstat(target).catch(() => undefined);
			if (existing && !existing.isDirectory()) {
				await fs.rm(target, {force: true});
			}

			await overlay(source, target);
		} else {
			await fs.rm(target, {recursive: true, force: true});
			if (entry.isSymbolicLink()) {
				await fs.symlink(await fs.readlink(source), target);
			} else {
				await fs.link(source, target).catch(async () => fs.copyFile(source, target));
			}
		}
	}
};

/**
The `/opt` of an environment: its layers' unpacked folders merged in order, a later layer winning on the same path, as Lambda extracts them. The merge is made once per list of layers, beside the first layer's folder, under a temporary name renamed into place, and shared by every environment that uses the same layers.
*/
export const mergeLayers = async (folders: string[]): Promise<string> => {
	const key = createHash('sha256').update(folders.join('\n')).digest('hex').slice(0, 32);
	const merged = path.join(path.dirname(folders[0]!), `opt-${key}`);
	let pending = building.get(merged);
	if (!pending) {
		pending = (async () => {
			if (await fs.stat(merged).then(() => true, () => false)) {
				return merged;
			}

			const temporary = `${merged}.${randomBytes(4).toString('hex')}.tmp`;
			try {
				for (const folder of folders) {
					await overlay(folder, temporary);
				}

				await fs.rename(temporary, merged).catch(async (error: NodeJS.ErrnoException) => {
					if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') {
						throw error;
					}
				});
			} finally {
				await fs.rm(temporary, {recursive: true, force: true});
			}

			return merged;
		})().finally(() => building.delete(merged));
		building.set(merged, pending);
	}

	return pending;
};
