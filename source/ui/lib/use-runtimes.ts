import {useEffect, useState} from 'react';
import {supportedRuntimes} from '../../core/runtimes.js';
import type {LambdeckClient} from '../../client/client.js';

let known: Promise<string[]> | undefined;

const families = ['nodejs', 'python', 'java', 'dotnet', 'ruby', 'provided'];

/**
Runtimes in the order a picker lists them: by language (Node.js, Python, Java, .NET, Ruby, then OS-only), newest version first.
*/
export const orderRuntimes = (runtimes: readonly string[]): string[] => {
	const family = (runtime: string) => {
		const at = families.findIndex(name => runtime.startsWith(name));
		return at === -1 ? families.length : at;
	};

	const version = (runtime: string) => (runtime.match(/\d+/g) ?? []).map(Number);
	const newer = (a: number[], b: number[]) => {
		for (let index = 0; index < Math.max(a.length, b.length); index++) {
			const difference = (b[index] ?? -1) - (a[index] ?? -1);
			if (difference !== 0) {
				return difference;
			}
		}

		return 0;
	};

	return [...runtimes].sort((a, b) => family(a) - family(b) || newer(version(a), version(b)) || a.localeCompare(b));
};

/**
The handler a new function of a runtime starts with, as the Lambda console's templates name it.
*/
export const defaultHandler = (runtime: string) => runtime.startsWith('python') ? 'lambda_function.lambda_handler' : runtime.startsWith('provided') ? 'function.handler' : runtime.startsWith('java') ? 'example.Hello::handleRequest' : runtime.startsWith('ruby') ? 'lambda_function.lambda_handler' : 'index.handler';

/**
The runtimes the service's machine can run, for the runtime pickers, in `orderRuntimes` order. Until the service has answered (it asks each interpreter once), every runtime Lambda supports is offered.
*/
export const useRuntimes = (client: LambdeckClient): readonly string[] => {
	const [runtimes, setRuntimes] = useState<readonly string[]>(() => orderRuntimes(supportedRuntimes));
	useEffect(() => {
		let current = true;
		known ??= client.listRuntimes().then(list => orderRuntimes(list.map(support => support.Runtime)), () => orderRuntimes(supportedRuntimes));
		void known.then(list => {
			if (current) {
				setRuntimes(list);
			}
		});
		return () => {
			current = false;
		};
	}, [client]);
	return runtimes;
};
