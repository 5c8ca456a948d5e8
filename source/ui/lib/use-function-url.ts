import {useEffect, useState} from 'react';
import type {LambdeckClient} from '../../client/client.js';

/**
The function's own URL in words for the Overview: `…` while it is read, the URL and its auth type, `none`, or `-` where the endpoint's client cannot say.
*/
export const useFunctionUrl = (client: LambdeckClient, functionName: string, revision?: string) => {
	const [shown, setShown] = useState('…');
	useEffect(() => {
		if (!client.callOperation) {
			setShown('-');
			return;
		}

		let current = true;
		void client.callOperation('ListFunctionUrlConfigs', {FunctionName: functionName}).then(listed => {
			const configs = (listed?.FunctionUrlConfigs ?? []) as Array<{FunctionUrl: string; AuthType: string; FunctionArn: string}>;
			const own = configs.find(config => config.FunctionArn.split(':').length === 7) ?? configs[0];
			if (current) {
				setShown(own ? `${own.FunctionUrl} (${own.AuthType}${configs.length > 1 ? `, +${configs.length - 1} for aliases` : ''})` : 'none (U to create one)');
			}
		}, () => {
			if (current) {
				setShown('-');
			}
		});
		return () => {
			current = false;
		};
	}, [client, functionName, revision]);
	return shown;
};
