import fs from 'node:fs';

const readText = (file: string) => {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
};

/**
A process and all its descendants. Children are read from each process's main thread (`/proc/PID/task/PID/children`): processes fork from their main thread, and reading every thread's list would cost a file read per thread on each invoke.
*/
export const processTree = (pid: number): number[] => {
	const tree = [pid];
	for (let index = 0; index < tree.length; index++) {
		const current = tree[index]!;
		for (const child of readText(`/proc/${current}/task/${current}/children`).split(' ')) {
			if (child.trim()) {
				tree.push(Number(child));
			}
		}
	}

	return tree;
};

/**
The process that runs the runtime itself: the spawned process, or under bubblewrap the first process below bwrap's own two.
*/
export const runtimeProcess = (pid: number) => {
	let current = pid;
	for (let depth = 0; depth < 4 && readText(`/proc/${current}/comm`).trim() === 'bwrap'; depth++) {
		const child = Number(readText(`/proc/${current}/task/${current}/children`).trim().split(' ')[0]);
		if (!child) {
			break;
		}

		current = child;
	}

	return current;
};

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM') => {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readText(`/proc/${pid}/status`));
	return match ? Number(match[1]) * 1024 : 0;
};

/**
Resident memory of a process tree now, in bytes.
*/
export const treeRss = (pids: number[]) => pids.reduce((sum, pid) => sum + statusField(pid, 'VmRSS'), 0);

const privateBytes = (pid: number) => {
	const text = readText(`/proc/${pid}/smaps_rollup`);
	let kilobytes = 0;
	for (const match of text.matchAll(/^(?:Private_Clean|Private_Dirty|Swap):\s+(\d+) kB/gm)) {
		kilobytes += Number(match[1]);
	}

	return kilobytes * 1024;
};

/**
What an environment's processes really use now, in bytes: the runtime's resident memory, plus the pages each other process has to itself.

Summing resident memory would count pages that forked workers share with the runtime once per worker; counting only private pages of the others counts each page once while still seeing a detached child that holds memory of its own. bubblewrap's own processes are left out.
*/
export const environmentMemory = (rootPid: number, runtimePid: number) => {
	let bytes = statusField(runtimePid, 'VmRSS');
	for (const pid of processTree(rootPid)) {
		if (pid !== runtimePid && readText(`/proc/${pid}/comm`).trim() !== 'bwrap') {
			bytes += privateBytes(pid);
		}
	}

	return bytes;
};

/**
The peak resident memory of one process, in bytes: its high-water mark.
*/
export const peakRss = (pid: number) => statusField(pid, 'VmHWM');

/**
Kill a process, its process group and every descendant, so that a handler's forked children go with it.
*/
export const killTree = (pid: number, signal: NodeJS.Signals = 'SIGKILL') => {
	if (!Number.isInteger(pid) || pid <= 1) {
		return;
	}

	const tree = processTree(pid);
	for (const target of [-pid, ...tree.reverse()]) {
		try {
			process.kill(target, signal);
		} catch {}
	}
};
