import {Text} from 'ink';
import {useLayoutEffect, useState} from 'react';
import {ScrolledLines} from '../components/result-pane.js';
import {useConsole} from '../console-context.js';
import {describeError} from '../lib/errors.js';
import {wrapText} from '../lib/invoke-result.js';
import {useScrollKeys} from '../lib/use-scroll-keys.js';

/**
The describe view: the function's whole configuration as `aws lambda get-function` prints it (JSON with four-space indent), scrollable; lines are wrapped only where they are wider than the terminal.
*/
export const DescribeView = ({functionName}: {functionName: string}) => {
	const {client, columns, bodyHeight, functions} = useConsole();
	const [text, setText] = useState<string | undefined>();
	const revision = functions.find(fn => fn.FunctionName === functionName)?.RevisionId;
	useLayoutEffect(() => {
		void client.getFunction({FunctionName: functionName}).then(response => {
			setText(JSON.stringify(response, undefined, 4));
		}, (error: unknown) => {
			setText(`get-function failed: ${describeError(error)}`);
		});
	}, [client, functionName, revision]);

	const lines = wrapText(text ?? 'Loading…', columns - 1).map(line => ({text: line}));
	const rows = bodyHeight - 1;
	const scroll = useScrollKeys('describe', lines.length, rows);

	return text === undefined ? <Text dimColor>Loading…</Text> : <ScrolledLines lines={lines} offset={scroll.current} height={bodyHeight} width={columns - 1} hint='j/k scroll  esc back'/>;
};
