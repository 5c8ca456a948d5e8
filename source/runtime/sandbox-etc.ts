import fs from 'node:fs/promises';
import path from 'node:path';

/**
Lambda's own user inside the sandbox: `sbx_user1051`.
*/
export const sandboxUser = {uid: 993, gid: 990};

/**
The `/etc` files a function may read: name resolution, certificates, time zone, the dynamic linker's cache and the alternatives that `/usr/bin` links through. Never a whole folder that may hold secrets (`/etc/ssl/private`, `/etc/shadow`): when lambdeck runs as root, the sandbox's user is root's own uid outside, so an owner-only file would be readable.
*/
const etcFiles = [
	'host.conf', 'nsswitch.conf', 'gai.conf', 'protocols', 'services', 'ssl/certs', 'ssl/openssl.cnf', 'ca-certificates',
	'pki/tls/certs', 'pki/ca-trust', 'crypto-policies', 'localtime', 'alternatives', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'os-release', 'mime.types',
];

/**
The files that change while lambdeck runs (a VPN or DHCP rewrites them): bound live from the host over placeholders in the snapshot.
*/
export const liveEtcFiles = ['resolv.conf', 'hosts'];

const passwd = `root:x:0:0:root:/root:/sbin/nologin\nsbx_user1051:x:${sandboxUser.uid}:${sandboxUser.gid}::/tmp:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n`;
const group = `root:x:0:\nsbx_user1051:x:${sandboxUser.gid}:\nnogroup:x:65534:\n`;

const build = async (folder: string) => {
	await fs.rm(folder, {recursive: true, force: true});
	await fs.mkdir(folder, {recursive: true});
	await Promise.all(etcFiles.map(async name => {
		await fs.cp(path.join('/etc', name), path.join(folder, name), {recursive: true, verbatimSymlinks: true}).catch(() => {});
	}));
	await Promise.all([
		fs.writeFile(path.join(folder, 'passwd'), passwd),
		fs.writeFile(path.join(folder, 'group'), group),
		...liveEtcFiles.map(async name => fs.writeFile(path.join(folder, name), '')),
	]);
	return folder;
};

const snapshots = new Map<string, Promise<string>>();

/**
A copy of the `/etc` files a sandbox may read, with Lambda's own passwd and group, made once in `parent` and bound as the sandbox's `/etc` in one mount: binding twenty files one by one cost ~3 ms per cold start.
*/
export const etcSnapshot = async (parent: string): Promise<string> => {
	const folder = path.join(parent, '.sandbox-etc');
	const made = snapshots.get(folder);
	if (made && await made.then(async () => fs.access(path.join(folder, 'passwd')).then(() => true, () => false), () => false)) {
		return made;
	}

	const building = build(folder);
	snapshots.set(folder, building);
	return building;
};
