import type {LoggingConfig, LoggingConfigInput} from './logging-config.js';
import type {Runtime} from './runtimes.js';

/*
The Lambda API's own shapes, with its field names, so that `api/` is a thin translation and the AWS SDK can stand in for our client.
*/

export type State = 'Pending' | 'Active' | 'Inactive' | 'Failed';
export type LastUpdateStatus = 'Successful' | 'Failed' | 'InProgress';
export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

export type EnvironmentResponse = {
	Variables?: Record<string, string>;
};

export type FunctionConfiguration = {
	FunctionName: string;
	FunctionArn: string;
	Runtime: Runtime | string;
	Role: string;
	Handler: string;
	CodeSize: number;
	Description: string;
	Timeout: number;
	MemorySize: number;
	LastModified: string;
	CodeSha256: string;
	Version: string;
	Environment?: EnvironmentResponse;
	TracingConfig: {Mode: 'Active' | 'PassThrough'};
	/** Where asynchronous events go after their last failed attempt; present only when set. */
	DeadLetterConfig?: {TargetArn?: string};
	RevisionId: string;
	Layers?: Array<{Arn: string; CodeSize: number}>;
	/** Absent from ListFunctions items, as AWS leaves it out there. */
	State?: State;
	StateReason?: string;
	StateReasonCode?: string;
	/** Absent from CreateFunction's answer and from ListFunctions items. */
	LastUpdateStatus?: LastUpdateStatus;
	LastUpdateStatusReason?: string;
	LastUpdateStatusReasonCode?: string;
	PackageType: 'Zip';
	Architectures: Array<'x86_64' | 'arm64'>;
	EphemeralStorage: {Size: number};
	SnapStart: {ApplyOn: 'None'; OptimizationStatus: 'Off'};
	LoggingConfig: LoggingConfig;
	/** The runtime version a function runs on; ListFunctions items leave it out. */
	RuntimeVersionConfig?: {RuntimeVersionArn: string};
};

/**
The deployment package: zip bytes as the API carries them. lambdeck also takes a folder to zip.
*/
export type FunctionCode = {
	ZipFile?: Uint8Array;
};

export type CreateFunctionRequest = {
	FunctionName: string;
	Runtime?: string;
	Role?: string;
	Handler?: string;
	Code: FunctionCode;
	Description?: string;
	Timeout?: number;
	MemorySize?: number;
	Publish?: boolean;
	Environment?: {Variables?: Record<string, string>};
	Architectures?: string[];
	EphemeralStorage?: {Size: number};
	TracingConfig?: {Mode: 'Active' | 'PassThrough'};
	DeadLetterConfig?: {TargetArn?: string};
	PackageType?: string;
	Tags?: Record<string, string>;
	/** Layer version ARNs, in the order their contents are extracted into /opt. */
	Layers?: string[];
	LoggingConfig?: LoggingConfigInput;
};

export type UpdateFunctionConfigurationRequest = {
	FunctionName: string;
	Role?: string;
	Handler?: string;
	Description?: string;
	Timeout?: number;
	MemorySize?: number;
	Environment?: {Variables?: Record<string, string>};
	Runtime?: string;
	EphemeralStorage?: {Size: number};
	TracingConfig?: {Mode: 'Active' | 'PassThrough'};
	DeadLetterConfig?: {TargetArn?: string};
	RevisionId?: string;
	Layers?: string[];
	LoggingConfig?: LoggingConfigInput;
};

export type UpdateFunctionCodeRequest = {
	FunctionName: string;
	ZipFile?: Uint8Array;
	Publish?: boolean;
	DryRun?: boolean;
	RevisionId?: string;
	Architectures?: string[];
};

/**
An alias as the API shows it: a name pointing at a version, with at most one more version taking a share of its invokes.
*/
export type AliasConfiguration = {
	AliasArn: string;
	Name: string;
	FunctionVersion: string;
	Description: string;
	RoutingConfig?: {AdditionalVersionWeights?: Record<string, number>};
	RevisionId: string;
};

export type PublishVersionRequest = {
	FunctionName: string;
	CodeSha256?: string;
	Description?: string;
	RevisionId?: string;
};

