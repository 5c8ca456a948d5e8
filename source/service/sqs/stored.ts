import type {DurableStore} from '../../store/durable-store.js';
import {md5Hex, md5OfAttributes, type MessageAttributeValue} from './message.js';
import {Queue} from './queue.js';

/**
The tables queues and their messages live in.
*/
export const sqsSchema = `CREATE TABLE IF NOT EXISTS sqs_queues (name TEXT PRIMARY KEY, attributes TEXT NOT NULL, tags TEXT NOT NULL, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sqs_messages (id TEXT PRIMARY KEY, queue TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, message_attributes TEXT NOT NULL, system_attributes TEXT NOT NULL, sent_at INTEGER NOT NULL, group_id TEXT, dedup_id TEXT, receive_count INTEGER NOT NULL, first_receive_at INTEGER, visible_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sqs_messages_queue ON sqs_messages (queue, seq);`;

type QueueRow = {name: string; attributes: string; tags: string; created_at: number; modified_at: number};
type MessageRow = {id: string; queue: string; seq: number; body: string; message_attributes: string; system_attributes: string; sent_at: number; group_id: string | null; dedup_id: string | null; receive_count: number; first_receive_at: number | null; visible_at: number};

/**
The stored queues with their messages, and the highest message sequence number among them.
*/
export const loadQueues = async (store: DurableStore, arnOf: (name: string) => string) => {
	const queues = new Map<string, Queue>();
	let seq = 0;
	for (const row of await store.read<QueueRow>('SELECT * FROM sqs_queues')) {
		queues.set(row.name, new Queue(row.name, arnOf(row.name), JSON.parse(row.attributes) as Record<string, string>, JSON.parse(row.tags) as Record<string, string>, row.created_at, row.modified_at));
	}

	for (const row of await store.read<MessageRow>('SELECT * FROM sqs_messages ORDER BY seq')) {
		const messageAttributes = JSON.parse(row.message_attributes) as Record<string, MessageAttributeValue>;
		queues.get(row.queue)?.messages.set(row.id, {
			id: row.id,
			seq: row.seq,
			body: row.body,
			md5OfBody: md5Hex(row.body),
			messageAttributes,
			md5OfMessageAttributes: md5OfAttributes(messageAttributes),
			systemAttributes: JSON.parse(row.system_attributes) as Record<string, string>,
			sentAt: row.sent_at,
			groupId: row.group_id ?? undefined,
			dedupId: row.dedup_id ?? undefined,
			receiveCount: row.receive_count,
			firstReceiveAt: row.first_receive_at ?? undefined,
			visibleAt: row.visible_at,
		});
		seq = Math.max(seq, row.seq);
	}

	return {queues, seq};
};

/**
The statement that stores a queue's attributes and tags.
*/
export const saveQueueOp = (queue: Queue) => ({sql: 'INSERT OR REPLACE INTO sqs_queues (name, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?)', params: [queue.name, JSON.stringify(queue.attributes), JSON.stringify(queue.tags), queue.createdAt, queue.modifiedAt]});
