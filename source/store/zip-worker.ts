import {parentPort} from 'node:worker_threads';
import {zipFolder} from './artifacts.js';

/**
A job for the zip worker: the folder to zip.
*/
export type ZipJob = {id: number; folder: string};

/**
The zip worker's answer: the folder's zip, or why it could not be made.
*/
export type ZipAnswer = {id: number; zip: Uint8Array} | {id: number; error: string};

parentPort?.on('message', (job: ZipJob) => {
	try {
		parentPort!.postMessage({id: job.id, zip: zipFolder(job.folder)} satisfies ZipAnswer);
	} catch (error) {
		parentPort!.postMessage({id: job.id, error: (error as Error).message} satisfies ZipAnswer);
	}
});
