import type {LambdeckClient} from '../client/client.js';
import {lambdaModel, type ShapeModel} from '../core/model/service-model.js';
import {validateInput} from '../core/model/validate-input.js';
import {validationError} from '../core/errors.js';
import type {LambdaService} from '../service/lambda-service.js';
import {lambdaHandlers, Reply} from '../api/lambda-api.js';
import {UsageError} from './arguments.js';
import type {Command, Flags} from './definitions.js';

/** `FunctionName` → `function-name`, as the AWS CLI names its flags. */
const kebab = (name: string) => name.replaceAll(/([a-z\d])([A-Z])/g, '$1-$2').replaceAll(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();

const parseValue = (flag: string, shape: ShapeModel, text: string): unknown => {
	switch (shape.type) {
		case 'integer':
		case 'long': {
			const value = Number(text);
			if (!Number.isInteger(value)) {
				throw new UsageError(`argument --${flag}: invalid int value: '${text}'`);
			}

			return value;
		}

		case 'structure':
		case 'list':
		case 'map': {
			if (/^\s*[[{]/.test(text)) {
				try {
					return JSON.parse(text) as unknown;
				} catch (error) {
					throw new UsageError(`Error parsing parameter '--${flag}': Invalid JSON: ${(error as Error).message}`);
				}
			}

			if (shape.type === 'list') {
				return text.split(/[\s,]+/).filter(Boolean);
			}

			// The AWS CLI's shorthand for a flat map or structure: Key=Value,Other=Value.
			return Object.fromEntries(text.split(',').filter(Boolean).map(pair => {
				const index = pair.indexOf('=');
				if (index < 1) {
					throw new UsageError(`Error parsing parameter '--${flag}': Expected: '=', received: '${pair}'`);
				}

				return [pair.slice(0, index).trim(), pair.slice(index + 1)];
			}));
		}

		case 'blob': {
			return Buffer.from(text);
		}

		default: {
			return text;
		}
	}
};

/**
A verb for a Lambda operation, with its flags taken from the operation's input in AWS's model (`--reserved-concurrent-executions` for `ReservedConcurrentExecutions`), run through the same handler table the API serves.
*/
export const modelCommand = (operation: string): Command => {
	const inputShape = lambdaModel.operations[operation]!.input?.shape;
	const members = inputShape ? Object.entries(lambdaModel.shapes[inputShape]!.members ?? {}) : [];
	const flags = Object.fromEntries(members.map(([name, member]) => [kebab(name), lambdaModel.shapes[member.shape]!.type === 'boolean' ? 'boolean' : 'string'])) as Record<string, 'string' | 'boolean'>;
	return {
		operation,
		summary: `${operation}, with the AWS CLI's flags`,
		flags,
		async run(client: LambdeckClient, given: Flags) {
			const service = (client as LambdeckClient & {service?: LambdaService}).service;
			if (!service) {
				throw new UsageError(`${kebab(operation)} needs the service in this process`);
			}

			const input: Record<string, unknown> = {};
			for (const [name, member] of members) {
				const value = given[kebab(name)];
				if (value !== undefined) {
					input[name] = typeof value === 'boolean' ? value : parseValue(kebab(name), lambdaModel.shapes[member.shape]!, value);
				}
			}

			const problems = inputShape ? validateInput(lambdaModel, inputShape, input) : [];
			if (problems.length > 0) {
				throw validationError(problems);
			}

			const result = await lambdaHandlers({service})[operation]!(input, undefined as never);
			const output = result instanceof Reply ? result.output : result;
			return output && Object.keys(output).length > 0 ? output : undefined;
		},
	};
};

/**
The verbs of every operation the API serves that has no hand-made verb, named as the AWS CLI names them.
*/
export const modelCommands = (existing: Record<string, Command>, skip: string[]): Record<string, Command> => {
	const operations = Object.keys(lambdaHandlers({service: undefined as never})).filter(operation => !skip.includes(operation));
	const made = Object.values(existing).map(command => command.operation);
	return Object.fromEntries(operations.filter(operation => !made.includes(operation)).map(operation => [kebab(operation), modelCommand(operation)]));
};
