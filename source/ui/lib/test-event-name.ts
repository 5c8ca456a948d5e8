/** The longest name the Lambda console takes for a saved test event. */
export const testEventNameLength = 25;

const testEventNamePattern = /^[A-Za-z0-9_.-]+$/;

/**
What is wrong with a name for a saved test event, in the Lambda console's words, or undefined when it is fine.
*/
export const testEventNameProblem = (name: string): string | undefined => {
	if (name.length === 0 || name.length > testEventNameLength || !testEventNamePattern.test(name)) {
		return `Event name '${name}' is not valid: use 1 to ${testEventNameLength} letters, numbers, dots, hyphens and underscores.`;
	}

	return undefined;
};
