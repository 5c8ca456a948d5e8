/**
The flags every lambdeck command takes, as the AWS CLI's global options: which endpoint, region and profile to talk to.
*/
export type GlobalFlags = {endpoint?: string; region?: string; profile?: string};

const names = {'--endpoint-url': 'endpoint', '--region': 'region', '--profile': 'profile'} as const;

/**
Take `--endpoint-url URL`, `--region R` and `--profile P` (or `--flag=value`) out of a command line, wherever they stand; the rest is the command's own.
*/
export const takeGlobalFlags = (argv: string[]): {flags: GlobalFlags; rest: string[]; missing?: string} => {
	const flags: GlobalFlags = {};
	const rest: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		const [name, inline] = argument.split(/=(.*)/s, 2) as [string, string | undefined];
		const key = names[name as keyof typeof names];
		if (!key) {
			rest.push(argument);
			continue;
		}

		const value = inline ?? argv[++index];
		if (value === undefined || value === '') {
			return {flags, rest, missing: name};
		}

		flags[key] = value;
	}

	return {flags, rest};
};
