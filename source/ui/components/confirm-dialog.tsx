import {Box, Text} from 'ink';
import type {ConfirmRequest} from '../console-context.js';

/**
A confirmation box. The focused button is highlighted; Cancel is focused when it opens.
*/
export const ConfirmDialog = ({request, focus}: {request: ConfirmRequest; focus: 'cancel' | 'confirm'}) => (
	<Box flexDirection='column' borderStyle='round' borderColor='yellow' paddingX={1}>
		<Text bold>{request.title}</Text>
		{(request.lines ?? []).map((line, index) => <Text key={index} wrap='truncate'>{line}</Text>)}
		<Box gap={2} marginTop={1}>
			<Text inverse={focus === 'cancel'}> Cancel </Text>
			<Text inverse={focus === 'confirm'} color='red'> {request.confirmLabel} </Text>
		</Box>
		<Text dimColor>←/→ choose  enter select  esc cancel</Text>
	</Box>
);
