import fs from 'node:fs';
import Database from 'better-sqlite3';
import {dataDirBusy} from '../core/errors.js';

/**
What the owner of a data dir says of itself in the lock file: its pid, and once its API listens, the port and URL.
*/
export type LockOwner = {
	pid: number;
	port?: number;
	url?: string;
	startedAt: string;
};

/**
The file whose kernel lock decides who owns the data dir. It is never deleted: removing a locked file would let a third process lock a new file of the same name while the owner still holds the old one.
*/
const lockDatabasePath = (lockPath: string) => `${lockPath}.sqlite`;

const waitForOwnerMs = 3000;
const retryMs = 15;

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

const sleep = (ms: number) => {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((error as {code?: string}).code ?? '');

/**
What the lock file names, when it names a live process.
*/
const readOwnerFile = (lockPath: string): LockOwner | undefined => {
	try {
		const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
		return typeof owner.pid === 'number' && isAlive(owner.pid) ? owner : undefined;
	} catch {
		return undefined;
	}
};

/**
Whether some connection holds the data dir's kernel lock. Probing takes a shared lock for an instant, which an acquirer's retry absorbs.
*/
const isHeld = (lockPath: string) => {
	let probe: Database.Database;
	try {
		probe = new Database(lockDatabasePath(lockPath), {readonly: true, fileMustExist: true, timeout: 0});
	} catch {
		return false;
	}

	try {
		probe.prepare('SELECT count(*) FROM sqlite_master').get();
		return false;
	} catch (error) {
		return isBusy(error);
	} finally {
		probe.close();
	}
};

/**
The live process that owns the data dir, or undefined when none does. Ownership is the kernel lock, not the file: a lock file left by a dead process names no owner.
*/
export const readLockOwner = (lockPath: string): LockOwner | undefined => {
	const deadline = Date.now() + waitForOwnerMs;
	while (isHeld(lockPath)) {
		const owner = readOwnerFile(lockPath);
		if (owner || Date.now() > deadline) {
			return owner ?? {pid: 0, startedAt: ''};
		}

		sleep(retryMs);
	}

	return undefined;
};

/**
A held lock on a data dir. `update` records the API's port (and URL) once the server listens; `release` gives the dir up.
*/
export type DataDirLock = {
	readonly owner: Readonly<LockOwner>;
	update(port: number, url?: string): void;
	release(): void;
};

/**
Try once to take the kernel lock: SQLite's exclusive locking mode holds an fcntl lock for the life of the connection, which the kernel drops when the process dies, and SQLite also keeps connections within one process apart.
*/
const tryLock = (lockPath: string) => {
	const database = new Database(lockDatabasePath(lockPath), {timeout: 0});
	try {
		database.pragma('locking_mode = EXCLUSIVE');
		database.pragma('journal_mode = MEMORY');
		database.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS owner (pid INTEGER); COMMIT');
		return database;
	} catch (error) {
		database.close();
		if (isBusy(error)) {
			return undefined;
		}

		throw error;
	}
};

const writeOwnerFile = (lockPath: string, owner: LockOwner) => {
	const temporary = `${lockPath}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, JSON.stringify(owner));
	fs.renameSync(temporary, lockPath);
};

/**
Take the data dir for this process, atomically. Another live owner is refused by pid (and URL); a lock left by a dead process is free, since the kernel released it.
*/
export const acquireLock = (lockPath: string, dataDir: string): DataDirLock => {
	fs.mkdirSync(dataDir, {recursive: true});
	const deadline = Date.now() + waitForOwnerMs;
	let database: Database.Database | undefined;
	while (!(database = tryLock(lockPath))) {
		const current = readOwnerFile(lockPath);
		if (current || Date.now() > deadline) {
			throw dataDirBusy(dataDir, current?.pid ?? 0, current?.port, current?.url);
		}

		// The winner is writing its name; a file that names a dead process is what it replaces.
		sleep(retryMs);
	}

	const held = database;
	const owner: LockOwner = {pid: process.pid, startedAt: new Date().toISOString()};
	writeOwnerFile(lockPath, owner);
	let holding = true;
	const release = () => {
		if (!holding) {
			return;
		}

		holding = false;
		process.off('exit', release);
		fs.rmSync(lockPath, {force: true});
		held.close();
	};

	process.on('exit', release);
	return {
		owner,
		update(port, url) {
			owner.port = port;
			owner.url = url ?? `http://127.0.0.1:${port}`;
			if (holding) {
				writeOwnerFile(lockPath, owner);
			}
		},
		release,
	};
};
