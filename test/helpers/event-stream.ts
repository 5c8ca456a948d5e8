import http from 'node:http';

/**
One server-sent event as a client reads it.
*/
export type Frame = {id?: string; event?: string; data?: any};

/**
A server-sent-events reader over a plain HTTP GET: the frames and comments received so far, a way to wait for a condition on them (bounded), and whether the server ended the stream.
*/
export const openEventStream = async (url: string, headers: Record<string, string> = {}) => {
	const frames: Frame[] = [];
	const comments: string[] = [];
	let bytes = 0;
	let ended = false;
	const checks = new Set<() => void>();
	const notify = () => {
		for (const check of checks) {
			check();
		}
	};

	let resolveEnded: () => void;
	const endedPromise = new Promise<void>(resolve => {
		resolveEnded = resolve;
	});
	const request = http.get(url, {headers});
	const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
		request.once('response', resolve);
		request.once('error', reject);
	});
	let buffer = '';
	response.setEncoding('utf8');
	response.on('data', (chunk: string) => {
		bytes += Buffer.byteLength(chunk);
		buffer += chunk;
		let end = buffer.indexOf('\n\n');
		while (end !== -1) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			const frame: Frame = {};
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) {
					comments.push(line.slice(1).trim());
				} else if (line.startsWith('id: ')) {
					frame.id = line.slice(4);
				} else if (line.startsWith('event: ')) {
					frame.event = line.slice(7);
				} else if (line.startsWith('data: ')) {
					frame.data = JSON.parse(line.slice(6));
				}
			}

			if (frame.event) {
				frames.push(frame);
			}

			end = buffer.indexOf('\n\n');
		}

		notify();
	});
	response.on('end', () => {
		ended = true;
		resolveEnded();
		notify();
	});
	response.on('error', () => {});
	request.on('error', () => {});
	return {
		status: response.statusCode,
		headers: response.headers,
		frames,
		comments,
		get bytes() {
			return bytes;
		},
		get ended() {
			return ended;
		},
		endedPromise,
		/** Stop reading (the socket's buffers fill and the server sees a slow client) or read again. */
		pause: () => response.pause(),
		resume: () => response.resume(),
		/** Wait until `condition` holds for what was received, failing after `timeoutMs`. */
		async until(condition: () => boolean, timeoutMs = 20_000, what = 'the expected events') {
			if (condition()) {
				return;
			}

			await new Promise<void>((resolve, reject) => {
				const check = () => {
					if (condition()) {
						checks.delete(check);
						clearTimeout(timer);
						resolve();
					}
				};

				const timer = setTimeout(() => {
					checks.delete(check);
					reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(frames.map(frame => frame.event))}`));
				}, timeoutMs);
				checks.add(check);
			});
		},
		close() {
			request.destroy();
		},
	};
};
