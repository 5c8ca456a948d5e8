// A CommonJS handler: returns a greeting and logs the event it got.
exports.handler = async (event, context) => {
	console.log('event', JSON.stringify(event));
	return {
		message: `Hello, ${event?.name ?? 'world'}!`,
		functionName: context.functionName,
		remainingMs: context.getRemainingTimeInMillis(),
	};
};
