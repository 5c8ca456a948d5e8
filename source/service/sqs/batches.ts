import {batchError} from '../../core/sqs-errors.js';
import type {LambdaError} from '../../core/errors.js';

/**
The result of one batch entry: its output, or the error it failed with.
*/
export type BatchResult<T> = {Id: string; ok?: T; error?: Error};

const entryIdPattern = /^[\w-]{1,80}$/;

/**
Run a batch operation with SQS's checks on the batch itself (empty, more than 10 entries, ids malformed or repeated), and shape its answer as `{Successful, Failed}`.
*/
export const sendBatch = async <E extends {Id: string}, T>(entries: E[], run: (entries: E[]) => Promise<Array<BatchResult<T>>>) => {
	if (entries.length === 0) {
		throw batchError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
	}

	if (entries.length > 10) {
		throw batchError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
	}

	const ids = new Set<string>();
	for (const entry of entries) {
		if (!entryIdPattern.test(entry.Id)) {
			throw batchError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
		}

		if (ids.has(entry.Id)) {
			throw batchError('BatchEntryIdsNotDistinct', `Id ${entry.Id} repeated.`);
		}

		ids.add(entry.Id);
	}

	const results = await run(entries);
	return {
		Successful: results.filter(result => result.ok).map(result => ({Id: result.Id, ...result.ok})),
		Failed: results.filter(result => result.error).map(result => {
			const error = result.error as LambdaError;
			return {Id: result.Id, SenderFault: true, Code: error.fields?.queryCode ?? 'InternalError', Message: error.message};
		}),
	};
};
