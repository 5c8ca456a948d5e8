import fs from 'node:fs/promises';

const hexAddress = (address: string, port: number) => {
	const bytes = address.replace(/^::ffff:/, '').split('.').map(Number);
	const ip = bytes.reverse().map(byte => byte.toString(16).padStart(2, '0')).join('');
	return `${ip}:${port.toString(16).padStart(4, '0')}`.toUpperCase();
};

/**
The line of `/proc/net/tcp` that contains `key`, or nothing. The kernel hands the table out a page per read and walks its whole connection hash to the end (about half a millisecond on a 24 GB machine, however few sockets there are), so reading stops as soon as the line is in.
*/
const findTcpLine = async (key: string) => {
	const handle = await fs.open('/proc/net/tcp', 'r');
	try {
		const buffer = Buffer.allocUnsafe(64 * 1024);
		let table = '';
		for (;;) {
			const {bytesRead} = await handle.read(buffer, 0, buffer.length, null);
			table += buffer.toString('latin1', 0, bytesRead);
			const at = table.indexOf(key);
			const end = at < 0 ? -1 : table.indexOf('\n', at);
			if (end >= 0 || (at >= 0 && bytesRead === 0)) {
				return table.slice(at, end < 0 ? undefined : end);
			}

			if (bytesRead === 0) {
				return undefined;
			}
		}
	} finally {
		await handle.close();
	}
};

/**
The inode of the client's end of a TCP connection on this host, found in `/proc/net/tcp`: the line whose local address is the peer's and whose remote address is ours.
*/
export const peerSocketInode = async (peerAddress: string, peerPort: number, localAddress: string, localPort: number): Promise<string | undefined> => {
	const line = await findTcpLine(` ${hexAddress(peerAddress, peerPort)} ${hexAddress(localAddress, localPort)} `);
	const inode = line?.trim().split(/\s+/)[8];
	return inode && inode !== '0' ? inode : undefined;
};

/**
A process and its descendants, read without blocking the event loop.
*/
const processTree = async (pid: number): Promise<number[]> => {
	let children = '';
	try {
		children = await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
	} catch {}

	const below = await Promise.all(children.split(' ').filter(child => child.trim()).map(async child => processTree(Number(child))));
	return [pid, ...below.flat()];
};

const socketsOf = async (pid: number) => {
	let fds: string[];
	try {
		fds = await fs.readdir(`/proc/${pid}/fd`);
	} catch {
		return [];
	}

	return Promise.all(fds.map(async fd => fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
};

/**
Whether the client of a TCP connection is one of an environment's processes: the connection's socket is open in a process of the tree under `rootPid` (under bubblewrap, the whole sandbox). The TCP table and the tree's descriptors are read at the same time.
*/
export const isPeerOf = async (rootPid: number, peer: {address: string; port: number}, local: {address: string; port: number}) => {
	const [inode, links] = await Promise.all([
		peerSocketInode(peer.address, peer.port, local.address, local.port),
		processTree(rootPid).then(async pids => Promise.all(pids.map(async pid => socketsOf(pid)))),
	]);
	return inode !== undefined && links.some(list => list.includes(`socket:[${inode}]`));
};
