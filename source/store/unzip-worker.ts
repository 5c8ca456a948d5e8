import {parentPort} from 'node:worker_threads';
import {isLambdaError} from '../core/errors.js';
import {unpackZip} from './unzip.js';

/**
A job for the unzip worker: the zip's bytes and the new folder to unpack them into.
*/
export type UnzipJob = {id: number; zip: Uint8Array; folder: string};

/**
The worker's answer: the unzipped size, or the error as plain data, since a LambdaError does not survive the trip between threads.
*/
export type UnzipAnswer = {id: number; unzippedSize: number} | {id: number; error: {type?: string; statusCode?: number; message: string}};

parentPort?.on('message', async (job: UnzipJob) => {
	let answer: UnzipAnswer;
	try {
		answer = {id: job.id, unzippedSize: await unpackZip(Buffer.from(job.zip.buffer, job.zip.byteOffset, job.zip.byteLength), job.folder)};
	} catch (error) {
		answer = {id: job.id, error: isLambdaError(error) ? {type: error.type, statusCode: error.statusCode, message: error.message} : {message: String((error as Error).message ?? error)}};
	}

	parentPort!.postMessage(answer);
});
