import {LambdaError} from '../core/errors.js';
import {fromSdkError} from './sdk-errors.js';

type Sender = {send(command: never): Promise<unknown>};

/**
Send any operation of an AWS SDK v3 client by its AWS name (`ListQueues`, `GetPolicy`): the command is looked up in the client's module, the output handed back without the SDK's metadata (undefined when nothing else is left), and an error as lambdeck's LambdaError.
*/
export const sendByName = async (module: object, client: Sender, service: string, operation: string, input: Record<string, unknown>) => {
	const Command = (module as Record<string, new (input: unknown) => never>)[`${operation}Command`];
	if (!Command) {
		throw new LambdaError('UnknownOperationException', 400, `The AWS SDK has no ${service} operation ${operation}.`);
	}

	try {
		const {$metadata, ...output} = await client.send(new Command(input)) as Record<string, unknown>;
		return Object.keys(output).length > 0 ? output : undefined;
	} catch (error) {
		throw fromSdkError(error);
	}
};
