import lambda from './lambda-2015-03-31.json' with {type: 'json'};
import logs from './logs-2014-03-28.json' with {type: 'json'};
import sqs from './sqs-2012-11-05.json' with {type: 'json'};
import sqsQuery from './sqs-query-2012-11-05.json' with {type: 'json'};
import s3 from './s3-2006-03-01.json' with {type: 'json'};

/**
Where a member of a request or response travels in the REST protocol: the URI, the query string, a header, the status code, or (when absent) the JSON body.
*/
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

/**
One member of a structure, as AWS's service model declares it.
*/
export type MemberModel = {
	shape: string;
	/** Query protocol: the member's list or map is written without a wrapper element. */
	flattened?: boolean;
	location?: MemberLocation;
	locationName?: string;
	jsonvalue?: boolean;
	/** A blob sent as the raw body (S3's object data). */
	streaming?: boolean;
};

/**
One shape of AWS's service model: its type and the constraints AWS checks (`min`, `max`, `pattern`, `enum`, `required`).
*/
export type ShapeModel = {
	type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp' | 'double' | 'float';
	members?: Record<string, MemberModel>;
	required?: string[];
	payload?: string;
	member?: MemberModel;
	key?: MemberModel;
	value?: MemberModel;
	min?: number;
	max?: number;
	pattern?: string;
	enum?: string[];
	sensitive?: boolean;
	error?: {httpStatusCode: number; senderFault?: boolean; code?: string};
	flattened?: boolean;
	locationName?: string;
	exception?: boolean;
};

/**
One operation: its HTTP binding and its input and output shapes.
*/
export type OperationModel = {
	name: string;
	http: {method: string; requestUri: string; responseCode?: number};
	input?: {shape: string};
	output?: {shape: string; resultWrapper?: string};
	deprecated?: boolean;
};

/**
A whole AWS service model, as botocore ships it (documentation left out).
*/
export type ServiceModel = {
	metadata: {apiVersion: string; protocol: string; xmlNamespace?: string; targetPrefix?: string; jsonVersion?: string; signingName?: string; endpointPrefix: string; botocoreVersion?: string};
	operations: Record<string, OperationModel>;
	shapes: Record<string, ShapeModel>;
};

/**
AWS Lambda's service model (`lambda-2015-03-31`): every operation's method, path, members and constraints.
*/
export const lambdaModel = lambda as unknown as ServiceModel;

/**
CloudWatch Logs' service model (`logs-2014-03-28`, JSON 1.1).
*/
export const logsModel = logs as unknown as ServiceModel;

/**
Amazon SQS's service model (`sqs-2012-11-05`, JSON 1.0 with query-compatible errors), what current SDKs speak.
*/
export const sqsModel = sqs as unknown as ServiceModel;

/**
Amazon SQS's model from the query-protocol era, as AWS CLI 2.9 ships it: the form keys (`Attribute.1.Name`) and XML element names of every member.
*/
export const sqsQueryModel = sqsQuery as unknown as ServiceModel;

/**
Amazon S3's service model (`s3-2006-03-01`, REST-XML), cut to the bucket operations lambdeck serves (scripts/import-aws-models.py).
*/
export const s3Model = s3 as unknown as ServiceModel;
