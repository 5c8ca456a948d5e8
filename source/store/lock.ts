import fs from 'node:fs';
import {dataDirBusy} from '../core/errors.js';

/**
What the lock file says of the process that owns a data dir.
*/
export type LockOwner = {
	pid: number;
	port?: number;
	startedAt: string;
};

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/**
The live process that owns the data dir, or undefined when none does (no lock file, or one left by a dead process).
*/
export const readLockOwner = (lockPath: string): LockOwner | undefined => {
	try {
		const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
		return typeof owner.pid === 'number' && isAlive(owner.pid) ? owner : undefined;
	} catch {
		return undefined;
	}
};

/**
A held lock on a data dir. `update` records the API port once the server listens; `release` gives the dir up.
*/
export type DataDirLock = {
	update(port: number): void;
	release(): void;
};

/**
Take the data dir for this process. Another live owner is refused by name; a stale lock from a dead process is taken over.
*/
export const acquireLock = (lockPath: string, dataDir: string): DataDirLock => {
	fs.mkdirSync(dataDir, {recursive: true});
	const owner: LockOwner = {pid: process.pid, startedAt: new Date().toISOString()};
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			fs.writeFileSync(lockPath, JSON.stringify(owner), {flag: 'wx'});
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}

			const current = readLockOwner(lockPath);
			if (current) {
				throw dataDirBusy(dataDir, current.pid, current.port);
			}

			fs.rmSync(lockPath, {force: true});
		}
	}

	let held = true;
	const release = () => {
		if (!held) {
			return;
		}

		held = false;
		process.off('exit', release);
		if (readLockOwner(lockPath)?.pid === process.pid) {
			fs.rmSync(lockPath, {force: true});
		}
	};

	process.on('exit', release);
	return {
		update(port) {
			owner.port = port;
			fs.writeFileSync(`${lockPath}.tmp`, JSON.stringify(owner));
			fs.renameSync(`${lockPath}.tmp`, lockPath);
		},
		release,
	};
};
