import zlib from 'node:zlib';

/**
One entry of a hand-built zip: any name (a NUL byte, `.`, 300 characters), its bytes, and optional Unix mode bits.
*/
export type RawEntry = {name: string; data?: Buffer | string; mode?: number};

/**
Build a zip byte by byte, storing entries uncompressed, so a test can craft names that zip tools refuse to write.
*/
export const buildZip = (entries: Iterable<RawEntry>) => {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	let count = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const data = Buffer.from(entry.data ?? '');
		const crc = zlib.crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04_03_4B_50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x08_00, 6);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02_01_4B_50, 0);
		central.writeUInt16LE((3 << 8) | 20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x08_00, 8);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(((entry.mode ?? (entry.name.endsWith('/') ? 0o40_755 : 0o100_644)) << 16) >>> 0, 38);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		centrals.push(central, name);
		offset += local.length + name.length + data.length;
		count++;
	}

	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06_05_4B_50, 0);
	end.writeUInt16LE(Math.min(count, 0xFF_FF), 8);
	end.writeUInt16LE(Math.min(count, 0xFF_FF), 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	if (count <= 0xFF_FF) {
		return Buffer.concat([...locals, directory, end]);
	}

	// More entries than the classic end record can count: add the Zip64 end record and its locator.
	const zip64End = Buffer.alloc(56);
	zip64End.writeUInt32LE(0x06_06_4B_50, 0);
	zip64End.writeBigUInt64LE(44n, 4);
	zip64End.writeUInt16LE(45, 12);
	zip64End.writeUInt16LE(45, 14);
	zip64End.writeBigUInt64LE(BigInt(count), 24);
	zip64End.writeBigUInt64LE(BigInt(count), 32);
	zip64End.writeBigUInt64LE(BigInt(directory.length), 40);
	zip64End.writeBigUInt64LE(BigInt(offset), 48);
	const locator = Buffer.alloc(20);
	locator.writeUInt32LE(0x07_06_4B_50, 0);
	locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
	locator.writeUInt32LE(1, 16);
	return Buffer.concat([...locals, directory, zip64End, locator, end]);
};
