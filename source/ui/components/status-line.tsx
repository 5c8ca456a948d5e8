import {Box, Text} from 'ink';
import type {Prompt} from '../lib/overlay-keys.js';

/**
The bottom line: the `:` or `/` prompt being typed (its prefilled text highlighted until typed over, and Tab's completions beneath), or the status message, errors in red and in full up to `height` lines.
*/
export const StatusLine = ({prompt, candidates, status, height}: {
	prompt?: Prompt;
	candidates: string[];
	status: {message: string; level: 'info' | 'error'};
	height: number;
}) => {
	if (prompt) {
		return (
			<Box flexDirection='column' height={height} flexShrink={0}>
				<Text wrap='truncate'>
					<Text color='cyan'>{prompt.kind === 'command' ? ':' : '/'}</Text>
					<Text inverse={prompt.selected}>{prompt.text}</Text>
					{prompt.selected ? null : <Text inverse> </Text>}
					{prompt.selected ? <Text dimColor>  type to replace, ←/→ to edit</Text> : null}
				</Text>
				{candidates.length > 0 ? <Text dimColor wrap='truncate'>{candidates.join('  ')}</Text> : null}
			</Box>
		);
	}

	return (
		<Box height={height} flexShrink={0} overflowY='hidden'>
			<Text wrap={status.level === 'error' ? 'wrap' : 'truncate'} color={status.level === 'error' ? 'red' : undefined}>{status.message}</Text>
		</Box>
	);
};
