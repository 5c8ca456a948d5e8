/**
One operation's paging, as botocore's paginator model declares it: the request's marker and page size, the answer's next marker and the list it pages.
*/
export type Paginator = {input_token: string; output_token: string; limit_key: string; result_key: string};

const page = (result_key: string): Paginator => ({input_token: 'Marker', output_token: 'NextMarker', limit_key: 'MaxItems', result_key});

/**
AWS Lambda's paginators (botocore's `lambda/2015-03-31/paginators-1.json`): every one pages with Marker, NextMarker and MaxItems.
*/
export const lambdaPaginators: Record<string, Paginator> = {
	ListEventSourceMappings: page('EventSourceMappings'),
	ListFunctions: page('Functions'),
	ListAliases: page('Aliases'),
	ListLayerVersions: page('LayerVersions'),
	ListLayers: page('Layers'),
	ListVersionsByFunction: page('Versions'),
	ListFunctionEventInvokeConfigs: page('FunctionEventInvokeConfigs'),
	ListProvisionedConcurrencyConfigs: page('ProvisionedConcurrencyConfigs'),
	ListCodeSigningConfigs: page('CodeSigningConfigs'),
	ListFunctionsByCodeSigningConfig: page('FunctionArns'),
	ListFunctionUrlConfigs: page('FunctionUrlConfigs'),
};
