import {createHash, randomUUID} from 'node:crypto';

/**
A message attribute as SQS's API carries it; `BinaryValue` is kept base64-encoded.
*/
export type MessageAttributeValue = {
	DataType: string;
	StringValue?: string;
	BinaryValue?: string;
	StringListValues?: string[];
	BinaryListValues?: string[];
};

/**
One message of a queue, with what SQS tracks about it.
*/
export type SqsMessage = {
	id: string;
	/** Order of arrival in its queue (and, for FIFO, the SequenceNumber). */
	seq: number;
	body: string;
	md5OfBody: string;
	messageAttributes: Record<string, MessageAttributeValue>;
	md5OfMessageAttributes?: string;
	/** AWSTraceHeader, DeadLetterQueueSourceArn. */
	systemAttributes: Record<string, string>;
	sentAt: number;
	groupId?: string;
	dedupId?: string;
	receiveCount: number;
	firstReceiveAt?: number;
	visibleAt: number;
	/** The handle of the latest receive; a new one on every receive. */
	receipt?: string;
};

/**
The hex MD5 of a UTF-8 string, as SQS gives MD5OfMessageBody.
*/
export const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const lengthPrefixed = (bytes: Buffer) => {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(bytes.length);
	return [length, bytes];
};

/**
MD5OfMessageAttributes, as SQS computes it: names sorted; each name, data type, a transport byte (1 string, 2 binary) and value, every part prefixed by its 4-byte big-endian length. Undefined when there are no attributes.
*/
export const md5OfAttributes = (attributes: Record<string, MessageAttributeValue>) => {
	const names = Object.keys(attributes).sort();
	if (names.length === 0) {
		return undefined;
	}

	const hash = createHash('md5');
	for (const name of names) {
		const value = attributes[name]!;
		const parts = [...lengthPrefixed(Buffer.from(name, 'utf8')), ...lengthPrefixed(Buffer.from(value.DataType, 'utf8'))];
		if (value.BinaryValue === undefined) {
			parts.push(Buffer.from([1]), ...lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
		} else {
			parts.push(Buffer.from([2]), ...lengthPrefixed(Buffer.from(value.BinaryValue, 'base64')));
		}

		for (const part of parts) {
			hash.update(part);
		}
	}

	return hash.digest('hex');
};

/**
A fresh receipt handle naming the queue and message it belongs to.
*/
export const newReceipt = (queueName: string, messageId: string) => Buffer.from(`${queueName}\n${messageId}\n${randomUUID()}`).toString('base64');

/**
The queue name and message id a receipt handle was made for, or undefined when it is no handle of ours.
*/
export const parseReceipt = (handle: string) => {
	const parts = Buffer.from(handle, 'base64').toString('utf8').split('\n');
	return parts.length === 3 && parts[1] ? {queueName: parts[0]!, messageId: parts[1]} : undefined;
};
