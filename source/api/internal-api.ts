import fs from 'node:fs';
import {LambdaError} from '../core/errors.js';
import type {LambdaService} from '../service/lambda-service.js';
import {renderRestJsonError, type ApiPlugin} from './server.js';

/**
lambdeck's own endpoints under `/_lambdeck/`: the code download that GetFunction's `Code.Location` points at.
*/
export const internalApi = ({service}: {service: LambdaService}): ApiPlugin => ({
	name: 'lambdeck',
	claims: request => request.rawPath.startsWith('/_lambdeck/'),
	bodyLimit: () => 0,
	async handle(request) {
		const code = /^\/_lambdeck\/code\/([\da-f]{64})\.zip$/.exec(request.rawPath);
		const file = code && request.method === 'GET' ? service.codeArchive(code[1]!) : undefined;
		if (!file) {
			throw new LambdaError('ResourceNotFoundException', 404, `Nothing is served at ${request.rawPath}.`);
		}

		const {size} = await fs.promises.stat(file);
		return {
			stream(response) {
				response.writeHead(200, {'Content-Type': 'application/zip', 'Content-Length': size});
				fs.createReadStream(file).on('error', error => response.destroy(error)).pipe(response);
			},
		};
	},
	renderError: error => renderRestJsonError(error),
});
