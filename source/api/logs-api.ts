import {logsModel} from '../core/model/service-model.js';
import {CloudWatchLogs} from '../service/cloudwatch-logs.js';
import type {LambdaService} from '../service/lambda-service.js';
import {jsonServiceApi} from './json-protocol.js';
import type {ApiPlugin} from './server.js';

/**
The CloudWatch Logs subset (`logs-2014-03-28`, JSON 1.1) on the server's port, over the functions' logs: enough for `aws logs tail --follow` and `aws logs filter-log-events`. Every other Logs operation answers an error naming itself.
*/
export const logsApi = ({service}: {service: LambdaService}): ApiPlugin => {
	const logs = new CloudWatchLogs(service);
	return jsonServiceApi({
		name: 'logs',
		title: 'CloudWatch Logs',
		model: logsModel,
		validationErrorType: 'InvalidParameterException',
		handlers: {
			DescribeLogGroups: async input => logs.describeLogGroups(input),
			DescribeLogStreams: async input => logs.describeLogStreams(input),
			GetLogEvents: async input => logs.getLogEvents(input),
			FilterLogEvents: async input => logs.filterLogEvents(input),
		},
	});
};
