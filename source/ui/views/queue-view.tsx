import {Box, Text} from 'ink';
import {useState} from 'react';
import {editTextArea, TextArea, textAreaOf, type TextAreaState} from '../components/text-area.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {fit, formatAgo} from '../lib/format.js';
import {listMove, windowStart} from '../lib/list-move.js';
import {arnName, peekMessages, queueName, sendInput, summarizeQueue, type PeekedMessage} from '../lib/queues.js';
import {useSyncState} from '../lib/sync-state.js';
import {usePolling} from '../lib/use-polling.js';

/** Seconds as the attribute line shows them: `30s`, `5m`, `4d`. */
const seconds = (value: string | undefined) => {
	const count = Number(value ?? 0);
	return count % 86_400 === 0 && count > 0 ? `${count / 86_400}d` : count % 60 === 0 && count > 0 ? `${count / 60}m` : `${count}s`;
};

/** A message move task as ListMessageMoveTasks answers. */
type MoveTask = {Status?: string; ApproximateNumberOfMessagesMoved?: number; ApproximateNumberOfMessagesToMove?: number; FailureReason?: string};

/** The latest redrive of a dead-letter queue in a few words, or nothing. */
const moveLine = (task: MoveTask | undefined) => task ? `redrive ${task.Status ?? '?'} ${task.ApproximateNumberOfMessagesMoved ?? 0}/${task.ApproximateNumberOfMessagesToMove ?? '?'}${task.FailureReason ? ` (${task.FailureReason})` : ''}  ` : '';

