/**
Cut a stream of text chunks into lines, holding a partial last line until its end arrives or the stream ends.
*/
export const splitLines = (onLine: (line: string) => void) => {
	let partial = '';
	return {
		push(chunk: string) {
			const lines = (partial + chunk).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				onLine(line);
			}
		},
		end() {
			if (partial) {
				onLine(partial);
				partial = '';
			}
		},
	};
};
