import {Box, Text} from 'ink';
import type {ConnectionState} from '../../client/client.js';
import {hintsFor, type KeyScope} from '../key-map.js';

const connectionLooks = {connected: ['green', '●'], connecting: ['yellow', '○'], disconnected: ['red', '✕']} as const;

/**
Whether the console reaches its service, as a coloured mark and word, with the reason when it does not (or how it follows events, when it polls).
*/
const Connection = ({state}: {state: ConnectionState}) => {
	const [color, mark] = connectionLooks[state.status];
	return <Text color={color}>{mark} {state.status}{state.detail ? ` (${state.detail})` : ''}  </Text>;
};

/**
The header, most needed first as narrow terminals cut it: the view, read-only mode, whether functions are isolated, where the service is and whether the console reaches it, how many functions, the data dir, and the keys valid in the current view, from the key map.
*/
export const Header = ({endpoint, connection, dataDir, sandbox, functionCount, readonly, scopes, columns, title}: {
	endpoint: string;
	connection: ConnectionState;
	dataDir?: string;
	sandbox?: 'process' | 'bubblewrap';
	functionCount: number;
	readonly: boolean;
	scopes: KeyScope[];
	columns: number;
	title: string;
}) => {
	const lines: string[] = [''];
	for (const {keys, hint} of hintsFor(scopes, readonly)) {
		const item = `<${keys}> ${hint}`;
		const current = lines.at(-1)!;
		if (current.length > 0 && current.length + item.length + 2 > columns) {
			lines.push(item);
		} else {
			lines[lines.length - 1] = current ? `${current}  ${item}` : item;
		}
	}

	return (
		<Box flexDirection='column' height={3}>
			<Text wrap='truncate'>
				<Text bold color='cyan'>lambdeck</Text>
				<Text> {title}  </Text>
				{readonly ? <Text color='yellow'>[readonly]  </Text> : null}
				{sandbox === 'process' ? <Text color='yellow'>[process mode: no isolation]  </Text> : null}
				<Text dimColor>endpoint </Text><Text>{endpoint} </Text><Connection state={connection}/>
				<Text dimColor>functions </Text><Text>{functionCount}  </Text>
				<Text dimColor>data </Text><Text>{dataDir ?? '-'}</Text>
			</Text>
			<Text wrap='truncate' color='gray'>{lines[0]}</Text>
			<Text wrap='truncate' color='gray'>{lines[1] ?? ''}</Text>
		</Box>
	);
};
