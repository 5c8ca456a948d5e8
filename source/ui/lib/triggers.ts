import {batchingProblem} from '../../core/event-settings.js';
import {lambdaModel} from '../../core/model/service-model.js';
import {validateInput} from '../../core/model/validate-input.js';

/**
An event source mapping as ListEventSourceMappings answers (the members the Triggers tab shows).
*/
export type MappingSummary = {
	UUID: string;
	EventSourceArn?: string;
	State?: string;
	BatchSize?: number;
	MaximumBatchingWindowInSeconds?: number;
	FunctionResponseTypes?: string[];
	LastProcessingResult?: string;
	StateTransitionReason?: string;
};

/**
One statement of a function's resource policy, in the words the Triggers tab shows: who may call, what, and from which source.
*/
export type StatementSummary = {sid: string; principal: string; action: string; sourceArn?: string; sourceAccount?: string};

type PolicyStatement = {
	Sid?: string;
	Principal?: string | Record<string, string | string[]>;
	Action?: string | string[];
	Condition?: Record<string, Record<string, string>>;
};

const conditionValue = (condition: PolicyStatement['Condition'], key: string) => {
	for (const operator of Object.values(condition ?? {})) {
		const found = Object.entries(operator).find(([name]) => name.toLowerCase() === key.toLowerCase());
		if (found) {
			return found[1];
		}
	}

	return undefined;
};

/**
The statements of a policy document as GetPolicy returns it (a JSON string); an unreadable document has none.
*/
export const policyStatements = (policy: string | undefined): StatementSummary[] => {
	let document: {Statement?: PolicyStatement[]};
	try {
		document = JSON.parse(policy ?? '{}') as {Statement?: PolicyStatement[]};
	} catch {
		return [];
	}

	return (document.Statement ?? []).map(statement => {
		const principal = typeof statement.Principal === 'string' ? statement.Principal : Object.values(statement.Principal ?? {}).flat().join(',');
		return {
			sid: statement.Sid ?? '',
			principal,
			action: [statement.Action ?? ''].flat().join(','),
			sourceArn: conditionValue(statement.Condition, 'AWS:SourceArn'),
			sourceAccount: conditionValue(statement.Condition, 'AWS:SourceAccount'),
		};
	});
};

/** Whether a mapping runs or is on its way to running. */
export const isEnabled = (mapping: MappingSummary) => ['Enabled', 'Enabling', 'Creating', 'Updating'].includes(mapping.State ?? '');

/**
What the new-mapping form holds, as typed: the queue's ARN, batch size, batching window, whether to report batch item failures, and whether to start enabled.
*/
export type MappingForm = {queueArn: string; batchSize: string; window: string; reportFailures: string; enabled: string};

const wholeNumber = (text: string) => /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;

/**
The CreateEventSourceMapping input of a form, and what the API would refuse in it (in its words), checked as it is typed.
*/
export const mappingRequest = (functionName: string, form: MappingForm, fifo: boolean): {input: Record<string, unknown>; problems: string[]} => {
	const batchSize = wholeNumber(form.batchSize);
	const window = wholeNumber(form.window || '0');
	const input = {
		FunctionName: functionName,
		EventSourceArn: form.queueArn,
		BatchSize: batchSize,
		MaximumBatchingWindowInSeconds: window,
		Enabled: form.enabled !== 'no',
		...(form.reportFailures === 'yes' ? {FunctionResponseTypes: ['ReportBatchItemFailures']} : {}),
	};
	const problems: string[] = [];
	if (!form.queueArn) {
		problems.push('Pick a queue (←/→); create one on the Queues view\'s endpoint first if there is none.');
	}

	if (Number.isNaN(batchSize) || Number.isNaN(window)) {
		problems.push('Batch size and window are whole numbers.');
		return {input, problems};
	}

	problems.push(...validateInput(lambdaModel, 'CreateEventSourceMappingRequest', input));
	const batching = batchingProblem(batchSize, window, fifo);
	return {input, problems: batching && problems.length === 0 ? [batching] : problems};
};

/**
What the add-permission form holds, as typed.
*/
export type PermissionForm = {sid: string; principal: string; sourceArn: string; action: string};

/** The service principals the form offers with ←/→ (any other can be typed). */
export const principals = ['s3.amazonaws.com', 'sqs.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'apigateway.amazonaws.com'] as const;

/**
The AddPermission input of a form, and what the API's model would refuse in it.
*/
export const permissionRequest = (functionName: string, form: PermissionForm): {input: Record<string, unknown>; problems: string[]} => {
	const input = {
		FunctionName: functionName,
		StatementId: form.sid.trim(),
		Action: form.action.trim(),
		Principal: form.principal.trim(),
		...(form.sourceArn.trim() ? {SourceArn: form.sourceArn.trim()} : {}),
	};
	const missing = (['StatementId', 'Action', 'Principal'] as const).filter(name => !input[name]).map(name => `${name} is required.`);
	return {input, problems: [...missing, ...validateInput(lambdaModel, 'AddPermissionRequest', input)]};
};
