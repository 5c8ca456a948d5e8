import {LambdaError} from '../core/errors.js';
import {s3Model} from '../core/model/service-model.js';
import {validateInput, withShapeOverrides} from '../core/model/validate-input.js';
import {s3Error} from '../core/s3-errors.js';
import {bucketPathHeader, type NotificationConfiguration} from '../core/s3-events.js';
import type {Buckets} from '../service/buckets/buckets.js';
import type {LambdaService} from '../service/lambda-service.js';
import {parseRestXmlRequest, serializeRestXmlResponse} from './rest-xml.js';
import {RestRoutes} from './routes.js';
import type {ApiPlugin, ApiRequest, ApiResponse} from './server.js';

/**
S3 checks event types and filter rule names itself, with its own errors (and takes `Prefix` as well as `prefix`), so the model's enums are left to it.
*/
const model = withShapeOverrides(s3Model, {Event: {enum: undefined}, FilterRuleName: {enum: undefined}});

/** The root element of each answer's XML document, as S3 names it. */
const rootNames: Record<string, string> = {ListBuckets: 'ListAllMyBucketsResult', GetBucketNotificationConfiguration: 'NotificationConfiguration'};

const ownerId = (accountId: string) => Buffer.from(`lambdeck-${accountId}`).toString('hex').padEnd(64, '0');

/**
What each S3 operation lambdeck serves does with its input (shaped as S3's model), on the service's buckets. The CLI's verbs and the embedded client run the same table.
*/
export const s3Handlers = (buckets: () => Buckets, account: {region: string; accountId: string}): Record<string, (input: any) => Promise<Record<string, unknown> | void>> => ({
	async CreateBucket(input: {Bucket: string; LambdeckPath?: string}) {
		await buckets().createBucket(input.Bucket, input.LambdeckPath);
		return {Location: `/${input.Bucket}`};
	},
	async DeleteBucket(input: {Bucket: string}) {
		await buckets().deleteBucket(input.Bucket);
	},
	async ListBuckets() {
		return {
			Buckets: buckets().list().map(record => ({Name: record.name, CreationDate: record.created, BucketRegion: account.region})),
			Owner: {DisplayName: 'lambdeck', ID: ownerId(account.accountId)},
		};
	},
	async HeadBucket(input: {Bucket: string}) {
		buckets().get(input.Bucket);
		return {BucketRegion: account.region};
	},
	async PutBucketNotificationConfiguration(input: {Bucket: string; NotificationConfiguration?: NotificationConfiguration; SkipDestinationValidation?: boolean}) {
		await buckets().putNotificationConfiguration(input.Bucket, input.NotificationConfiguration ?? {}, input.SkipDestinationValidation);
	},
	async GetBucketNotificationConfiguration(input: {Bucket: string}) {
		return buckets().get(input.Bucket).notification as Record<string, unknown>;
	},
	async PutObject(input: {Bucket: string; Key: string; Body?: Uint8Array}) {
		const md5 = await buckets().putObject(input.Bucket, input.Key, Buffer.from(input.Body ?? new Uint8Array()));
		return {ETag: `"${md5}"`};
	},
	async DeleteObject(input: {Bucket: string; Key: string}) {
		await buckets().deleteObject(input.Bucket, input.Key);
	},
});

/**
Run one S3 operation on a service in this process as the API runs it (the same checks, then the same handler), for a client that needs no HTTP.
*/
export const callS3Operation = async (service: LambdaService, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
	const handler = s3Handlers(() => service.buckets, service.account)[operation];
	if (!handler) {
		throw s3Error('NotImplemented', 501, `lambdeck does not implement the S3 operation ${operation}.`);
	}

	const {LambdeckPath, ...members} = input;
	checkS3Input(operation, members);
	return (await handler(input)) ?? undefined;
};

/**
The problems S3's model finds in an operation's input, as a 400 to answer with (S3 says little more than which member).
*/
export const checkS3Input = (operation: string, input: Record<string, unknown>) => {
	const shape = model.operations[operation]?.input?.shape;
	const problems = shape ? validateInput(model, shape, input) : [];
	if (problems.length > 0) {
		throw s3Error('InvalidArgument', 400, problems.join('; '));
	}
};

const isS3 = (request: Omit<ApiRequest, 'body'>) => request.headers['x-amz-target'] === undefined
	&& !/^\/20\d\d-\d\d-\d\d\//.test(request.rawPath)
	&& !request.rawPath.startsWith('/_lambdeck')
	&& !request.query.has('Action')
	&& (request.headers['x-amz-content-sha256'] !== undefined || !String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
	&& !(request.method === 'POST' && request.rawPath === '/');

/** The signature check's errors as S3 names them. */
const s3Codes: Record<string, string> = {InvalidSignatureException: 'SignatureDoesNotMatch', UnrecognizedClientException: 'InvalidAccessKeyId'};

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
Amazon S3's bucket operations on the shared port, path-style (`/BUCKET`, `/BUCKET/KEY`), in REST-XML: routes, request members and answers come from S3's model (cut to what lambdeck serves); other S3 operations answer S3's NotImplemented.
*/
export const s3Api = ({buckets, account}: {buckets: () => Buckets; account: {region: string; accountId: string}}): ApiPlugin => {
	const routes = new RestRoutes(model);
	const handlers = s3Handlers(buckets, account);
	return {
		name: 's3',
		claims: isS3,
		bodyLimit: () => 64 * 1024 * 1024,
		async handle(request): Promise<ApiResponse> {
			const match = routes.match(request.method, request.rawPath, request.query);
			const operation = match?.operation;
			const known = new Set(['x-id', ...(operation?.http.requestUri.split('?')[1]?.split('&').map(part => part.split('=')[0]!) ?? [])]);
			const inputShape = operation?.input ? model.shapes[operation.input.shape] : undefined;
			for (const member of Object.values(inputShape?.members ?? {})) {
				if (member.location === 'querystring') {
					known.add(member.locationName!);
				}
			}

			const subresource = [...request.query.keys()].find(key => !known.has(key));
			if (!match || !operation || subresource) {
				throw s3Error('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', {Header: subresource ?? `${request.method} ${request.rawPath}`});
			}

			const input = parseRestXmlRequest(model, operation, {labels: match.labels, query: request.query, headers: request.headers, body: request.body});
			checkS3Input(operation.name, input);
			const path = request.headers[bucketPathHeader];
			if (operation.name === 'CreateBucket' && typeof path === 'string') {
				input.LambdeckPath = decodeURIComponent(path);
			}

			const output = await handlers[operation.name]!(input);
			const answer = serializeRestXmlResponse(model, operation, output ?? undefined, rootNames[operation.name] ?? operation.output?.shape ?? operation.name);
			return {status: answer.status, headers: answer.headers, body: answer.body};
		},
		renderError(error: LambdaError, request) {
			const code = s3Codes[error.type] ?? error.type;
			const fields = Object.entries(error.fields).map(([name, value]) => `<${name}>${escape(value)}</${name}>`).join('');
			const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escape(error.message)}</Message>${fields}<RequestId>${request.requestId}</RequestId></Error>`;
			// A HEAD answer has no body: S3's status alone says what went wrong.
			return {status: error.statusCode, headers: {'Content-Type': 'application/xml'}, body: request.method === 'HEAD' ? '' : body};
		},
	};
};
