import {randomUUID} from 'node:crypto';
import type {Clock} from '../../core/clock.js';
import {invalidParameterValue, sqsError} from '../../core/sqs-errors.js';
import type {SqsMessage} from './message.js';
import type {Queue} from './queue.js';

/**
What a move task needs of the queues: find one by ARN, take a message from it, send one to it, delete one.
*/
export type MoveContext = {
	clock: Clock;
	queues: () => Queue[];
	queueByArn: (arn: string) => Queue | undefined;
	take: (queue: Queue) => Promise<SqsMessage | undefined>;
	send: (queue: Queue, message: SqsMessage) => Promise<void>;
	remove: (queue: Queue, message: SqsMessage) => Promise<void>;
};

type Status = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

type Task = {
	id: string;
	handle: string;
	sourceArn: string;
	destinationArn?: string;
	rate?: number;
	status: Status;
	startedAt: number;
	toMove: number;
	moved: number;
	failureReason?: string;
};

const resourceNotFound = (message: string) => sqsError('ResourceNotFoundException', 'ResourceNotFoundException', message, {status: 404});

/** A task handle as SQS makes it: base64 of a small JSON document naming the task and its source. */
const encodeHandle = (id: string, sourceArn: string) => Buffer.from(`{"taskId":"${id}","sourceArn":"${sourceArn}"}`).toString('base64');

const decodeHandle = (handle: string) => {
	try {
		const document = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as {taskId?: unknown; sourceArn?: unknown};
		if (typeof document.taskId === 'string' && typeof document.sourceArn === 'string') {
			return {id: document.taskId, sourceArn: document.sourceArn};
		}
	} catch {}

	throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
};

/**
SQS's dead-letter queue redrive: StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask. A task moves a dead-letter queue's messages, one at a time and at most MaxNumberOfMessagesPerSecond, to a destination queue or back to the queue each came from; a message is sent before it is deleted, so a crash can repeat one but never loses one. Tasks are kept in memory, as LocalStack keeps them.
*/
export class MessageMoves {
	readonly #context: MoveContext;
	readonly #tasks = new Map<string, Task>();
	readonly #running = new Set<Promise<void>>();
	#closed = false;

	constructor(context: MoveContext) {
		this.#context = context;
	}

	start(input: {SourceArn: string; DestinationArn?: string; MaxNumberOfMessagesPerSecond?: number}) {
		const source = this.#context.queueByArn(input.SourceArn);
		if (!source) {
			throw resourceNotFound('The resource that you specified for the SourceArn parameter doesn\'t exist.');
		}

		if (!this.#context.queues().some(queue => queue.redrive?.deadLetterTargetArn === input.SourceArn)) {
			throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
		}

		if (input.DestinationArn && !this.#context.queueByArn(input.DestinationArn)) {
			throw resourceNotFound('The resource that you specified for the DestinationArn parameter doesn\'t exist.');
		}

		if ([...this.#tasks.values()].some(task => task.sourceArn === input.SourceArn && (task.status === 'RUNNING' || task.status === 'CANCELLING'))) {
			throw invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
		}

		const id = randomUUID();
		const task: Task = {
			id,
			handle: encodeHandle(id, input.SourceArn),
			sourceArn: input.SourceArn,
			...(input.DestinationArn ? {destinationArn: input.DestinationArn} : {}),
			...(input.MaxNumberOfMessagesPerSecond === undefined ? {} : {rate: input.MaxNumberOfMessagesPerSecond}),
			status: 'RUNNING',
			startedAt: this.#context.clock.now(),
			toMove: source.counts(this.#context.clock.now()).visible,
			moved: 0,
		};
		this.#tasks.set(id, task);
		const run = this.#run(task).finally(() => this.#running.delete(run));
		this.#running.add(run);
		return {TaskHandle: task.handle};
	}

	list(input: {SourceArn: string; MaxResults?: number}) {
		if (!this.#context.queueByArn(input.SourceArn)) {
			throw resourceNotFound('The resource that you specified for the SourceArn parameter doesn\'t exist.');
		}

		const tasks = [...this.#tasks.values()].filter(task => task.sourceArn === input.SourceArn).sort((a, b) => b.startedAt - a.startedAt);
		return {Results: tasks.slice(0, input.MaxResults ?? 1).map(task => ({
			...(task.status === 'RUNNING' ? {TaskHandle: task.handle} : {}),
			Status: task.status,
			SourceArn: task.sourceArn,
			...(task.destinationArn ? {DestinationArn: task.destinationArn} : {}),
			...(task.rate === undefined ? {} : {MaxNumberOfMessagesPerSecond: task.rate}),
			ApproximateNumberOfMessagesMoved: task.moved,
			ApproximateNumberOfMessagesToMove: task.toMove,
			...(task.failureReason ? {FailureReason: task.failureReason} : {}),
			StartedTimestamp: task.startedAt,
		}))};
	}

	cancel(input: {TaskHandle: string}) {
		const {id, sourceArn} = decodeHandle(input.TaskHandle);
		if (!this.#context.queueByArn(sourceArn)) {
			throw resourceNotFound('The resource that you specified for the SourceArn parameter doesn\'t exist.');
		}

		const task = this.#tasks.get(id);
		if (!task) {
			throw resourceNotFound('Task does not exist.');
		}

		if (task.status === 'RUNNING') {
			task.status = 'CANCELLING';
		}

		return {ApproximateNumberOfMessagesMoved: task.moved};
	}

	/**
	Stop every task after the message it is moving; they end as cancelled.
	*/
	async close() {
		this.#closed = true;
		await Promise.all(this.#running);
	}

	async #run(task: Task) {
		try {
			while (task.status === 'RUNNING' && !this.#closed) {
				const source = this.#context.queueByArn(task.sourceArn);
				if (!source) {
					throw Object.assign(new Error('The source queue was deleted.'), {code: 'AWS.SimpleQueueService.NonExistentQueue'});
				}

				const message = await this.#context.take(source);
				if (!message) {
					break;
				}

				const targetArn = task.destinationArn ?? message.systemAttributes.DeadLetterQueueSourceArn;
				const target = targetArn ? this.#context.queueByArn(targetArn) : undefined;
				if (!target) {
					throw Object.assign(new Error(`The queue ${targetArn ?? '(unknown)'} does not exist.`), {code: 'AWS.SimpleQueueService.NonExistentQueue'});
				}

				await this.#context.send(target, message);
				await this.#context.remove(source, message);
				task.moved++;
				if (task.rate) {
					await new Promise<void>(resolve => {
						this.#context.clock.setTimer(resolve, 1000 / task.rate!, {unref: true});
					});
				}
			}

			task.status = task.status === 'RUNNING' && !this.#closed ? 'COMPLETED' : 'CANCELLED';
		} catch (error) {
			task.status = 'FAILED';
			task.failureReason = (error as {code?: string}).code ?? (error as Error).name;
		}
	}
}
