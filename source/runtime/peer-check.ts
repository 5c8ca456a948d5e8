import fs from 'node:fs/promises';
import {processTree} from './process-tree.js';

const hexAddress = (address: string, port: number) => {
	const bytes = address.replace(/^::ffff:/, '').split('.').map(Number);
	const ip = bytes.reverse().map(byte => byte.toString(16).padStart(2, '0')).join('');
	return `${ip}:${port.toString(16).padStart(4, '0')}`.toUpperCase();
};

/**
The inode of the client's end of a TCP connection on this host, found in `/proc/net/tcp`: the line whose local address is the peer's and whose remote address is ours.
*/
export const peerSocketInode = async (peerAddress: string, peerPort: number, localAddress: string, localPort: number): Promise<string | undefined> => {
	const table = await fs.readFile('/proc/net/tcp', 'latin1');
	const key = ` ${hexAddress(peerAddress, peerPort)} ${hexAddress(localAddress, localPort)} `;
	const at = table.indexOf(key);
	if (at < 0) {
		return undefined;
	}

	const end = table.indexOf('\n', at);
	const line = table.slice(at, end < 0 ? undefined : end);
	const inode = line.trim().split(/\s+/)[8];
	return inode && inode !== '0' ? inode : undefined;
};

const holdsSocket = async (pid: number, target: string) => {
	let fds: string[];
	try {
		fds = await fs.readdir(`/proc/${pid}/fd`);
	} catch {
		return false;
	}

	const links = await Promise.all(fds.map(async fd => fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
	return links.includes(target);
};

/**
Whether the client of a TCP connection is one of an environment's processes: the connection's socket is open in a process of the tree under `rootPid` (under bubblewrap, the whole sandbox).
*/
export const isPeerOf = async (rootPid: number, peer: {address: string; port: number}, local: {address: string; port: number}) => {
	const inode = await peerSocketInode(peer.address, peer.port, local.address, local.port);
	if (!inode) {
		return false;
	}

	const target = `socket:[${inode}]`;
	const found = await Promise.all(processTree(rootPid).map(async pid => holdsSocket(pid, target)));
	return found.includes(true);
};
