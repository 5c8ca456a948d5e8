import type {FunctionConfiguration} from '../../core/types.js';

/**
Changes to the function list that arrived in service events, by function name: the new configuration, or undefined for a deleted function. Later changes to one function replace earlier ones.
*/
export type FunctionChanges = Map<string, FunctionConfiguration | undefined>;

const byName = (left: string, right: string) => left.localeCompare(right);

/**
Apply changes to a list sorted by name (as ListFunctions returns it), keeping it sorted: deleted functions leave, changed ones are replaced and new ones are put in their place. The list is not changed; with no changes it is returned as it is.
*/
export const applyFunctionChanges = (functions: FunctionConfiguration[], changes: ReadonlyMap<string, FunctionConfiguration | undefined>): FunctionConfiguration[] => {
	if (changes.size === 0) {
		return functions;
	}

	const next = functions.filter(fn => !changes.has(fn.FunctionName));
	for (const configuration of changes.values()) {
		if (!configuration) {
			continue;
		}

		let low = 0;
		let high = next.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (byName(next[middle]!.FunctionName, configuration.FunctionName) < 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		next.splice(low, 0, configuration);
	}

	return next;
};
