import {LambdaError} from './errors.js';

/**
An S3 error: its code (`NoSuchBucket`), status and message as S3's XML error body carries them; `fields` become more elements of that body (`BucketName`, `ArgumentName1`).
*/
export const s3Error = (code: string, status: number, message: string, fields: Record<string, string> = {}) => new LambdaError(code, status, message, 'User', fields);

export const noSuchBucket = (bucket: string) => s3Error('NoSuchBucket', 404, 'The specified bucket does not exist', {BucketName: bucket});

export const invalidBucketName = (bucket: string) => s3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', {BucketName: bucket});

export const bucketAlreadyOwned = (bucket: string) => s3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', {BucketName: bucket});

export const bucketNotEmpty = (bucket: string) => s3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', {BucketName: bucket});

export const invalidArgument = (message: string, fields: Record<string, string> = {}) => s3Error('InvalidArgument', 400, message, fields);

/**
PutBucketNotificationConfiguration's refusal when S3 may not invoke a function (or the function does not exist: S3 does not tell the two apart): one numbered `ArgumentName`/`ArgumentValue` pair per destination.
*/
export const unableToValidate = (functionArns: string[]) => invalidArgument('Unable to validate the following destination configurations', Object.fromEntries(functionArns.flatMap((arn, index) => [
	[`ArgumentName${index + 1}`, `${arn}, null`],
	[`ArgumentValue${index + 1}`, `Not authorized to invoke function [${arn}]`],
])));
