import {LambdaError} from '../core/errors.js';
import {sqsModel, sqsQueryModel} from '../core/model/service-model.js';
import {validateInput} from '../core/model/validate-input.js';
import {invalidParameterValue, missingParameter, sqsError} from '../core/sqs-errors.js';
import type {SqsService} from '../service/sqs/sqs-service.js';
import {decodeQueryInput, encodeQueryOutput} from './query-protocol.js';
import type {ApiPlugin, ApiRequest, ApiResponse} from './server.js';

type Head = Omit<ApiRequest, 'body'>;

const jsonType = 'application/x-amz-json-1.0';
const namespace = sqsQueryModel.metadata.xmlNamespace ?? 'http://queue.amazonaws.com/doc/2012-11-05/';

const isJson = (request: Head) => typeof request.headers['x-amz-target'] === 'string' && request.headers['x-amz-target'].startsWith('AmazonSQS.');
const isQuery = (request: Head) => request.headers['x-amz-target'] === undefined
	&& !/^\/20\d\d-\d\d-\d\d\//.test(request.rawPath)
	&& !request.rawPath.startsWith('/_lambdeck')
	&& (request.query.has('Action') || String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'));

/**
What each SQS operation does with its input.
*/
const handlersOf = (sqs: SqsService): Record<string, (input: any) => Promise<object | void> | object | void> => ({
	CreateQueue: async input => sqs.createQueue(input),
	GetQueueUrl: input => sqs.getQueueUrl(input),
	ListQueues: input => sqs.listQueues(input),
	DeleteQueue: async input => sqs.deleteQueue(input),
	PurgeQueue: async input => sqs.purgeQueue(input),
	GetQueueAttributes: input => sqs.getQueueAttributes(input),
	SetQueueAttributes: async input => sqs.setQueueAttributes(input),
	SendMessage: async input => sqs.sendMessage(input),
	SendMessageBatch: async input => sqs.sendMessageBatch(input),
	ReceiveMessage: async input => sqs.receiveMessage(input),
	DeleteMessage: async input => sqs.deleteMessage(input),
	DeleteMessageBatch: async input => sqs.deleteMessageBatch(input),
	ChangeMessageVisibility: async input => sqs.changeMessageVisibility(input),
	ChangeMessageVisibilityBatch: async input => sqs.changeMessageVisibilityBatch(input),
	TagQueue: async input => sqs.tagQueue(input),
	UntagQueue: async input => sqs.untagQueue(input),
	ListQueueTags: input => sqs.listQueueTags(input),
	StartMessageMoveTask: input => sqs.moves.start(input),
	ListMessageMoveTasks: input => sqs.moves.list(input),
	CancelMessageMoveTask: input => sqs.moves.cancel(input),
});

/**
Check an input against the model: a missing required member is SQS's MissingParameter, any other broken constraint its InvalidParameterValue.
*/
const check = (shapeName: string | undefined, input: Record<string, unknown>) => {
	if (!shapeName) {
		return;
	}

	for (const name of sqsModel.shapes[shapeName]?.required ?? []) {
		if (input[name] === undefined) {
			throw missingParameter(name);
		}
	}

	const problems = validateInput(sqsModel, shapeName, input);
	if (problems.length > 0) {
		throw invalidParameterValue(problems.join('; '));
	}
};

/**
Call an SQS operation of lambdeck's queues in this process, as the JSON protocol would: the input checked against the model, the output as the SDK would parse it. What the in-process client's `callQueues` is.
*/
export const callSqsOperation = async (sqs: SqsService, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
	const handler = handlersOf(sqs)[operation];
	if (!handler) {
		throw sqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `lambdeck does not serve the SQS operation ${operation}.`);
	}

	check(sqsModel.operations[operation]?.input?.shape, input);
	// A JSON round trip, so the caller gets what a client of the wire gets (no shared references, no undefined members).
	return JSON.parse(JSON.stringify(await handler(input) ?? {})) as Record<string, unknown>;
};

const xml = (status: number, body: string): ApiResponse => ({status, headers: {'Content-Type': 'text/xml'}, body: `<?xml version="1.0"?>${body}`});

/**
Amazon SQS on the shared port, for lambdeck's queues: the JSON protocol (`X-Amz-Target: AmazonSQS.<Op>`, what current SDKs and boto3 send) and the query protocol (form-encoded `Action=<Op>`, what AWS CLI 2.9 sends, answered in XML). Operations, required members and constraints come from AWS's models; errors carry both protocols' codes.
*/
export const sqsApi = ({sqs}: {sqs: () => SqsService}): ApiPlugin => ({
	name: 'sqs',
	claims: request => isJson(request) || isQuery(request),
	bodyLimit: () => 2 * 1024 * 1024,
	async handle(request) {
		const handlers = handlersOf(sqs());
		if (isJson(request)) {
			const name = String(request.headers['x-amz-target']).slice('AmazonSQS.'.length);
			const operation = sqsModel.operations[name];
			const handler = handlers[name];
			if (!operation || !handler) {
				throw sqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `lambdeck does not serve the SQS operation ${name}.`);
			}

			let input: Record<string, unknown>;
			try {
				input = request.body.length > 0 ? JSON.parse(request.body.toString('utf8')) as Record<string, unknown> : {};
			} catch {
				throw new LambdaError('SerializationException', 400, 'Could not parse request body into json.', 'User', {queryCode: 'SerializationException'});
			}

			check(operation.input?.shape, input);
			const output = await handler(input);
			return {status: 200, headers: {'Content-Type': jsonType}, body: JSON.stringify(output ?? {})};
		}

		const params = new URLSearchParams(request.query);
		for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) {
			params.append(key, value);
		}

		const action = params.get('Action') ?? '';
		const operation = sqsQueryModel.operations[action];
		const handler = handlers[action];
		if (!operation || !handler) {
			throw sqsError('InvalidAction', 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
		}

		const input = operation.input ? decodeQueryInput(sqsQueryModel, operation.input.shape, params) : {};
		// A request sent to the queue's own URL names the queue by its path.
		if (input.QueueUrl === undefined && /^\/\d{12}\/[\w.-]+$/.test(request.rawPath) && sqsModel.shapes[operation.input?.shape ?? '']?.members?.QueueUrl) {
			input.QueueUrl = request.rawPath;
		}

		check(sqsModel.operations[action]?.input?.shape, input);
		const output = await handler(input) ?? {};
		const result = operation.output ? `<${action}Result>${encodeQueryOutput(sqsQueryModel, operation.output.shape, output as Record<string, unknown>)}</${action}Result>` : '';
		return xml(200, `<${action}Response xmlns="${namespace}">${result}<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`);
	},
	renderError(error, request) {
		const queryCode = error.fields.queryCode ?? error.type;
		if (isJson(request)) {
			return {
				status: error.statusCode,
				headers: {'Content-Type': jsonType, 'x-amzn-query-error': `${queryCode};${error.statusCode >= 500 ? 'Receiver' : 'Sender'}`},
				body: JSON.stringify({__type: `com.amazonaws.sqs#${error.type}`, message: error.message}),
			};
		}

		const message = (error.fields.queryMessage ?? error.message).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
		return xml(error.statusCode, `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.statusCode >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${queryCode}</Code><Message>${message}</Message><Detail/></Error><RequestId>${request.requestId}</RequestId></ErrorResponse>`);
	},
});
