/**
Who caused an error, as the `Type` field of a Lambda error body says.
*/
export type ErrorKind = 'User' | 'Service';

/**
An error of the Lambda API: the AWS error type (`ResourceNotFoundException`), the HTTP status it travels with, and the message in Lambda's words.

Every failure of the control plane and of invoke is one of these; the CLI and the HTTP API each render it in one place.
*/
export class LambdaError extends Error {
	override readonly name = 'LambdaError';

	constructor(
		readonly type: string,
		readonly statusCode: number,
		message: string,
		readonly kind: ErrorKind = 'User',
		readonly fields: Record<string, string> = {},
	) {
		super(message);
	}

	/**
	The JSON body Lambda sends with this error. `Message` and `message` both appear, as clients read either.
	*/
	toBody(): Record<string, string> {
		const message: Record<string, string> = this.message ? {Message: this.message, message: this.message} : {};
		return {Type: this.kind, ...message, __type: this.type, ...this.fields};
	}
}

export const isLambdaError = (error: unknown): error is LambdaError => error instanceof LambdaError;

export const invalidParameter = (message: string) => new LambdaError('InvalidParameterValueException', 400, message);

export const validationError = (problems: string[]) => new LambdaError(
	'ValidationException',
	400,
	`${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
);

/**
One constraint failure in the form `Value 'x' at 'field' failed to satisfy constraint: ...`, to be joined by `validationError`.
*/
export const constraint = (value: unknown, field: string, rule: string) =>
	`Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`;

export const resourceNotFound = (message: string) => new LambdaError('ResourceNotFoundException', 404, message);

export const functionNotFound = (arn: string) => resourceNotFound(`Function not found: ${arn}`);

/**
A function of another account: Lambda answers 403 with no message at all.
*/
export const accessDenied = () => new LambdaError('AccessDeniedException', 403, '');

export const resourceConflict = (message: string) => new LambdaError('ResourceConflictException', 409, message);

export const preconditionFailed = (message: string) => new LambdaError('PreconditionFailedException', 412, message);

export const invalidRequestContent = (message: string) => new LambdaError('InvalidRequestContentException', 400, message);

export const requestTooLarge = (message: string) => new LambdaError('RequestEntityTooLargeException', 413, message);

export const tooManyRequests = (reason: string) =>
	new LambdaError('TooManyRequestsException', 429, 'Rate Exceeded.', 'User', {Reason: reason});

export const serviceError = (message: string) => new LambdaError('ServiceException', 500, message, 'Service');

/**
The data dir is owned by another lambdeck process; names its pid, and its API's URL when it serves one, so the operator can find it.
*/
export const dataDirBusy = (dataDir: string, pid: number, port?: number, url?: string) => {
	const api = url ? `, API at ${url}` : (port ? `, API on port ${port}` : '');
	return new LambdaError(
		'DataDirLockedException',
		409,
		`The data dir ${dataDir} is owned by another lambdeck process (${pid ? `pid ${pid}` : 'pid not yet recorded'}${api}). Stop it, or use another LAMBDECK_HOME.`,
		'Service',
	);
};

/**
A file of the data dir cannot be read; names the file and what is wrong with it, and leaves the repair to the operator rather than wiping it.
*/
export const damagedFile = (file: string, problem: string, advice: string) => new LambdaError(
	'DataDirDamagedException',
	500,
	`The file ${file} is damaged: ${problem}. ${advice}`,
	'Service',
);

/**
A function whose stored record cannot be read: only that function fails, with what is wrong and where.
*/
export const damagedFunction = (functionName: string, file: string, problem: string) => new LambdaError(
	'ServiceException',
	500,
	`The record of function ${functionName} is damaged and cannot be read: ${file}: ${problem}. Repair or remove the file, or delete the function.`,
	'Service',
);
