import {Box, Text} from 'ink';
import {hintsFor, type KeyScope} from '../key-map.js';

/**
Every key valid in the current view, from the key map, grouped by where it applies.
*/
export const HelpOverlay = ({scopes, readonly}: {scopes: KeyScope[]; readonly: boolean}) => (
	<Box flexDirection='column' borderStyle='round' borderColor='cyan' paddingX={1}>
		<Text bold>Keys (esc or ? to close)</Text>
		{scopes.map(scope => {
			const hints = hintsFor([scope], readonly, {all: true});
			return hints.length === 0 ? null : (
				<Box key={scope} flexDirection='column' marginTop={1}>
					<Text color='cyan'>{scope}</Text>
					{hints.map(({keys, hint}) => <Text key={keys + hint}>  {keys.padEnd(22)} {hint}</Text>)}
				</Box>
			);
		})}
		<Box marginTop={1}><Text dimColor>commands: :functions :logs [name] :create :ops :q</Text></Box>
	</Box>
);
