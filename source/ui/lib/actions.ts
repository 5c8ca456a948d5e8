import type {ConsoleApi} from '../console-context.js';
import {packageCode} from './package-code.js';

/**
Ask, with Cancel focused, then redeploy a function from the folder its code last came from.
*/
export const confirmRedeploy = (api: ConsoleApi, functionName: string) => {
	api.confirm({
		title: `Redeploy ${functionName}?`,
		lines: ['Its code is packaged again from the folder it came from and replaces $LATEST; warm environments are retired.'],
		confirmLabel: 'Redeploy',
		onConfirm() {
			void redeployFunction(api, functionName);
		},
	});
};

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
		lines: ['Its code, configuration, versions, aliases, saved test events and logs go.'],
		confirmLabel: 'Delete',
		onConfirm() {
			void api.runOp(`Delete ${functionName}`, async () => api.client.deleteFunction({FunctionName: functionName})).then(() => after?.());
		},
	});
};

/**
Turn hot reload of a function on or off, when the client can watch a function's source folder; says so when it cannot.
*/
export const toggleWatch = (api: ConsoleApi, functionName: string) => {
	const {client} = api;
	if (!client.watchFunction) {
		api.notify(`Hot reload is unavailable from this endpoint (${client.endpoint}).`, 'error');
		return;
	}

	void api.runOp(`Hot reload of ${functionName}`, async () => client.watchFunction!(functionName)).then(watching => {
		if (watching !== undefined) {
			api.notify(watching ? `Hot reload of ${functionName} is on: saving a file in its folder republishes $LATEST.` : `Hot reload of ${functionName} is off.`);
		}
	});
};
