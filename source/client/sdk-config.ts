import type {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs';
import type {LambdaClient} from '@aws-sdk/client-lambda';
import type {SQSClient} from '@aws-sdk/client-sqs';
import type {S3Client} from '@aws-sdk/client-s3';
import {LambdaError} from '../core/errors.js';
import {isLoopback} from '../core/loopback.js';

/**
Where a remote client goes and as whom: an endpoint (none: AWS's own for the region), the region and profile, and fixed credentials when they are known (a local `serve`'s own); otherwise the AWS SDK's usual chain (environment, `~/.aws/credentials` and `config`, SSO, process, instance roles) finds them.
*/
export type EndpointOptions = {
	endpoint?: string;
	region?: string;
	profile?: string;
	credentials?: {accessKeyId: string; secretAccessKey: string};
};

/** What a lambdeck `serve` that checks no signatures is signed with when nothing else is configured. */
const placeholderCredentials = {accessKeyId: 'lambdeck', secretAccessKey: 'lambdeck'};

const once = <T>(make: () => Promise<T>) => {
	let made: Promise<T> | undefined;
	return Object.assign(async () => {
		made ??= make();
		return made;
	}, {made: () => made});
};

// The SDK's warning about Node 20 would be printed over the console's screen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
The AWS SDK's clients for an endpoint, made on first use so that loading the SDK never delays the console's first frame: Lambda, CloudWatch Logs, SQS, S3 (path-style, for buckets), and what signs lambdeck's own calls with the same credentials and region.
*/
export const sdkClients = (options: EndpointOptions) => {
	const local = isLoopback(options.endpoint);
	const region = once(async () => {
		const fixed = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
		if (fixed) {
			return fixed;
		}

		// The SDK reads the profile's region from the shared config files.
		const {LambdaClient} = await import('@aws-sdk/client-lambda');
		const probe = new LambdaClient(options.profile ? {profile: options.profile} : {});
		try {
			return await probe.config.region();
		} catch (error) {
			if (local) {
				return 'us-east-1';
			}

			throw new LambdaError('RegionMissing', 400, `No region is configured: give --region, set AWS_REGION, or set one in the profile. (${(error as Error).message})`);
		} finally {
			probe.destroy();
		}
	});
	const credentials = once(async () => {
		if (options.credentials) {
			return async () => options.credentials!;
		}

		const {defaultProvider} = await import('@aws-sdk/credential-provider-node');
		const chain = defaultProvider({profile: options.profile});
		return async () => {
			try {
				return await chain();
			} catch (error) {
				if (local) {
					return placeholderCredentials;
				}

				throw error;
			}
		};
	});
	const config = async () => ({
		endpoint: options.endpoint,
		region: await region(),
		credentials: await credentials(),
		...(options.profile ? {profile: options.profile} : {}),
	});
	const lambda = once(async (): Promise<LambdaClient> => {
		const [{LambdaClient}, resolved] = await Promise.all([import('@aws-sdk/client-lambda'), config()]);
		return new LambdaClient(resolved);
	});
	const logs = once(async (): Promise<CloudWatchLogsClient> => {
		const [{CloudWatchLogsClient}, resolved] = await Promise.all([import('@aws-sdk/client-cloudwatch-logs'), config()]);
		return new CloudWatchLogsClient(resolved);
	});
	const sqs = once(async (): Promise<SQSClient> => {
		const [{SQSClient}, resolved] = await Promise.all([import('@aws-sdk/client-sqs'), config()]);
		return new SQSClient(resolved);
	});
	const s3 = once(async (): Promise<S3Client> => {
		const [{S3Client}, resolved] = await Promise.all([import('@aws-sdk/client-s3'), config()]);
		// Path-style, as lambdeck serves buckets on its own port; checksums only where S3 requires them.
		return new S3Client({...resolved, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED'});
	});
	return {
		region,
		lambda,
		logs,
		sqs,
		s3,
		/** Destroy the clients that were made; none is made for it. */
		async destroy() {
			for (const made of [lambda.made(), logs.made(), sqs.made(), s3.made()]) {
				(await made?.catch(() => undefined))?.destroy();
			}
		},
		signing: async () => ({credentials: await (await credentials())(), region: await region()}),
	};
};
