import os from 'node:os';

const mebibyte = 1024 * 1024;

/**
How many environments this machine can run at once without starving them: sixteen per core, and no more than half the memory holds at Lambda's smallest MemorySize, between 4 and Lambda's own default of 1,000.

Lambda answers past its concurrency limit with a 429; a local machine has a far lower real limit, and past it every cold start competes for the same cores until invocations time out.
*/
export const machineConcurrency = (cores = os.availableParallelism(), memoryBytes = os.totalmem()) =>
	Math.max(4, Math.min(1000, cores * 16, Math.floor(memoryBytes / 2 / (128 * mebibyte))));
