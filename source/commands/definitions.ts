import {lambdaHandlers} from '../api/lambda-api.js';
import {s3Handlers} from '../api/s3-api.js';
import {cliName} from './cli-arguments.js';

const summaries: Record<string, string> = {
	CreateFunction: 'Create a function from a zip (--zip-file fileb://f.zip) or a folder (--code-dir DIR)',
	UpdateFunctionCode: 'Replace a function\'s code from a zip or a folder',
	UpdateFunctionConfiguration: 'Change memory, timeout, handler, runtime, description, environment, ...',
	GetFunction: 'Show a function\'s configuration and where its code is',
	GetFunctionConfiguration: 'Show a function\'s configuration',
	ListFunctions: 'List functions (every page, or --max-items N and --starting-token)',
	DeleteFunction: 'Delete a function',
	Invoke: 'Invoke a function and write its response to OUTFILE',
	InvokeAsync: 'Queue an event for a function (deprecated by AWS; use invoke --invocation-type Event)',
	GetAccountSettings: 'Show the account\'s limits and usage',
	ListTags: 'List a function\'s tags',
	TagResource: 'Tag a function',
	UntagResource: 'Remove tags from a function',
	PutFunctionConcurrency: 'Reserve concurrency for a function',
	GetFunctionConcurrency: 'Show a function\'s reserved concurrency',
	DeleteFunctionConcurrency: 'Remove a function\'s reserved concurrency',
	AddPermission: 'Let a service or account invoke a function (a statement of its resource policy)',
	RemovePermission: 'Remove a statement from a function\'s resource policy',
	GetPolicy: 'Show a function\'s resource policy (per qualifier)',
	CreateBucket: 'Make a bucket: a new folder in the data dir, or an existing one (--path DIR)',
	DeleteBucket: 'Delete an empty bucket (a folder named with --path stays)',
	ListBuckets: 'List buckets',
	HeadBucket: 'Check that a bucket exists',
	PutBucketNotificationConfiguration: 'Send a bucket\'s file events to functions (as aws s3api; the function\'s policy must let s3.amazonaws.com invoke it)',
	GetBucketNotificationConfiguration: 'Show a bucket\'s notification configuration',
	PutObject: 'Write a file into a bucket\'s folder (--body FILE)',
	DeleteObject: 'Remove a file from a bucket\'s folder',
};

/**
What `lambdeck help` says of an operation's verb.
*/
export const summaryOf = (operation: string) => summaries[operation] ?? `${cliName(operation).replaceAll('-', ' ').replace(/^./, letter => letter.toUpperCase())}, as \`aws lambda ${cliName(operation)}\` does it`;

/**
The verb of every Lambda and S3 operation the API serves, by the name the AWS CLI gives it (`create-function` → CreateFunction, `create-bucket` → CreateBucket): the CLI and the API share one handler table per service.
*/
export const operationVerbs = (): Record<string, string> =>
	Object.fromEntries([...Object.keys(lambdaHandlers({service: undefined as never})), ...Object.keys(s3Handlers(undefined as never, undefined as never))].map(operation => [cliName(operation), operation]));
