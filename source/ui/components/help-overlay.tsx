import {Box, Text} from 'ink';
import {hintsFor, type KeyScope} from '../key-map.js';

/**
Every key valid in the current view, from the key map, one wrapped paragraph per place it applies.
*/
export const HelpOverlay = ({scopes, readonly}: {scopes: KeyScope[]; readonly: boolean}) => (
	<Box flexDirection='column' borderStyle='round' borderColor='cyan' paddingX={1} flexShrink={0}>
		<Text bold>Keys (esc or ? to close)</Text>
		{scopes.map(scope => {
			const hints = hintsFor([scope], readonly, {all: true});
			return hints.length === 0 ? null : (
				<Text key={scope} wrap='wrap'>
					<Text color='cyan'>{scope.padEnd(10)}</Text>
					{hints.map(({keys, hint}) => <Text key={keys + hint}><Text bold>{keys}</Text> {hint}   </Text>)}
				</Text>
			);
		})}
		<Text dimColor wrap='wrap'>commands: :functions  :logs [name]  :queues  :triggers/:async [name]  :ops  {readonly ? '' : ':create  '}:q{readonly ? '   read-only: actions that change things are hidden' : ''}</Text>
	</Box>
);
