/**
End the process quietly when the reader of its output goes away (`lambdeck logs NAME | head`): a write to a closed pipe fails with EPIPE, which would otherwise end it with a stack trace. Other write errors are reported in one line.
*/
export const exitOnClosedPipe = (stream: NodeJS.WriteStream = process.stdout) => {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			process.stderr.write(`lambdeck: writing output failed: ${error.message}\n`);
		}

		process.exit(error.code === 'EPIPE' ? 0 : 1);
	});
};
