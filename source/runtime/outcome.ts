/**
How a runtime process ended: an exit code, a signal, or an error starting it.
*/
export type Exit = {code: number | null; signal: NodeJS.Signals | null; error?: Error};

/**
What happened to one invocation. `failure` is the platform's verdict (timeout, crash, out of memory, init error); `reset` says the environment's process is gone and the next invoke starts it anew.
*/
export type InvokeOutcome = {
	status: 'success' | 'function-error' | 'failure';
	payload: Buffer;
	errorType?: string;
	platformLog?: string;
	durationMs: number;
	initDurationMs?: number;
	maxMemoryUsedMb: number;
	reset: boolean;
};

const signalNames: Record<string, string> = {
	SIGKILL: 'killed', SIGABRT: 'aborted (core dumped)', SIGSEGV: 'segmentation fault (core dumped)', SIGTERM: 'terminated',
	SIGBUS: 'bus error (core dumped)', SIGILL: 'illegal instruction (core dumped)', SIGTRAP: 'trace/breakpoint trap (core dumped)',
};

/**
Why a runtime process ended, in the words Lambda uses after `Runtime exited`.
*/
export const exitReason = (exit: Exit) => {
	if (exit.signal) {
		return `Runtime exited with error: signal: ${signalNames[exit.signal] ?? exit.signal}`;
	}

	return exit.code === 0 || exit.code === null ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${exit.code}`;
};

/**
The payload of an error the platform (not the function) reports.
*/
export const platformError = (requestId: string, errorType: string, message: string) => Buffer.from(JSON.stringify({errorType, errorMessage: `RequestId: ${requestId} Error: ${message}`}));

export const megabytes = (bytes: number) => Math.max(1, Math.round(bytes / 1024 / 1024));
