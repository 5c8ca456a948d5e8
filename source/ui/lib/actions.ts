import type {ConsoleApi} from '../console-context.js';
import {packageCode} from './package-code.js';

/**
Redeploy a function from the folder its code last came from.
*/
export const redeployFunction = async (api: ConsoleApi, functionName: string) => {
	await api.runOp(`Redeploy ${functionName}`, async () => {
		const {SourceDir} = await api.client.getFunctionExtras(functionName);
		if (!SourceDir) {
			throw new Error(`${functionName} has no source folder on record (it was deployed from a zip); redeploy it from the CLI.`);
		}

		const {zipFile} = packageCode(SourceDir);
		return api.client.updateFunctionCode({FunctionName: functionName, ZipFile: zipFile}, {SourceDir});
	});
};

/**
Ask, with Cancel focused, then delete a function.
*/
export const confirmDelete = (api: ConsoleApi, functionName: string, after?: () => void) => {
	api.confirm({
		title: `Delete function ${functionName}?`,
		lines: ['Its code, configuration and saved test events go. Logs stay in the data dir.'],
		confirmLabel: 'Delete',
		onConfirm() {
			void api.runOp(`Delete ${functionName}`, async () => api.client.deleteFunction({FunctionName: functionName})).then(() => after?.());
		},
	});
};
