import {Box, Text} from 'ink';
import type {Operation} from '../lib/operations.js';
import {useConsole, useKeys} from '../console-context.js';

/**
The `@` view: every operation the console ran, newest last, with errors in full.
*/
export const OperationsLog = ({operations}: {operations: Operation[]}) => {
	const {bodyHeight} = useConsole();
	useKeys('view', ['ops'], () => false);
	const shown = operations.slice(-Math.max(1, bodyHeight - 1));
	return (
		<Box flexDirection='column'>
			<Text bold>Operations ({operations.length})</Text>
			{shown.length === 0 ? <Text dimColor>Nothing run yet.</Text> : null}
			{shown.map(operation => (
				<Text key={`${operation.time}-${operation.label}`} wrap='wrap' color={operation.outcome === 'error' ? 'red' : undefined}>
					{new Date(operation.time).toISOString().slice(11, 19)} {operation.outcome.padEnd(7)} {operation.label}{operation.detail ? ` — ${operation.detail}` : ''}
				</Text>
			))}
		</Box>
	);
};
