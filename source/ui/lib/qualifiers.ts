import type {LambdeckClient} from '../../client/client.js';

/**
What a function can be invoked as: `$LATEST`, its published versions (oldest first) and its aliases by name. A client that cannot call other operations offers `$LATEST` only.
*/
export const listQualifiers = async (client: LambdeckClient, functionName: string): Promise<string[]> => {
	if (!client.callOperation) {
		return ['$LATEST'];
	}

	const [listed, named] = await Promise.all([
		client.callOperation('ListVersionsByFunction', {FunctionName: functionName}),
		client.callOperation('ListAliases', {FunctionName: functionName}),
	]);
	const versions = ((listed?.Versions ?? []) as Array<{Version: string}>).map(version => version.Version).filter(version => version !== '$LATEST');
	const aliases = ((named?.Aliases ?? []) as Array<{Name: string}>).map(alias => alias.Name).sort();
	return ['$LATEST', ...versions, ...aliases];
};
