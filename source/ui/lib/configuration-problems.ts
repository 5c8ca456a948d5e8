import {constraintProblems, validateRuntime} from '../../core/validate.js';

/**
The form's values of a function's general configuration, as typed.
*/
export type ConfigurationDraft = {memory: string; timeout: string; handler: string; runtime: string; description: string};

const toNumber = (text: string) => text.trim() === '' ? Number.NaN : Number(text);

/**
What Lambda would say is wrong with a draft, in its own words: constraint failures first, then the runtime.
*/
export const configurationProblems = (draft: ConfigurationDraft): string[] => {
	const problems = constraintProblems({
		MemorySize: toNumber(draft.memory), Timeout: toNumber(draft.timeout), Handler: draft.handler, Description: draft.description,
	});
	if (draft.handler.length === 0 && !draft.runtime.startsWith('provided')) {
		problems.push(`Value '' at 'handler' failed to satisfy constraint: Member must have length greater than or equal to 1`);
	}

	try {
		validateRuntime(draft.runtime);
	} catch (error) {
		problems.push((error as Error).message);
	}

	return problems;
};
