/**
A usage error of a verb lambdeck parses itself (`serve`, `logs`): the command line is wrong. Printed with the usage, exit code 252, as the AWS CLI does.
*/
export class UsageError extends Error {
	override readonly name = 'UsageError';
}
