import type {S3Client} from '@aws-sdk/client-s3';
import {LambdaError} from '../core/errors.js';
import {bucketPathHeader, type BucketNotifications, type LambdaFunctionConfiguration} from '../core/s3-events.js';
import {fromSdkError} from './sdk-errors.js';

type Command = {middlewareStack: {add: (middleware: (next: (args: any) => Promise<unknown>) => (args: any) => Promise<unknown>, options: {step: 'build'}) => void}};

/**
Send one S3 operation by its AWS name through the AWS SDK's S3 client, its input and output shaped as S3's model; lambdeck's `LambdeckPath` (create-bucket --path) travels in its own header.
*/
export const callS3Operation = async (s3: S3Client, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
	const module = await import('@aws-sdk/client-s3') as unknown as Record<string, new (input: unknown) => Command>;
	const Made = module[`${operation}Command`];
	if (!Made) {
		throw new LambdaError('UnknownOperationException', 400, `The AWS SDK has no S3 operation ${operation}.`);
	}

	const {LambdeckPath, ...rest} = input;
	const command = new Made(rest);
	if (typeof LambdeckPath === 'string') {
		command.middlewareStack.add(next => async args => {
			args.request.headers[bucketPathHeader] = encodeURIComponent(LambdeckPath);
			return next(args);
		}, {step: 'build'});
	}

	try {
		const {$metadata, ...output} = await s3.send(command as never) as unknown as Record<string, unknown>;
		return Object.keys(output).length > 0 ? output : undefined;
	} catch (error) {
		throw fromSdkError(error);
	}
};

/**
Every bucket with its Lambda notifications, through any S3 API (ListBuckets, then GetBucketNotificationConfiguration for each).
*/
export const listBucketNotificationsVia = async (call: (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>): Promise<BucketNotifications[]> => {
	const listed = await call('ListBuckets', {}) as {Buckets?: Array<{Name: string; CreationDate?: Date | string}>} | undefined;
	return Promise.all((listed?.Buckets ?? []).map(async bucket => {
		const configuration = await call('GetBucketNotificationConfiguration', {Bucket: bucket.Name}) as {LambdaFunctionConfigurations?: LambdaFunctionConfiguration[]} | undefined;
		return {
			Bucket: bucket.Name,
			...(bucket.CreationDate ? {CreationDate: new Date(bucket.CreationDate).toISOString()} : {}),
			LambdaFunctionConfigurations: configuration?.LambdaFunctionConfigurations ?? [],
		};
	}));
};
