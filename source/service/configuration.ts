import {randomUUID} from 'node:crypto';
import {functionArn, type Account} from '../core/arn.js';
import {formatLastModified, logGroupName} from '../core/format.js';
import {limits} from '../core/limits.js';
import type {CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest} from '../core/types.js';
import type {Artifact} from '../store/artifacts.js';

const defaultRole = (account: Account) => `arn:aws:iam::${account.accountId}:role/lambda-role`;

/**
A new function's configuration as CreateFunction returns it: Lambda's defaults filled in, `State` Pending until the service activates it.
*/
export const newConfiguration = (account: Account, request: CreateFunctionRequest, artifact: Artifact): FunctionConfiguration => ({
	FunctionName: request.FunctionName,
	FunctionArn: functionArn(account, request.FunctionName),
	Runtime: request.Runtime!,
	Role: request.Role ?? defaultRole(account),
	Handler: request.Handler!,
	CodeSize: artifact.codeSize,
	Description: request.Description ?? '',
	Timeout: request.Timeout ?? limits.timeoutDefault,
	MemorySize: request.MemorySize ?? limits.memoryDefault,
	LastModified: formatLastModified(new Date()),
	CodeSha256: artifact.sha256,
	Version: '$LATEST',
	Environment: {Variables: {...request.Environment?.Variables}},
	TracingConfig: {Mode: request.TracingConfig?.Mode ?? 'PassThrough'},
	RevisionId: randomUUID(),
	State: 'Pending',
	StateReason: 'The function is being created.',
	StateReasonCode: 'Creating',
	LastUpdateStatus: 'Successful',
	PackageType: 'Zip',
	Architectures: [(request.Architectures?.[0] ?? 'x86_64') as 'x86_64' | 'arm64'],
	EphemeralStorage: {Size: request.EphemeralStorage?.Size ?? limits.ephemeralStorageDefault},
	SnapStart: {ApplyOn: 'None', OptimizationStatus: 'Off'},
	LoggingConfig: {LogFormat: 'Text', LogGroup: logGroupName(request.FunctionName)},
});

/**
A configuration with an update applied: only the fields the request names change, and the update is InProgress until the service settles it.
*/
export const applyConfigurationUpdate = (current: FunctionConfiguration, request: UpdateFunctionConfigurationRequest): FunctionConfiguration => ({
	...current,
	...(request.Role === undefined ? {} : {Role: request.Role}),
	...(request.Handler === undefined ? {} : {Handler: request.Handler}),
	...(request.Description === undefined ? {} : {Description: request.Description}),
	...(request.Timeout === undefined ? {} : {Timeout: request.Timeout}),
	...(request.MemorySize === undefined ? {} : {MemorySize: request.MemorySize}),
	...(request.Runtime === undefined ? {} : {Runtime: request.Runtime}),
	...(request.Environment === undefined ? {} : {Environment: {Variables: {...request.Environment.Variables}}}),
	...(request.EphemeralStorage === undefined ? {} : {EphemeralStorage: request.EphemeralStorage}),
	...(request.TracingConfig === undefined ? {} : {TracingConfig: request.TracingConfig}),
	...updating(),
});

/**
The fields every update changes: a new revision, the modification time, and LastUpdateStatus InProgress.
*/
export const updating = () => ({
	LastModified: formatLastModified(new Date()),
	RevisionId: randomUUID(),
	LastUpdateStatus: 'InProgress' as const,
	LastUpdateStatusReason: 'The function is being created.',
	LastUpdateStatusReasonCode: 'Creating',
});

/**
The configuration once the service has finished creating or updating it.
*/
export const settled = (configuration: FunctionConfiguration): FunctionConfiguration => {
	const {StateReason, StateReasonCode, LastUpdateStatusReason, LastUpdateStatusReasonCode, ...rest} = configuration;
	return {...rest, State: 'Active', LastUpdateStatus: 'Successful'};
};
