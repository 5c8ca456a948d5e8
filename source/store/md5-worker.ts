import {createHash} from 'node:crypto';
import fs from 'node:fs';
import {parentPort} from 'node:worker_threads';

/**
A job for the MD5 worker: the file to read.
*/
export type Md5Job = {id: number; file: string};

/**
The MD5 worker's answer: the file's size and hex MD5, or why it could not be read (`ENOENT` when it is gone).
*/
export type Md5Answer = {id: number; size: number; md5: string} | {id: number; error: string; code?: string};

const digest = async (file: string) => {
	const hash = createHash('md5');
	let size = 0;
	for await (const chunk of fs.createReadStream(file)) {
		size += (chunk as Buffer).length;
		hash.update(chunk as Buffer);
	}

	return {size, md5: hash.digest('hex')};
};

parentPort?.on('message', (job: Md5Job) => {
	digest(job.file).then(
		result => parentPort!.postMessage({id: job.id, ...result} satisfies Md5Answer),
		(error: NodeJS.ErrnoException) => parentPort!.postMessage({id: job.id, error: error.message, code: error.code} satisfies Md5Answer),
	);
});
