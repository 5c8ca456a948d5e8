import {randomUUID} from 'node:crypto';
import {functionArn, type Account} from '../core/arn.js';
import {formatLastModified} from '../core/format.js';
import {mergeLoggingConfig} from '../core/logging-config.js';
import {invalidParameter} from '../core/errors.js';
import {limits} from '../core/limits.js';
import type {CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest} from '../core/types.js';
import {runtimeVersion} from '../core/runtime-version.js';
import type {Artifact} from '../store/artifacts.js';

/**
A new function's configuration as CreateFunction returns it: Lambda's defaults filled in, `State` Pending until the service activates it, no `LastUpdateStatus` yet, and `Environment` only when the request gave one. `name` is the bare name, whatever form of it the request used.
*/
export const newConfiguration = (account: Account, name: string, request: CreateFunctionRequest, artifact: Artifact): FunctionConfiguration => ({
	FunctionName: name,
	FunctionArn: functionArn(account, name),
	Runtime: request.Runtime!,
	Role: request.Role!,
	Handler: request.Handler!,
	CodeSize: artifact.codeSize,
	Description: request.Description ?? '',
	Timeout: request.Timeout ?? limits.timeoutDefault,
	MemorySize: request.MemorySize ?? limits.memoryDefault,
	LastModified: formatLastModified(new Date()),
	CodeSha256: artifact.sha256,
	Version: '$LATEST',
	...(request.Environment === undefined ? {} : {Environment: {Variables: {...request.Environment.Variables}}}),
	TracingConfig: {Mode: request.TracingConfig?.Mode ?? 'PassThrough'},
	...(request.DeadLetterConfig?.TargetArn ? {DeadLetterConfig: {TargetArn: request.DeadLetterConfig.TargetArn}} : {}),
	RevisionId: randomUUID(),
	State: 'Pending',
	StateReason: 'The function is being created.',
	StateReasonCode: 'Creating',
	PackageType: 'Zip',
	Architectures: [(request.Architectures?.[0] ?? 'x86_64') as 'x86_64' | 'arm64'],
	EphemeralStorage: {Size: request.EphemeralStorage?.Size ?? limits.ephemeralStorageDefault},
	SnapStart: {ApplyOn: 'None', OptimizationStatus: 'Off'},
	LoggingConfig: mergeLoggingConfig(name, undefined, request.LoggingConfig),
	RuntimeVersionConfig: {RuntimeVersionArn: runtimeVersion(request.Runtime!, account.region).arn},
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
	...(request.Runtime === undefined ? {} : {Runtime: request.Runtime, RuntimeVersionConfig: {RuntimeVersionArn: runtimeVersion(request.Runtime, current.FunctionArn.split(':')[3]!).arn}}),
	...(request.Environment === undefined ? {} : {Environment: {Variables: {...request.Environment.Variables}}}),
	...(request.EphemeralStorage === undefined ? {} : {EphemeralStorage: request.EphemeralStorage}),
	...(request.TracingConfig === undefined ? {} : {TracingConfig: request.TracingConfig}),
	// An empty TargetArn removes the dead-letter queue.
	...(request.DeadLetterConfig === undefined ? {} : {DeadLetterConfig: request.DeadLetterConfig.TargetArn ? {TargetArn: request.DeadLetterConfig.TargetArn} : undefined}),
	LoggingConfig: mergeLoggingConfig(current.FunctionName, current.LoggingConfig, request.LoggingConfig),
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

/**
A function as ListFunctions shows it: AWS leaves out the state, the last update's status and the runtime version there.
*/
export const listItem = (configuration: FunctionConfiguration): FunctionConfiguration => {
	const {State, StateReason, StateReasonCode, LastUpdateStatus, LastUpdateStatusReason, LastUpdateStatusReasonCode, RuntimeVersionConfig, ...item} = configuration;
	return item;
};

/**
A stored configuration as GetFunction shows it: records written before lambdeck reported runtime versions get theirs.
*/
export const withRuntimeVersion = (configuration: FunctionConfiguration): FunctionConfiguration =>
	configuration.RuntimeVersionConfig ? configuration : {...configuration, RuntimeVersionConfig: {RuntimeVersionArn: runtimeVersion(configuration.Runtime, configuration.FunctionArn.split(':')[3]!).arn}};

/**
A configuration with its layers as the API lists them (ARN and zipped size, in order); no `Layers` member at all when there are none, as AWS answers.
*/
export const withLayers = (configuration: FunctionConfiguration, layers: Array<{Arn: string; CodeSize: number}>): FunctionConfiguration => {
	const {Layers: _old, ...rest} = configuration;
	return layers.length > 0 ? {...rest, Layers: layers.map(({Arn, CodeSize}) => ({Arn, CodeSize}))} : rest;
};

/**
Refuse code and layers that unzip to more than Lambda allows together (250 MB).
*/
export const checkUnzippedTotal = (codeBytes: number, layers: Array<{unzippedSize: number}>) => {
	if (codeBytes + layers.reduce((sum, layer) => sum + layer.unzippedSize, 0) > limits.unzippedBytes) {
		throw invalidParameter(`Function code combined with layers exceeds the maximum allowed size of ${limits.unzippedBytes} bytes. The actual size is ${codeBytes + layers.reduce((sum, layer) => sum + layer.unzippedSize, 0)} bytes.`);
	}
};
