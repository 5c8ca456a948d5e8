import {LambdaService, type ServiceOptions} from '../service/lambda-service.js';
import type {FunctionConfiguration} from '../core/types.js';
import type {LambdeckClient} from './client.js';

/**
A client on a service embedded in this process. Opening it takes the data dir's lock.
*/
export const openLocalClient = async (options: ServiceOptions): Promise<LambdeckClient & {service: LambdaService}> => {
	const service = await LambdaService.open(options);
	return {
		service,
		endpoint: 'embedded',
		dataDir: service.paths.root,
		sandbox: service.sandbox,
		watchConnection(listener) {
			listener({status: 'connected'});
			return () => undefined;
		},
		createFunction: async (request, extras) => service.createFunction(request, extras),
		getFunction: async request => service.getFunction(request),
		getFunctionConfiguration: async request => service.getFunctionConfiguration(request),
		getFunctionExtras: async name => service.getFunctionExtras(name),
		listFunctions: async request => service.listFunctions(request),
		async listAllFunctions() {
			const functions: FunctionConfiguration[] = [];
			let marker: string | undefined;
			do {
				const page = service.listFunctions({Marker: marker});
				functions.push(...page.Functions);
				marker = page.NextMarker;
			} while (marker);
			return functions;
		},
		updateFunctionCode: async (request, extras) => service.updateFunctionCode(request, extras),
		updateFunctionConfiguration: async request => service.updateFunctionConfiguration(request),
		deleteFunction: async request => service.deleteFunction(request),
		invoke: async request => service.invoke(request),
		listRuntimes: async () => service.listRuntimes(),
		filterLogEvents: async (name, query) => service.filterLogEvents(name, query),
		invocationRecords: async name => service.invocationRecords(name),
		listTestEvents: async name => service.listTestEvents(name),
		saveTestEvent: async (name, eventName, payload) => service.saveTestEvent(name, eventName, payload),
		deleteTestEvent: async (name, eventName) => service.deleteTestEvent(name, eventName),
		listEnvironments: async name => service.environments(name),
		stopEnvironment: async (name, id) => service.stopEnvironment(name, id),
		watchFunction: async (name, on) => service.watchFunction(name, on),
		listBucketNotifications: async () => service.buckets.list().map(record => ({
			Bucket: record.name,
			CreationDate: record.created,
			LambdaFunctionConfigurations: record.notification.LambdaFunctionConfigurations ?? [],
		})),
		subscribe: listener => service.subscribe(listener),
		async sendUrlRequest(request) {
			const [{answerUrlRequest}, {signedHeaders}] = await Promise.all([import('../api/function-url-api.js'), import('./url-request.js')]);
			// An embedded service has no credentials of its own, so it takes any signature, as `serve` without credentials does.
			const signing = async () => ({credentials: {accessKeyId: 'lambdeck', secretAccessKey: 'lambdeck'}, region: service.settings.region});
			const headers = request.sign ? await signedHeaders(new URL(request.url), request, signing) : {...request.headers};
			return answerUrlRequest(service, {...request, headers});
		},
		async callOperation(operation, input) {
			const {s3Model} = await import('../core/model/service-model.js');
			if (s3Model.operations[operation]) {
				const {callS3Operation} = await import('../api/s3-api.js');
				return callS3Operation(service, operation, input);
			}

			const {callLambdaOperation} = await import('../api/lambda-api.js');
			return callLambdaOperation(service, operation, input);
		},
		async callQueues(operation, input) {
			const {callSqsOperation} = await import('../api/sqs-api.js');
			return callSqsOperation(service.events.sqs, operation, input);
		},
		eventActivity: async name => service.events.activityOf(name),
		close: async () => service.close(),
	};
};
