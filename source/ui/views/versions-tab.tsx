import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {describeError} from '../lib/errors.js';
import {fit} from '../lib/format.js';

type Version = {Version: string; Description?: string; CodeSha256?: string; LastModified?: string};
type Alias = {Name: string; FunctionVersion: string; RoutingConfig?: {AdditionalVersionWeights?: Record<string, number>}};

/**
Which versions an alias runs, in words: its own version, and the additional one with its share of invokes.
*/
export const aliasRouting = (alias: Alias) => {
	const [extra] = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
	return extra ? `${alias.FunctionVersion} (${Math.round((1 - extra[1]) * 100)}%) + ${extra[0]} (${Math.round(extra[1] * 100)}%)` : alias.FunctionVersion;
};

/**
The Versions and aliases tab: the function's published versions and its aliases with the versions each runs; `p` publishes `$LATEST` as a new version. Endpoints whose client cannot call other operations show that it is unavailable.
*/
export const VersionsTab = ({functionName, height}: {functionName: string; height: number}) => {
	const api = useConsole();
	const {client, readonly, functions} = api;
	const [versions, setVersions] = useState<Version[] | undefined>();
	const [aliases, setAliases] = useState<Alias[]>([]);
	const [problem, setProblem] = useState<string | undefined>();
	const [tick, setTick] = useState(0);
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

	useKeys('tab', ['versions'], event => {
		switch (actionFor(['versions'], event, readonly)) {
			case 'publish': {
				void api.runOp(`Publish a version of ${functionName}`, async () => client.callOperation!('PublishVersion', {FunctionName: functionName})).then(() => {
					setTick(value => value + 1);
				});
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
		...aliases.map(alias => <Text key={`a${alias.Name}`} wrap='truncate'>{fit(`${alias.Name} → ${aliasRouting(alias)}`, width)}</Text>),
	];
	return <Box flexDirection='column'>{rows.slice(0, Math.max(1, height))}</Box>;
};
