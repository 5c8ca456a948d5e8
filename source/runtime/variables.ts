import {runtimeFamily} from '../core/runtimes.js';
import {telemetryFd} from './telemetry.js';
import type {EnvironmentSpec} from './environment.js';
import type {LaunchPlan} from './sandbox.js';

/**
The variables an environment's process sees: Lambda's, then the function's own (which may override the unreserved ones), then the reserved ones. Nothing comes from lambdeck's own environment. `_LAMBDECK_RUNTIME_API_SOCKET` names the Runtime API's Unix socket, which our own runtime clients use instead of `AWS_LAMBDA_RUNTIME_API` when it is set.
*/
export const environmentVariables = (spec: EnvironmentSpec, plan: LaunchPlan, runtimeApi: string): Record<string, string> => {
	const family = runtimeFamily(spec.runtime);
	// Lambda's search paths into the layers; in process mode they name the layers' own merged folder, and nothing at all without layers.
	const opt = plan.optRoot;
	const inOpt = (...paths: string[]) => opt ? paths.map(item => `${opt}/${item}`) : [];
	const unreserved: Record<string, string> = {
		LANG: 'en_US.UTF-8',
		PATH: ['/usr/local/bin', '/usr/bin/', '/bin', ...inOpt('bin')].join(':'),
		LD_LIBRARY_PATH: ['/lib64', '/usr/lib64', plan.runtimeDir, `${plan.runtimeDir}/lib`, plan.taskRoot, `${plan.taskRoot}/lib`, ...inOpt('lib')].join(':'),
		TZ: ':UTC',
		TMPDIR: plan.tmp,
		AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
		AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
		AWS_ACCESS_KEY_ID: spec.service?.credentials?.accessKeyId ?? 'test',
		AWS_SECRET_ACCESS_KEY: spec.service?.credentials?.secretAccessKey ?? 'test',
		AWS_SESSION_TOKEN: 'test',
	};
	if (spec.service?.endpointUrl) {
		// The SDKs and the AWS CLI read these, so a function's own AWS calls (invoking another function) reach lambdeck.
		Object.assign(unreserved, {
			AWS_ENDPOINT_URL: spec.service.endpointUrl,
			AWS_ENDPOINT_URL_LAMBDA: spec.service.endpointUrl,
			AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: spec.service.endpointUrl,
		});
	}
	if (family === 'nodejs') {
		const major = /nodejs(\d+)/.exec(spec.runtime)?.[1] ?? '20';
		unreserved.NODE_PATH = [...inOpt(`nodejs/node${major}/node_modules`, 'nodejs/node_modules'), `${plan.runtimeDir}/node_modules`, plan.runtimeDir, plan.taskRoot].join(':');
	}

	if (family === 'python') {
		unreserved.PYTHONPATH = [plan.runtimeDir, ...inOpt(`python/lib/${spec.runtime}/site-packages`, 'python')].join(':');
	}

	const reserved: Record<string, string> = {
		_HANDLER: spec.handler,
		AWS_REGION: spec.region,
		AWS_DEFAULT_REGION: spec.region,
		AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
		AWS_LAMBDA_FUNCTION_VERSION: spec.version,
		AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
		AWS_LAMBDA_INITIALIZATION_TYPE: spec.initializationType ?? 'on-demand',
		AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
		AWS_LAMBDA_LOG_STREAM_NAME: spec.logStreamName,
		AWS_LAMBDA_RUNTIME_API: runtimeApi,
		LAMBDA_TASK_ROOT: plan.taskRoot,
		LAMBDA_RUNTIME_DIR: plan.runtimeDir,
	};
	if (spec.logFormat) {
		reserved.AWS_LAMBDA_LOG_FORMAT = spec.logFormat;
	}

	if (spec.logLevel) {
		reserved.AWS_LAMBDA_LOG_LEVEL = spec.logLevel;
	}

	if (plan.socketPath) {
		reserved._LAMBDECK_RUNTIME_API_SOCKET = plan.socketPath;
	}

	if (family !== 'provided') {
		reserved.AWS_EXECUTION_ENV = `AWS_Lambda_${spec.runtime}`;
		// Our runtime clients write their log records there as frames, as Lambda's own do.
		reserved._LAMBDA_TELEMETRY_LOG_FD = String(telemetryFd);
	}

	const {_LAMBDECK_RUNTIME_API_SOCKET: _ignored, _LAMBDA_TELEMETRY_LOG_FD: _alsoIgnored, ...own} = spec.variables;
	return {...unreserved, ...own, ...reserved};
};
