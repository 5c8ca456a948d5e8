import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {fit} from '../lib/format.js';
import {useSyncState} from '../lib/sync-state.js';

type Version = {Version: string; Description?: string; CodeSha256?: string; LastModified?: string};
type Alias = {Name: string; FunctionVersion: string; RoutingConfig?: {AdditionalVersionWeights?: Record<string, number>}};

/**
Which versions an alias runs, in words: its own version, and the additional one with its share of invokes.
*/
export const aliasRouting = (alias: Alias) => {
	const [extra] = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
	return extra ? `${alias.FunctionVersion} (${Math.round((1 - extra[1]) * 100)}%) + ${extra[0]} (${Math.round(extra[1] * 100)}%)` : alias.FunctionVersion;
};

const weightSteps = [0.1, 0.5, 0.9];

/**
The next step of shifting an alias to a newer version: 10%, 50%, 90% of its invokes on the new version, then the alias moved to it whole.
*/
export const nextShift = (alias: Alias, newest: string): Record<string, unknown> => {
	const weight = alias.RoutingConfig?.AdditionalVersionWeights?.[newest] ?? 0;
	const next = weightSteps.find(step => step > weight);
	return next === undefined
		? {FunctionVersion: newest, RoutingConfig: {AdditionalVersionWeights: {}}}
		: {RoutingConfig: {AdditionalVersionWeights: {[newest]: next}}};
};

/**
The Versions and aliases tab: the function's published versions and its aliases with the versions each runs. `p` publishes `$LATEST` as a new version, `l` points the alias `live` at the newest version (creating it), `w` shifts the selected alias toward the newest version by weight (10%, 50%, 90%, then all of it). Endpoints whose client cannot call other operations show that it is unavailable.
*/
export const VersionsTab = ({functionName, height}: {functionName: string; height: number}) => {
	const api = useConsole();
	const {client, readonly, functions} = api;
	const [versions, setVersions] = useState<Version[] | undefined>();
	const [aliases, setAliases] = useState<Alias[]>([]);
	const [problem, setProblem] = useState<string | undefined>();
	const [tick, setTick] = useState(0);
	const [selected, setSelected] = useSyncState(0);
	const configuration = functions.find(fn => fn.FunctionName === functionName);
	useEffect(() => {
		if (!client.callOperation) {
			return;
		}

		let current = true;
		void Promise.all([
			client.callOperation('ListVersionsByFunction', {FunctionName: functionName}),
			client.callOperation('ListAliases', {FunctionName: functionName}),
		]).then(([listed, named]) => {
			if (current) {
				setVersions((listed?.Versions ?? []) as Version[]);
				setAliases((named?.Aliases ?? []) as Alias[]);
				setProblem(undefined);
			}
		}, (error: unknown) => {
			if (current) {
				setProblem(describeError(error));
			}
		});
		return () => {
			current = false;
		};
	}, [client, functionName, tick, configuration]);

	const run = (label: string, operation: string, input: Record<string, unknown>) => {
		void api.runOp(label, async () => client.callOperation!(operation, {FunctionName: functionName, ...input})).then(() => {
			setTick(value => value + 1);
		});
	};

	useKeys('tab', ['versions'], event => {
		const newest = versions?.filter(version => version.Version !== '$LATEST').at(-1)?.Version;
		const action = actionFor(['versions'], event, readonly);
		if ((action === 'point-live' || action === 'shift') && !newest) {
			api.notify('Publish a version first (p).', 'error');
			return true;
		}

		switch (action) {
			case 'down': { setSelected(Math.min(aliases.length - 1, selected.current + 1)); return true; }
			case 'up': { setSelected(Math.max(0, selected.current - 1)); return true; }
			case 'publish': { run(`Publish a version of ${functionName}`, 'PublishVersion', {}); return true; }
			case 'point-live': {
				const live = aliases.find(alias => alias.Name === 'live');
				if (live) {
					run(`Point live of ${functionName} at version ${newest}`, 'UpdateAlias', {Name: 'live', FunctionVersion: newest, RoutingConfig: {AdditionalVersionWeights: {}}});
				} else {
					run(`Create alias live of ${functionName} on version ${newest}`, 'CreateAlias', {Name: 'live', FunctionVersion: newest});
				}

				return true;
			}

			case 'shift': {
				const alias = aliases[selected.current];
				if (!alias) {
					api.notify('No alias to shift: press l to create live.', 'error');
				} else if (alias.FunctionVersion === newest) {
					api.notify(`${alias.Name} already runs version ${newest}, the newest.`);
				} else {
					run(`Shift ${alias.Name} of ${functionName} toward version ${newest}`, 'UpdateAlias', {Name: alias.Name, ...nextShift(alias, newest!)});
				}

				return true;
			}

			default: { return false; }
		}
	});

	if (!client.callOperation) {
		return <Text dimColor>This endpoint's client cannot list versions.</Text>;
	}

	if (problem) {
		return <Text color='red'>{problem}</Text>;
	}

	if (!versions) {
		return <Text dimColor>Loading…</Text>;
	}

	const width = api.columns - 2;
	const published = versions.filter(version => version.Version !== '$LATEST');
	const rows = [
		<Text key='versions-title' bold>Versions ({published.length} published)</Text>,
		...(published.length === 0 ? [<Text key='none' dimColor>None yet: press p to publish $LATEST as version 1.</Text>] : []),
		...published.map(version => (
			<Text key={`v${version.Version}`} wrap='truncate'>{fit(`${version.Version.padStart(4)}  ${(version.CodeSha256 ?? '').slice(0, 12)}  ${version.LastModified ?? ''}  ${version.Description ?? ''}`, width)}</Text>
		)),
		<Text key='aliases-title' bold>Aliases</Text>,
		...(aliases.length === 0 ? [<Text key='no-aliases' dimColor>No aliases.</Text>] : []),
		...aliases.map((alias, index) => <Text key={`a${alias.Name}`} wrap='truncate' inverse={index === selected.current}>{fit(`${alias.Name} → ${aliasRouting(alias)}`, width)}</Text>),
	];
	return <Box flexDirection='column'>{rows.slice(0, Math.max(1, height))}</Box>;
};
