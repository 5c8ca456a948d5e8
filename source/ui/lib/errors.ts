/**
Say what went wrong in full: a Lambda error as `Type: message`, anything else by its message.
*/
export const describeError = (error: unknown): string => {
	if (error && typeof error === 'object' && 'type' in error && 'message' in error) {
		return `${String(error.type)}: ${String(error.message)}`;
	}

	return error instanceof Error ? error.message : String(error);
};