/**
One queue (Enter on the Queues view): its counts and attributes, refreshed every second; `a` shows all its attributes, `s` composes and sends a message, `p` peeks at up to ten messages without hiding them (ReceiveMessage with VisibilityTimeout 0), `x` purges after asking, `R` redrives a dead-letter queue's messages to their source queues (showing the latest redrive's progress).
*/
export const QueueView = ({queueUrl}: {queueUrl: string}) => {
	const api = useConsole();
	const {client, readonly, bodyHeight, columns} = api;
	const name = queueName(queueUrl);
	const polled = usePolling(client.callQueues ? async () => {
		const {Attributes = {}} = await client.callQueues!('GetQueueAttributes', {QueueUrl: queueUrl, AttributeNames: ['All']}) as {Attributes?: Record<string, string>};
		return summarizeQueue(queueUrl, Attributes);
	} : undefined, 1000, [client, queueUrl]);
	// A redrive of this queue (as a dead-letter queue) shows while it runs and after; an endpoint without message move tasks shows none.
	const moves = usePolling(client.callQueues && polled.value?.arn ? async () => ((await client.callQueues!('ListMessageMoveTasks', {SourceArn: polled.value!.arn, MaxResults: 1})).Results ?? []) as MoveTask[] : undefined, 1000, [client, polled.value?.arn]);
	const [composer, setComposer] = useSyncState<TextAreaState | undefined>(undefined);
	const [peeked, setPeeked] = useState<PeekedMessage[] | undefined>();
	const [selected, setSelected] = useSyncState(0);
	const [allAttributes, setAllAttributes] = useState(false);
	const queue = polled.value;

	const peek = () => {
		void api.runOp(`Peek at ${name}`, async () => peekMessages(client, queueUrl)).then(messages => {
			if (messages) {
				setPeeked(messages);
				setSelected(0);
			}
		});
	};

	const send = (body: string) => {
		if (!queue) {
			return;
		}

		void api.runOp(`Send a message to ${name}`, async () => client.callQueues!('SendMessage', sendInput(queue, body))).then(answer => {
			if (answer) {
				setComposer(undefined);
				polled.refresh();
			}
		});
	};

	useKeys('view', composer.current ? ['compose'] : ['queue'], event => {
		if (composer.current) {
			const action = actionFor(['compose'], event, readonly);
			if (action === 'submit') {
				send(composer.current.lines.join('\n'));
			} else if (action === 'cancel') {
				setComposer(undefined);
			} else {
				const next = editTextArea(composer.current, event);
				if (next) {
					setComposer(next);
				}
			}

			return true;
		}

		const action = actionFor(['queue'], event, readonly);
		const moved = listMove(action, selected.current, peeked?.length ?? 0, 5);
		if (moved !== undefined) {
			setSelected(moved);
			return true;
		}

		switch (action) {
			case 'send': {
				setComposer(textAreaOf(''));
				return true;
			}

			case 'peek': {
				peek();
				return true;
			}

			case 'attributes': {
				setAllAttributes(previous => !previous);
				return true;
			}

			case 'purge': {
				api.confirm({
					title: `Purge queue ${name}?`,
					lines: [`Deletes every message in it (${queue ? `about ${queue.available + queue.inFlight + queue.delayed}` : 'count unknown'}). This cannot be undone.`],
					confirmLabel: 'Purge',
					onConfirm() {
						void api.runOp(`Purge ${name}`, async () => client.callQueues!('PurgeQueue', {QueueUrl: queueUrl})).then(() => {
							setPeeked(undefined);
							polled.refresh();
						});
					},
				});
				return true;
			}

			case 'redrive': {
				if (queue?.arn) {
					const arn = queue.arn;
					api.confirm({
						title: `Redrive ${name}?`,
						lines: [`Moves its ${queue.available} available messages back to the queues they came from (StartMessageMoveTask).`],
						confirmLabel: 'Redrive',
						onConfirm() {
							void api.runOp(`Redrive ${name}`, async () => client.callQueues!('StartMessageMoveTask', {SourceArn: arn})).then(() => {
								moves.refresh();
							});
						},
					});
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (!client.callQueues) {
		return <Text dimColor>Queues: unavailable, this client has no SQS calls.</Text>;
	}

	if (!queue) {
		return polled.problem ? <Text color='red' wrap='wrap'>Reading {name} failed: {polled.problem}</Text> : <Text dimColor>Loading…</Text>;
	}

	const width = columns - 1;
	const {attributes} = queue;
	const redrive = queue.deadLetter ? `  DLQ ${arnName(queue.deadLetter)} after ${queue.maxReceiveCount ?? '?'} receives` : '';
	const head = [
		<Text key='arn' wrap='truncate' dimColor>{queue.arn ?? queueUrl}{queue.fifo ? '  (FIFO)' : ''}</Text>,
		<Text key='counts' wrap='truncate'><Text bold>{queue.available}</Text> available  <Text bold>{queue.inFlight}</Text> in flight  <Text bold>{queue.delayed}</Text> delayed{redrive}</Text>,
		<Text key='attributes' wrap='truncate' dimColor>
			{moveLine(moves.value?.[0])}visibility {seconds(attributes.VisibilityTimeout)}  retention {seconds(attributes.MessageRetentionPeriod)}  delay {seconds(attributes.DelaySeconds)}  wait {seconds(attributes.ReceiveMessageWaitTimeSeconds)}{polled.problem ? `  (refresh failed: ${polled.problem})` : ''}
		</Text>,
	];
	const room = Math.max(3, bodyHeight - head.length - 1);
	if (composer.current) {
		return (
			<Box flexDirection='column'>
				{head}
				<Text wrap='truncate'>New message to {name}{queue.fifo ? ' (group console)' : ''}: ctrl-s sends, esc cancels</Text>
				<TextArea state={composer.current} focused height={Math.max(1, room - 3)} width={width}/>
			</Box>
		);
	}

	if (allAttributes) {
		const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
		const keyWidth = Math.min(40, Math.max(...entries.map(([key]) => key.length)) + 2);
		return (
			<Box flexDirection='column'>
				{head}
				<Text bold wrap='truncate'>All attributes (a: back to messages)</Text>
				{entries.slice(0, Math.max(1, room - 1)).map(([key, value]) => <Text key={key} wrap='truncate'><Text dimColor>{fit(key, keyWidth)}</Text>{value}</Text>)}
			</Box>
		);
	}

	const messages = peeked ?? [];
	const index = Math.min(selected.current, Math.max(0, messages.length - 1));
	const listRows = Math.max(1, Math.min(messages.length, Math.floor((room - 2) / 2)));
	const start = windowStart(index, messages.length, listRows);
	const idWidth = width < 80 ? 8 : 36;
	const body = messages[index]?.body ?? '';
	return (
		<Box flexDirection='column'>
			{head}
			{peeked === undefined
				? <Text dimColor wrap='truncate'>p peeks at up to 10 messages (each peek counts as a receive){readonly ? '' : ', s sends one, x purges'}.</Text>
				: <Text bold wrap='truncate'>{messages.length === 0 ? 'No messages visible to a receive.' : `${fit('MESSAGE', idWidth)} RECV SENT  BODY`}</Text>}
			{messages.slice(start, start + listRows).map((message, at) => (
				<Text key={message.id} wrap='truncate' inverse={start + at === index}>
					{fit(message.id, idWidth)} {fit(String(message.receiveCount), 4)} {fit(formatAgo(message.sentAt), 5)} {message.body.replaceAll('\n', ' ')}
				</Text>
			))}
			{messages.length > 0 ? <Box height={Math.max(1, room - listRows - 1)} overflow='hidden'><Text wrap='wrap'>{body}</Text></Box> : null}
		</Box>
	);
};
