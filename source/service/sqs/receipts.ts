import {invalidParameterFor, sqsError} from '../../core/sqs-errors.js';
import type {StoreOp} from '../../store/durable-store.js';
import {parseReceipt} from './message.js';
import type {Queue} from './queue.js';

const invalidReceipt = (handle: string) => sqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);

/**
Delete the message a receipt handle names from the queue, and the statement that deletes it on disk; none when it is already gone. A handle of another queue, or no handle at all, is SQS's ReceiptHandleIsInvalid.
*/
export const deleteByReceipt = (queue: Queue, handle: string): StoreOp | undefined => {
	const receipt = parseReceipt(handle);
	if (!receipt || receipt.queueName !== queue.name) {
		throw invalidReceipt(handle);
	}

	const message = queue.messages.get(receipt.messageId);
	if (!message) {
		return undefined;
	}

	queue.messages.delete(message.id);
	queue.wake();
	return {sql: 'DELETE FROM sqs_messages WHERE id = ?', params: [message.id]};
};

/**
Change the visibility timeout of the in-flight message a receipt handle names, as of `now`, and the statement that records it, with SQS's errors for a stale handle or a message not in flight.
*/
export const changeVisibility = (queue: Queue, handle: string, seconds: number, now: number): StoreOp => {
	const receipt = parseReceipt(handle);
	if (!receipt || receipt.queueName !== queue.name) {
		throw invalidReceipt(handle);
	}

	if (seconds < 0 || seconds > 43_200) {
		throw invalidParameterFor('VisibilityTimeout', seconds, 'VisibilityTimeout must be an integer between 0 and 43200');
	}

	const message = queue.messages.get(receipt.messageId);
	if (!message || message.receipt !== handle) {
		throw invalidParameterFor('ReceiptHandle', handle, 'The receipt handle has expired.');
	}

	if (message.visibleAt <= now) {
		throw sqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
	}

	message.visibleAt = now + (seconds * 1000);
	if (seconds === 0) {
		queue.wake();
	}

	return {sql: 'UPDATE sqs_messages SET visible_at = ? WHERE id = ?', params: [message.visibleAt, message.id]};
};
