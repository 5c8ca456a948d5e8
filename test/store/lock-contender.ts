/**
A process that contends for a data dir's lock when told to: `acquire` on stdin tries to take it and prints the outcome as one JSON line; the process then holds what it got until it is killed or stdin closes.
*/
import readline from 'node:readline';
import {isLambdaError} from '../../source/core/errors.js';
import {acquireLock, type DataDirLock} from '../../source/store/lock.js';

const [lockPath, dataDir] = process.argv.slice(2) as [string, string];
let lock: DataDirLock | undefined;
const say = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
const lines = readline.createInterface({input: process.stdin});
lines.on('line', line => {
	if (line === 'acquire') {
		try {
			lock = acquireLock(lockPath, dataDir);
			say({pid: process.pid, owner: true});
		} catch (error) {
			say({pid: process.pid, owner: false, message: isLambdaError(error) ? error.message : String(error)});
		}
	}
});
lines.on('close', () => {
	lock?.release();
});
say({pid: process.pid, ready: true});
