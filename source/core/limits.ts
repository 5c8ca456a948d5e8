/**
Lambda's quotas for standard (not Managed Instances) functions, as the developer guide states them.
*/
export const limits = {
	functionNameLength: 64,
	namespacedNameLength: 256,
	functionArnLength: 140,
	qualifierLength: 128,
	handlerLength: 128,
	descriptionLength: 256,
	memoryMin: 128,
	memoryMax: 10_240,
	memoryDefault: 128,
	timeoutMin: 1,
	timeoutMax: 900,
	timeoutDefault: 3,
	environmentBytes: 4096,
	zippedBytes: 52_428_800,
	unzippedBytes: 262_144_000,
	syncPayloadBytes: 6_291_456,
	syncResponseBytes: 6_291_556,
	asyncPayloadBytes: 1_048_576,
	logTailBytes: 4096,
	listPageSize: 50,
	accountConcurrency: 1000,
	ephemeralStorageDefault: 512,
	initTimeoutMs: 10_000,
} as const;