export type GetFunctionResponse = {
	Configuration: FunctionConfiguration;
	Code: {RepositoryType: 'S3'; Location: string};
	Tags?: Record<string, string>;
	Concurrency?: {ReservedConcurrentExecutions?: number};
};

export type ListFunctionsRequest = {
	Marker?: string;
	MaxItems?: number;
	FunctionVersion?: 'ALL';
};

export type ListFunctionsResponse = {
	Functions: FunctionConfiguration[];
	NextMarker?: string;
};

export type InvocationRequest = {
	FunctionName: string;
	Qualifier?: string;
	InvocationType?: InvocationType;
	LogType?: LogType;
	/** Base64 of the JSON client context, as the `X-Amz-Client-Context` header carries it. */
	ClientContext?: string;
	Payload?: Uint8Array | string;
	/** The invocation's request id, when the caller has chosen it (the API's own request id, an event's on every attempt). */
	RequestId?: string;
};

export type InvocationResponse = {
	StatusCode: number;
	FunctionError?: 'Unhandled' | 'Handled';
	LogResult?: string;
	ExecutedVersion?: string;
	Payload: Uint8Array;
};

/**
lambdeck's own facts about a function that the Lambda API has no field for, such as the folder its code was deployed from.
*/
export type FunctionExtras = {
	SourceDir?: string;
};

/**
One asynchronous invocation as lambdeck saw it go: accepted, attempted (how often), retried or ended, and where its record went. AWS shows none of this through an API; a lambdeck service keeps the latest of each function in memory.
*/
export type AsyncEventInfo = {
	requestId: string;
	qualifier?: string;
	receivedAt: number;
	/** Attempts that reached the function. */
	attempts: number;
	/** `queued` before its first attempt, `retrying` while it waits for the next, then how it ended. */
	state: 'queued' | 'retrying' | 'succeeded' | 'failed';
	/** Lambda's condition for an event that ended: `Success`, `RetriesExhausted`, `EventAgeExceeded`, `ZeroReservedConcurrency`. */
	condition?: string;
	retryAt?: number;
	endedAt?: number;
	/** The destination its invocation record was delivered to, and the dead-letter queue the event went to. */
	deliveredTo?: string;
	deadLetter?: string;
};

/**
What a lambdeck service tells the console of a function's event-driven invocations: its latest asynchronous events, newest first, and how the latest batch of each of its event source mappings ended, by UUID.
*/
export type EventActivity = {
	asyncEvents: AsyncEventInfo[];
	mappingResults: Record<string, string>;
};

/**
One line of a function's log, CloudWatch-Logs-shaped.
*/
export type LogEvent = {
	timestamp: number;
	message: string;
	logStreamName: string;
};

/**
What the service records of one invocation, for metrics and the console's monitor.
*/
export type InvocationRecord = {
	functionName: string;
	requestId: string;
	timestamp: number;
	durationMs: number;
	billedDurationMs: number;
	maxMemoryUsedMb: number;
	initDurationMs?: number;
	error?: string;
	/** The error's message (`Task timed out after 1.00 seconds`), cut to 1,000 characters, when the invocation failed. */
	errorMessage?: string;
	throttled?: boolean;
	coldStart: boolean;
};

/**
One execution environment of a function as the console's Environments tab shows it.
*/
export type EnvironmentInfo = {
	id: string;
	version: string;
	pid?: number;
	/** When its runtime process started (epoch ms), while it has one. */
	startedAt?: number;
	invocations: number;
	/** Peak memory of its process tree so far, in MB. */
	memoryMb: number;
	state: 'busy' | 'warm' | 'cold';
};

/**
A runtime this machine can run, and what runs it: an interpreter binary and its version, or the package's own bootstrap.
*/
export type RuntimeSupport = {
	Runtime: string;
	Interpreter: string;
};

/**
One statement of a function's resource-based policy, with its members in the order AWS writes them.
*/
export type PolicyStatement = {
	Sid: string;
	Effect: 'Allow';
	Principal: '*' | {Service: string} | {AWS: string};
	Action: string;
	Resource: string;
	Condition?: Record<string, Record<string, string>>;
};
