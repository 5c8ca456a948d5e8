import {Text} from 'ink';
import {useLayoutEffect, useState} from 'react';
import {ScrolledLines} from '../components/result-pane.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {wrapText} from '../lib/invoke-result.js';
import {useSyncState} from '../lib/sync-state.js';

/**
The describe view: the function's whole configuration as `aws lambda get-function` prints it (JSON with four-space indent), scrollable; lines are wrapped only where they are wider than the terminal.
*/
export const DescribeView = ({functionName}: {functionName: string}) => {
	const {client, columns, bodyHeight, readonly, functions} = useConsole();
	const [text, setText] = useState<string | undefined>();
	const [scroll, setScroll] = useSyncState(0);
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
	useKeys('view', ['describe'], event => {
		const by = (step: number) => {
			setScroll(previous => Math.max(0, Math.min(previous + step, lines.length - rows)));
		};

		switch (actionFor(['describe'], event, readonly)) {
			case 'down': { by(1); return true; }
			case 'up': { by(-1); return true; }
			case 'page-down': { by(rows - 1); return true; }
			case 'page-up': { by(1 - rows); return true; }
			case 'top': { setScroll(0); return true; }
			case 'bottom': { by(lines.length); return true; }
			default: { return false; }
		}
	});

	return text === undefined ? <Text dimColor>Loading…</Text> : <ScrolledLines lines={lines} offset={scroll.current} height={bodyHeight} width={columns - 1} hint='j/k scroll  esc back'/>;
};
