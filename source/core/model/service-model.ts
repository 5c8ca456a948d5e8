import lambda from './lambda-2015-03-31.json' with {type: 'json'};
import logs from './logs-2014-03-28.json' with {type: 'json'};

/**
Where a member of a request or response travels in the REST protocol: the URI, the query string, a header, the status code, or (when absent) the JSON body.
*/
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

/**
One member of a structure, as AWS's service model declares it.
*/
export type MemberModel = {
	shape: string;
	location?: MemberLocation;
	locationName?: string;
	jsonvalue?: boolean;
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
	error?: {httpStatusCode: number; senderFault?: boolean};
	exception?: boolean;
};

/**
One operation: its HTTP binding and its input and output shapes.
*/
export type OperationModel = {
	name: string;
	http: {method: string; requestUri: string; responseCode?: number};
	input?: {shape: string};
	output?: {shape: string};
	deprecated?: boolean;
};

/**
A whole AWS service model, as botocore ships it (documentation left out).
*/
export type ServiceModel = {
	metadata: {apiVersion: string; protocol: string; targetPrefix?: string; jsonVersion?: string; signingName?: string; endpointPrefix: string; botocoreVersion?: string};
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
