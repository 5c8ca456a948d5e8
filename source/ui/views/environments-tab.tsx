import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {EnvironmentInfo} from '../../core/types.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {fit, formatAgo} from '../lib/format.js';
import {useSyncState} from '../lib/sync-state.js';

/**
The Environments tab: each execution environment of the function (pid, age, invocations served, peak memory, state: busy, warm or cold), refreshed every second; `x` stops the selected one. Endpoints whose client cannot list environments show that it is unavailable.
*/
export const EnvironmentsTab = ({functionName, height}: {functionName: string; height: number}) => {
	const api = useConsole();
	const {client, readonly, recordsVersion} = api;
	const [environments, setEnvironments] = useState<EnvironmentInfo[] | undefined>();
	const [problem, setProblem] = useState<string | undefined>();
	const [selected, setSelected] = useSyncState(0);
	const [tick, setTick] = useState(0);
	useEffect(() => {
		if (!client.listEnvironments) {
			return;
		}

		let current = true;
		void client.listEnvironments(functionName).then(found => {
			if (current) {
				setEnvironments(found);
				setProblem(undefined);
			}
		}, (error: unknown) => {
			if (current) {
				setProblem(describeError(error));
			}
		});
		const timer = setTimeout(() => {
			setTick(value => value + 1);
		}, 1000);
		return () => {
			current = false;
			clearTimeout(timer);
		};
	}, [client, functionName, tick, recordsVersion]);

	useKeys('tab', ['environments'], event => {
		const list = environments ?? [];
		switch (actionFor(['environments'], event, readonly)) {
			case 'down': { setSelected(Math.min(list.length - 1, selected.current + 1)); return true; }
			case 'up': { setSelected(Math.max(0, selected.current - 1)); return true; }
			case 'stop': {
				const environment = list[selected.current];
				if (environment && client.stopEnvironment) {
					api.confirm({
						title: `Stop execution environment ${environment.id.slice(0, 8)} of ${functionName}?`,
						lines: [`pid ${environment.pid ?? '-'}, ${environment.invocations} invocations served. The next invoke may start cold.`],
						confirmLabel: 'Stop',
						onConfirm() {
							void api.runOp(`Stop environment ${environment.id.slice(0, 8)} of ${functionName}`, async () => client.stopEnvironment!(functionName, environment.id)).then(() => {
								setTick(value => value + 1);
							});
						},
					});
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (!client.listEnvironments) {
		return <Text dimColor wrap='wrap'>Execution environments: unavailable from this endpoint ({client.endpoint}); it does not say which environments run.</Text>;
	}

	if (problem) {
		return problem.startsWith('UnsupportedFeatureException')
			? <Text dimColor wrap='wrap'>Execution environments: unavailable. {problem.replace(/^UnsupportedFeatureException: /, '')}</Text>
			: <Text color='red' wrap='wrap'>Listing environments failed: {problem}</Text>;
	}

	if (!environments) {
		return <Text dimColor>Loading…</Text>;
	}

	if (environments.length === 0) {
		return <Text dimColor wrap='wrap'>No execution environments: the next invoke starts one (a cold start).</Text>;
	}

	const index = Math.min(selected.current, environments.length - 1);
	const line = (environment: EnvironmentInfo) => [
		fit(environment.id.slice(0, 8), 8), fit(String(environment.pid ?? '-'), 7), fit(environment.startedAt ? formatAgo(environment.startedAt) : '-', 5),
		fit(String(environment.invocations), 8), fit(`${environment.memoryMb}MB`, 7), fit(environment.state, 5), environment.version,
	].join(' ');
	return (
		<Box flexDirection='column'>
			<Text bold wrap='truncate'>{['ID      ', 'PID    ', 'AGE  ', 'INVOKES ', 'MEMORY ', 'STATE', 'VERSION'].join(' ')}</Text>
			{environments.slice(0, Math.max(1, height - 2)).map((environment, at) => (
				<Text key={environment.id} inverse={at === index} wrap='truncate' color={environment.state === 'busy' ? 'yellow' : undefined}>{line(environment)}</Text>
			))}
			<Text dimColor wrap='truncate'>{environments.length} environment{environments.length === 1 ? '' : 's'}{readonly ? '' : '  x: stop the selected one'}</Text>
		</Box>
	);
};
