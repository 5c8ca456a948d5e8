/**
A sample of an event Lambda delivers, for the Test tab: its name and the payload, in the shape the source sends.
*/
export type EventTemplate = {name: string; payload: unknown};

const region = 'us-east-1';
const account = '123456789012';
const time = '2026-01-01T12:00:00.000Z';
const epoch = Date.parse(time);

/**
The events Lambda gets from its commonest sources, as each sends them: API Gateway (REST, payload 1.0), a function URL (payload 2.0, as HTTP APIs send too), S3, SQS, EventBridge and an EventBridge schedule.
*/
export const eventTemplates: EventTemplate[] = [
	{name: 'API Gateway (REST)', payload: {
		resource: '/items/{id}', path: '/items/42', httpMethod: 'GET',
		headers: {Accept: 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com'},
		multiValueHeaders: {Accept: ['application/json'], Host: ['abc123.execute-api.us-east-1.amazonaws.com']},
		queryStringParameters: {verbose: 'true'}, multiValueQueryStringParameters: {verbose: ['true']},
		pathParameters: {id: '42'}, stageVariables: null,
		requestContext: {
			accountId: account, apiId: 'abc123', resourceId: 'a1b2c3', resourcePath: '/items/{id}', httpMethod: 'GET', stage: 'prod', path: '/prod/items/42',
			requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', requestTimeEpoch: epoch, protocol: 'HTTP/1.1',
			identity: {sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0'},
		},
		body: null, isBase64Encoded: false,
	}},
	{name: 'Function URL / HTTP API', payload: {
		version: '2.0', routeKey: '$default', rawPath: '/my/path', rawQueryString: 'parameter1=value1&parameter2=value',
		cookies: ['cookie1=value1'], headers: {'content-type': 'application/json', host: 'abcdefghij.lambda-url.us-east-1.on.aws'},
		queryStringParameters: {parameter1: 'value1', parameter2: 'value'},
		requestContext: {
			accountId: account, apiId: 'abcdefghij', domainName: 'abcdefghij.lambda-url.us-east-1.on.aws', domainPrefix: 'abcdefghij',
			http: {method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0'},
			requestId: 'id', routeKey: '$default', stage: '$default', time: '01/Jan/2026:12:00:00 +0000', timeEpoch: epoch,
		},
		body: '{"hello":"world"}', pathParameters: null, isBase64Encoded: false, stageVariables: null,
	}},
	{name: 'S3 put', payload: {Records: [{
		eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: region, eventTime: time, eventName: 'ObjectCreated:Put',
		userIdentity: {principalId: 'AWS:AIDAINPONIXQXHT3IKHL2'}, requestParameters: {sourceIPAddress: '127.0.0.1'},
		responseElements: {'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD'},
		s3: {
			s3SchemaVersion: '1.0', configurationId: 'testConfigRule',
			bucket: {name: 'my-bucket', ownerIdentity: {principalId: 'A3NL1KOZZKExample'}, arn: 'arn:aws:s3:::my-bucket'},
			object: {key: 'uploads/photo.jpg', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5'},
		},
	}]}},
	{name: 'SQS message', payload: {Records: [{
		messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...', body: 'Test message.',
		attributes: {ApproximateReceiveCount: '1', SentTimestamp: String(epoch), SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: String(epoch + 2)},
		messageAttributes: {}, md5OfMessageAttributes: null, md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
		eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:${region}:${account}:my-queue`, awsRegion: region,
	}]}},
	{name: 'EventBridge event', payload: {
		version: '0', id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail-type': 'Order Placed', source: 'com.example.orders',
		account, time: '2026-01-01T12:00:00Z', region, resources: [], detail: {orderId: '1234', amount: 42.5},
	}},
	{name: 'Scheduled (EventBridge)', payload: {
		version: '0', id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa', 'detail-type': 'Scheduled Event', source: 'aws.events',
		account, time: '2026-01-01T12:00:00Z', region, resources: [`arn:aws:events:${region}:${account}:rule/my-schedule`], detail: {},
	}},
];

/**
A template's payload as the editor shows it.
*/
export const templateText = (template: EventTemplate) => JSON.stringify(template.payload, undefined, 2);
