/**
A byte count for people: `812 B`, `3.4 KB`, `12.0 MB`.
*/
export const formatBytes = (bytes: number): string => {
	if (bytes < 1024) {
		return `${bytes} B`;
	}

	return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
};

/**
How long ago a moment was: `12s`, `5m`, `3h`, `2d`.
*/
export const formatAgo = (timestamp: number | undefined, now = Date.now()): string => {
	if (timestamp === undefined || Number.isNaN(timestamp)) {
		return '-';
	}

	const seconds = Math.max(0, Math.round((now - timestamp) / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)}m`;
	}

	return seconds < 86_400 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
};

/**
Fit text to a width: cut with an ellipsis, or pad with spaces.
*/
export const fit = (text: string, width: number): string => {
	if (width <= 0) {
		return '';
	}

	return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
};

/**
Where a JSON text is broken, as `line L, column C: message`, or undefined when it parses.
*/
export const jsonProblem = (text: string): string | undefined => {
	if (text.trim() === '') {
		return undefined;
	}

	try {
		JSON.parse(text);
		return undefined;
	} catch (error) {
		const message = (error as Error).message;
		const position = /position (\d+)/.exec(message);
		if (!position) {
			return message;
		}

		const before = text.slice(0, Number(position[1]));
		const line = before.split('\n').length;
		const column = before.length - before.lastIndexOf('\n');
		return `line ${line}, column ${column}: ${message}`;
	}
};
