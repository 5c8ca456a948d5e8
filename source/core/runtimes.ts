/**
The runtimes Lambda accepts for CreateFunction, in the order its validation message lists them.
*/
export const supportedRuntimes = [
	'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x', 'java25',
	'python3.10', 'python3.11', 'java21', 'ruby3.3', 'ruby3.4', 'ruby3.2', 'python3.8', 'python3.9', 'java17',
	'nodejs16.x', 'dotnet10', 'dotnet8', 'java11', 'dotnet6', 'nodejs18.x', 'provided.al2', 'java8.al2',
] as const;

/**
Runtimes that exist in the service model but that Lambda no longer lets a function be created or updated with.
*/
export const deprecatedRuntimes = [
	'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs4.3-edge',
	'python2.7', 'python3.6', 'python3.7', 'ruby2.5', 'ruby2.7', 'go1.x', 'java8', 'provided', 'dotnetcore1.0',
	'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0',
] as const;

export type Runtime = typeof supportedRuntimes[number];

/**
The kind of bootstrap a runtime needs: our Node or Python client, or the package's own `bootstrap`.
*/
export type RuntimeFamily = 'nodejs' | 'python' | 'provided' | 'other';

export const runtimeFamily = (runtime: string): RuntimeFamily => {
	if (runtime.startsWith('nodejs')) {
		return 'nodejs';
	}

	if (runtime.startsWith('python')) {
		return 'python';
	}

	return runtime.startsWith('provided') ? 'provided' : 'other';
};

export const isSupportedRuntime = (runtime: string): runtime is Runtime =>
	(supportedRuntimes as readonly string[]).includes(runtime);

export const isDeprecatedRuntime = (runtime: string) => (deprecatedRuntimes as readonly string[]).includes(runtime);
