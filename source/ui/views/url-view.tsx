import {Box, Text} from 'ink';
import {useState} from 'react';
import type {UrlResponse} from '../../client/client.js';
import {FormFields, useFieldForm, type FieldSpec} from '../components/form.js';
import {LinePromptLine} from '../components/line-prompt-line.js';
import {clampScroll, ScrolledLines} from '../components/result-pane.js';
import {useConsole, useKeys} from '../console-context.js';
import {actionFor} from '../key-map.js';
import {fit} from '../lib/format.js';
import {linePromptKey, type LinePrompt} from '../lib/line-prompt.js';
import {useSyncState} from '../lib/sync-state.js';
import {parseCreateUrl, parseHeaders, requestUrl, urlMethods, urlResponseLines, type UrlConfig} from '../lib/url-test.js';
import {usePolling} from '../lib/use-polling.js';

const fields: FieldSpec[] = [
	{id: 'method', label: 'Method', choices: urlMethods},
	{id: 'path', label: 'Path?query'},
	{id: 'headers', label: 'Headers', note: 'name: value; …'},
	{id: 'body', label: 'Body'},
];

/**
A function's URL view (`:url NAME`, `U` on the Overview): its function URLs (the function's and its aliases') with their auth types, `<`/`>` to pick one, `c` to create one and `x` to delete it; a test request (method, path and query, headers, body) that `s` sends to the picked URL, signed with the client's credentials when the URL is AWS_IAM, and its answer's status, headers and body, wrapped and scrollable (J/K).
*/
export const UrlView = ({functionName}: {functionName: string}) => {
	const api = useConsole();
	const {client, readonly, bodyHeight, columns} = api;
	const call = client.callOperation?.bind(client);
	const polled = usePolling(call ? async () => ((await call('ListFunctionUrlConfigs', {FunctionName: functionName}))?.FunctionUrlConfigs ?? []) as Array<Record<string, unknown>> : undefined, 0, [client, functionName]);
	const configs: UrlConfig[] = (polled.value ?? []).map(config => ({
		url: String(config.FunctionUrl), authType: String(config.AuthType),
		qualifier: String(config.FunctionArn).split(':').length > 7 ? String(config.FunctionArn).split(':').at(-1)! : '$LATEST',
	}));
	const [picked, setPicked] = useSyncState(0);
	const [prompt, setPrompt] = useSyncState<LinePrompt | undefined>(undefined);
	const [answer, setAnswer] = useState<{response: UrlResponse; tookMs: number} | undefined>();
	const [scroll, setScroll] = useSyncState(0);
	const form = useFieldForm(fields, {method: 'GET', path: '/', headers: '', body: ''});
	const config = configs[Math.min(picked.current, configs.length - 1)];
	const formRows = fields.length + 3 + (prompt.current ? 1 : 0) + Math.min(3, Math.max(1, configs.length));
	const paneHeight = Math.max(3, bodyHeight - formRows - 1);
	const lines = answer ? urlResponseLines(answer.response, columns - 2, answer.tookMs) : [];

	const send = () => {
		if (!config) {
			api.notify('This function has no URL yet: press c to create one.', 'error');
			return;
		}

		if (!client.sendUrlRequest) {
			api.notify('This endpoint\'s client cannot send requests to function URLs.', 'error');
			return;
		}

		const values = form.values.current;
		const method = values.method ?? 'GET';
		const started = Date.now();
		void api.runOp(`${method} ${requestUrl(config.url, values.path ?? '/')}`, async () => client.sendUrlRequest!({
			url: requestUrl(config.url, values.path ?? '/'), method, headers: parseHeaders(values.headers ?? ''), body: values.body || undefined, sign: config.authType === 'AWS_IAM',
		})).then(response => {
			if (response) {
				setAnswer({response, tookMs: Date.now() - started});
				setScroll(0);
			}
		});
	};

	const create = (text: string) => {
		const parsed = parseCreateUrl(text);
		if ('problem' in parsed) {
			api.notify(parsed.problem, 'error');
			return;
		}

		void api.runOp(`Create a ${parsed.authType} URL for ${functionName}${parsed.qualifier ? `:${parsed.qualifier}` : ''}`, async () => call!('CreateFunctionUrlConfig', {FunctionName: functionName, Qualifier: parsed.qualifier, AuthType: parsed.authType})).then(() => polled.refresh());
	};

	useKeys('view', prompt.current || form.editing.current ? [] : ['url'], event => {
		const current = prompt.current;
		if (current) {
			const step = linePromptKey(current, event);
			if (step.kind === 'edit') {
				setPrompt(step.prompt);
			} else if (step.kind === 'cancel') {
				setPrompt(undefined);
			} else if (step.kind === 'submit') {
				setPrompt(undefined);
				create(current.text);
			}

			return true;
		}

		const action = form.editing.current ? undefined : actionFor(['url'], event, readonly);
		if (form.handle(event, action)) {
			return true;
		}

		const page = Math.max(1, paneHeight - 2);
		switch (action) {
			case 'send-request': { send(); return true; }
			case 'choose-url': { setPicked(configs.length === 0 ? 0 : (picked.current + (event.name === '<' ? configs.length - 1 : 1)) % configs.length); return true; }
			case 'create-url': { setPrompt({purpose: 'create', label: 'New URL: [ALIAS] NONE|AWS_IAM', text: 'NONE', selected: true}); return true; }
			case 'delete-url': {
				if (config) {
					api.confirm({title: `Delete the URL of ${functionName}${config.qualifier === '$LATEST' ? '' : `:${config.qualifier}`}?`, lines: [config.url], confirmLabel: 'Delete', onConfirm() {
						void api.runOp(`Delete the URL of ${functionName}:${config.qualifier}`, async () => call!('DeleteFunctionUrlConfig', {FunctionName: functionName, Qualifier: config.qualifier === '$LATEST' ? undefined : config.qualifier})).then(() => polled.refresh());
					}});
				}

				return true;
			}

			case 'result-down': { setScroll(clampScroll(scroll.current + page, lines.length, paneHeight - 1)); return true; }
			case 'result-up': { setScroll(Math.max(0, scroll.current - page)); return true; }
			default: { return false; }
		}
	});

	if (!call) {
		return <Text dimColor>This endpoint's client cannot list function URLs.</Text>;
	}

	return (
		<Box flexDirection='column'>
			<Text bold wrap='truncate'>Function URLs of {functionName}{configs.length > 1 ? '  (< > to pick)' : ''}</Text>
			{polled.problem ? <Text color='red' wrap='wrap'>{polled.problem}</Text> : null}
			{polled.value && configs.length === 0 ? <Text dimColor wrap='truncate'>{readonly ? 'No URL.' : 'No URL: press c to create one.'}</Text> : null}
			{configs.slice(0, 3).map((item, index) => (
				<Text key={item.url} wrap='truncate' inverse={index === picked.current}>{fit(item.qualifier, 8)} {item.authType.padEnd(8)}{item.url}</Text>
			))}
			{prompt.current ? <LinePromptLine prompt={prompt.current}/> : null}
			<Box marginTop={1} flexDirection='column'>
				<FormFields fields={fields} values={form.values.current} selected={form.selected.current} editing={Boolean(form.editing.current)} replacing={Boolean(form.editing.current?.selected)}/>
				<Text dimColor wrap='truncate'>{form.editing.current ? 'Typing: enter to keep, esc to undo.' : `s sends${config?.authType === 'AWS_IAM' ? ' (signed with your credentials)' : ''}, enter edits a field, ←/→ the method.`}</Text>
			</Box>
			{answer
				? <ScrolledLines lines={lines} offset={scroll.current} height={paneHeight} width={columns - 1} hint='J/K scroll'/>
				: <Text dimColor>No answer yet: press s to send the request.</Text>}
		</Box>
	);
};
