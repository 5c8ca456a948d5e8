const exitCodes: Partial<Record<NodeJS.Signals, number>> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129};

/**
While `run` is under way, let SIGINT, SIGTERM and SIGHUP end it through `close`: the first signal closes (running invocations finish or time out, logs flush, the data dir is released) and then exits with the signal's code; a second one exits at once.
*/
export const closingOnSignals = async <T>(close: () => Promise<void>, run: () => Promise<T>): Promise<T> => {
	let closingSince: number | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		const code = exitCodes[signal] ?? 1;
		if (closingSince !== undefined) {
			// conf's atomic writes (through when-exit) send the process the same signal again at once; a person's second Ctrl-C comes later.
			if (performance.now() - closingSince > 250) {
				process.exit(code);
			}

			return;
		}

		closingSince = performance.now();
		process.stderr.write(`\nlambdeck: ${signal}: waiting for running invocations to end (again to stop at once)\n`);
		close().then(() => process.exit(code), () => process.exit(code));
	};

	const signals = Object.keys(exitCodes) as NodeJS.Signals[];
	for (const signal of signals) {
		process.on(signal, onSignal);
	}

	try {
		return await run();
	} finally {
		for (const signal of signals) {
			process.off(signal, onSignal);
		}
	}
};
