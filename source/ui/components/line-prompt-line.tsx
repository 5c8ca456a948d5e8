import {Text} from 'ink';
import type {LinePrompt} from '../lib/line-prompt.js';

/**
A line prompt as one line: its label, the text (highlighted while the first key would replace it) and a cursor.
*/
export const LinePromptLine = ({prompt}: {prompt: LinePrompt}) => (
	<Text wrap='truncate-start'>
		<Text color='cyan'>{prompt.label}: </Text>
		<Text inverse={prompt.selected}>{prompt.text}</Text>
		{prompt.selected ? null : <Text inverse> </Text>}
	</Text>
);
