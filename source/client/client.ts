import type {
	CreateFunctionRequest, EnvironmentInfo, EventActivity, FunctionConfiguration, FunctionExtras, GetFunctionResponse, InvocationRecord, InvocationRequest,
	InvocationResponse, ListFunctionsRequest, ListFunctionsResponse, LogEvent, RuntimeSupport, UpdateFunctionCodeRequest,
	UpdateFunctionConfigurationRequest,
} from '../core/types.js';
import type {BucketNotifications} from '../core/s3-events.js';
import type {LogQuery} from '../store/log-store.js';
import type {ServiceListener} from '../service/events.js';
import type {UrlRequest, UrlResponse} from './url-request.js';

/**
Whether a client reaches its service: `detail` says why not, or how (polling CloudWatch Logs).
*/
export type ConnectionState = {status: 'connecting' | 'connected' | 'disconnected'; detail?: string};

/**
What the console and the CLI talk to: the Lambda API's operations plus lambdeck's watch and test-event calls.

The local implementation calls a service in this process (a CLI verb with no `serve` to attach to); the remote one is the AWS SDK on any Lambda endpoint, with lambdeck's own event stream and console calls where the endpoint is a lambdeck `serve`. Nothing above this interface knows which it has; what an endpoint lacks fails with an error that says so.
*/
export type LambdeckClient = {
	/** Where the service is: `embedded` or an endpoint URL. */
	readonly endpoint: string;
	/** The data dir, when the service is embedded. */
	readonly dataDir?: string;
	/** How the service isolates functions, when it says: `process` isolates nothing. */
	readonly sandbox?: 'process' | 'bubblewrap';
	/** Be told whether the service is reachable, now and on each change. Returns the unsubscribe function. */
	watchConnection(listener: (state: ConnectionState) => void): () => void;
	createFunction(request: CreateFunctionRequest, extras?: FunctionExtras): Promise<FunctionConfiguration>;
	getFunction(request: {FunctionName: string; Qualifier?: string}): Promise<GetFunctionResponse>;
	getFunctionConfiguration(request: {FunctionName: string; Qualifier?: string}): Promise<FunctionConfiguration>;
	getFunctionExtras(functionName: string): Promise<FunctionExtras>;
	listFunctions(request?: ListFunctionsRequest): Promise<ListFunctionsResponse>;
	/** Every function, following NextMarker through all pages. */
	listAllFunctions(): Promise<FunctionConfiguration[]>;
	updateFunctionCode(request: UpdateFunctionCodeRequest, extras?: FunctionExtras): Promise<FunctionConfiguration>;
	updateFunctionConfiguration(request: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration>;
	/** Resolves to what the REST API answers, `{StatusCode: 204}`. */
	deleteFunction(request: {FunctionName: string; Qualifier?: string}): Promise<{StatusCode: number} | void>;
	invoke(request: InvocationRequest): Promise<InvocationResponse>;
	/** Any Lambda operation by its AWS name, its input and output shaped as the API's (what the CLI's verbs send); a client without it serves only the calls above. */
	callOperation?(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
	/** Any SQS operation by its AWS name, on the same endpoint and credentials (the AWS SDK's SQS client remotely, lambdeck's own queues in process); input and output shaped as SQS's JSON protocol has them. */
	callQueues?(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
	/** A function's latest asynchronous events and mapping results (only a lambdeck service keeps them; elsewhere it fails with an error that says so). */
	eventActivity?(functionName: string): Promise<EventActivity>;
	/** The runtimes the service's machine can run, for pickers. */
	listRuntimes(): Promise<RuntimeSupport[]>;
	filterLogEvents(functionName: string, query?: LogQuery): Promise<LogEvent[]>;
	invocationRecords(functionName?: string): Promise<InvocationRecord[]>;
	listTestEvents(functionName: string): Promise<Record<string, string>>;
	saveTestEvent(functionName: string, eventName: string, payload: string): Promise<void>;
	deleteTestEvent(functionName: string, eventName: string): Promise<void>;
	/** The function's execution environments (optional: endpoints that do not say leave it out, and the console shows "unavailable"). */
	listEnvironments?(functionName: string): Promise<EnvironmentInfo[]>;
	/** Stop one execution environment of a function; its next invoke starts cold (optional, as `listEnvironments`). */
	stopEnvironment?(functionName: string, environmentId: string): Promise<void>;
	/** Turn hot reload of a function created from a folder on or off; resolves to whether it is on now (optional, as `listEnvironments`). */
	watchFunction?(functionName: string, on?: boolean): Promise<boolean>;
	/** Every bucket with its Lambda notifications (S3's ListBuckets and GetBucketNotificationConfiguration), for the Triggers tab: `bucketTriggersOf(buckets, functionName)` picks a function's. Optional, as `listEnvironments`. */
	listBucketNotifications?(): Promise<BucketNotifications[]>;
	/** Send a test request to a function URL and read its whole answer; `sign` signs it with the client's credentials, for an `AWS_IAM` URL (optional: a client without it cannot test URLs). */
	sendUrlRequest?(request: UrlRequest): Promise<UrlResponse>;
	/** Be told of log lines, invocations and function changes as they happen. Returns the unsubscribe function. */
	subscribe(listener: ServiceListener): () => void;
	close(): Promise<void>;
};

export type {ServiceEvent, ServiceListener} from '../service/events.js';
export {bucketTriggersOf, type BucketNotifications, type BucketTrigger} from '../core/s3-events.js';
export type {LogQuery} from '../store/log-store.js';
export type {UrlRequest, UrlResponse} from './url-request.js';
