import {Box, Text} from 'ink';
import {useRef} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {fit} from '../lib/format.js';
import {listMove, windowStart} from '../lib/list-move.js';
import {arnName, listQueueSummaries, type QueueSummary} from '../lib/queues.js';
import {useSyncState} from '../lib/sync-state.js';
import {usePolling} from '../lib/use-polling.js';

/**
The Queues view's columns for a width: full titles from 80 columns, short ones below; the name and the dead-letter queue share what the counts leave.
*/
export const queueColumns = (width: number) => {
	const narrow = width < 80;
	const counts = narrow ? 5 : 9;
	const fixed = counts * 3 + 4 + 5;
	const name = Math.max(8, Math.floor((width - fixed) * 0.6));
	const deadLetter = Math.max(4, width - fixed - name);
	return [
		{title: 'NAME', width: name, value: (queue: QueueSummary) => queue.name},
		{title: narrow ? 'AVAIL' : 'AVAILABLE', width: counts, value: (queue: QueueSummary) => String(queue.available)},
		{title: narrow ? 'FLGHT' : 'INFLIGHT', width: counts, value: (queue: QueueSummary) => String(queue.inFlight)},
		{title: narrow ? 'DELAY' : 'DELAYED', width: counts, value: (queue: QueueSummary) => String(queue.delayed)},
		{title: 'FIFO', width: 4, value: (queue: QueueSummary) => queue.fifo ? 'yes' : ''},
		{title: 'DLQ', width: deadLetter, value: (queue: QueueSummary) => queue.deadLetter ? arnName(queue.deadLetter) : ''},
	];
};

/**
The Queues view (`:queues`): every queue of the endpoint with its messages available, in flight and delayed, whether it is FIFO and its dead-letter queue (a dead-letter queue holding messages in red), refreshed every second (every 100 ms per queue beyond ten, at most 10 s apart); `/` filters by name, Enter opens a queue.
*/
export const QueuesView = () => {
	const {client, readonly, bodyHeight, columns, filter, navigate} = useConsole();
	// Each queue costs a GetQueueAttributes per refresh: many queues (on AWS, where calls are billed) refresh less often, up to every 10 s.
	const known = useRef(0);
	const polled = usePolling(client.callQueues ? async () => listQueueSummaries(client) : undefined, Math.min(10_000, Math.max(1000, known.current * 100)), [client]);
	known.current = polled.value?.length ?? 0;
	const [selected, setSelected] = useSyncState(0);
	const needle = filter.toLowerCase();
	const queues = (polled.value ?? []).filter(queue => queue.name.toLowerCase().includes(needle));
	const rows = Math.max(1, bodyHeight - 2);
	useKeys('view', ['queues', 'list'], event => {
		const action = actionFor(['queues', 'list'], event, readonly);
		const moved = listMove(action, selected.current, queues.length, rows);
		if (moved !== undefined) {
			setSelected(moved);
			return true;
		}

		if (action === 'open') {
			const queue = queues[Math.min(selected.current, queues.length - 1)];
			if (queue) {
				navigate({view: 'queue', queueUrl: queue.url});
			}

			return true;
		}

		if (action === 'refresh') {
			polled.refresh();
			return true;
		}

		return false;
	});

	if (!client.callQueues) {
		return <Text dimColor wrap='wrap'>Queues: unavailable, this client has no SQS calls.</Text>;
	}

	if (polled.problem && !polled.value) {
		return <Text color='red' wrap='wrap'>Listing queues failed: {polled.problem}</Text>;
	}

	if (!polled.value) {
		return <Text dimColor>Loading…</Text>;
	}

	if (queues.length === 0) {
		return <Text dimColor wrap='wrap'>{filter ? `No queue matches /${filter}.` : 'No queues. Create one with aws sqs create-queue --queue-name NAME (with --endpoint-url for a serve).'}</Text>;
	}

	// A dead-letter queue with messages in it is what an operator looks for first.
	const deadLetters = new Set((polled.value).flatMap(queue => queue.deadLetter ? [arnName(queue.deadLetter)] : []));
	const layout = queueColumns(columns - 1);
	const index = Math.min(selected.current, queues.length - 1);
	const start = windowStart(index, queues.length, rows);
	const line = (cells: string[]) => cells.map((cell, at) => fit(cell, layout[at]!.width)).join(' ');
	return (
		<Box flexDirection='column'>
			<Text bold wrap='truncate'>{line(layout.map(column => column.title))}</Text>
			{queues.slice(start, start + rows).map((queue, at) => (
				<Text key={queue.url} wrap='truncate' inverse={start + at === index} color={queue.available > 0 && deadLetters.has(queue.name) ? 'red' : undefined}>
					{line(layout.map(column => column.value(queue)))}
				</Text>
			))}
			<Text dimColor wrap='truncate'>{queues.length} queue{queues.length === 1 ? '' : 's'}{polled.problem ? `  (refresh failed: ${polled.problem})` : ''}</Text>
		</Box>
	);
};
