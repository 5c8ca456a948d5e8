import type {KeyEvent} from './lib/key-events.js';

/**
The places keys mean something: the whole console, each view, and each tab of a function's detail.
*/
export type KeyScope =
	| 'global' | 'list' | 'functions' | 'detail' | 'overview' | 'test' | 'result' | 'monitor' | 'config' | 'env' | 'logs' | 'create' | 'ops'
	| 'first-run' | 'invocations' | 'environments' | 'request' | 'describe' | 'versions'
	| 'queues' | 'queue' | 'compose' | 'triggers' | 'async' | 'form'
	| 'concurrency' | 'layers' | 'layers-attach' | 'function-layers' | 'url';

/**
One binding: the keys that trigger an action, the action's name, the hint shown for it, and whether it changes anything (hidden with `--readonly`).
*/
export type Binding = {
	keys: string[];
	action: string;
	hint: string;
	changes?: boolean;
	/** Shown in help but not in the header, to keep the header short. */
	helpOnly?: boolean;
	/** Shown in the header only: a summary of bindings that help lists one by one. */
	headerOnly?: boolean;
};

/**
The function list's direct sort keys (as k9s has them), by the column each sorts. Pressing the key of the current sort reverses it.
*/
export const sortKeys: Record<string, string> = {
	N: 'NAME', R: 'RUNTIME', M: 'MEM', T: 'TIMEOUT', Z: 'SIZE', A: 'MODIFIED', L: 'LAST', E: 'ERR15M', I: 'INVOKES', P: 'P50', C: 'COLD',
};

/**
Moving through a list or a pane with arrows, vim keys and paging: the same keys wherever they apply, shown in help only.
*/
const movement = (downHint: string, upHint: string): Binding[] => [
	{keys: ['j', 'down'], action: 'down', hint: downHint, helpOnly: true},
	{keys: ['k', 'up'], action: 'up', hint: upHint, helpOnly: true},
	{keys: ['g', 'home'], action: 'top', hint: 'top', helpOnly: true},
	{keys: ['G', 'end'], action: 'bottom', hint: 'bottom', helpOnly: true},
	{keys: ['pagedown', 'ctrl+f'], action: 'page-down', hint: 'page down', helpOnly: true},
	{keys: ['pageup', 'ctrl+b'], action: 'page-up', hint: 'page up', helpOnly: true},
];

/**
The console's one key map. It drives input handling, the header's hints and the `?` help overlay.
*/
export const keyMap: Record<KeyScope, Binding[]> = {
	global: [
		{keys: [':'], action: 'command', hint: 'command'},
		{keys: ['/'], action: 'filter', hint: 'filter'},
		{keys: ['?'], action: 'help', hint: 'help'},
		{keys: ['@'], action: 'ops', hint: 'operations'},
		{keys: ['escape'], action: 'back', hint: 'back'},
		{keys: ['q'], action: 'quit', hint: 'quit'},
	],
	list: [
		...movement('down', 'up'),
	],
	functions: [
		{keys: ['return'], action: 'open', hint: 'detail'},
		{keys: ['c'], action: 'create', hint: 'create', changes: true},
		{keys: ['i'], action: 'invoke', hint: 'invoke', changes: true},
		{keys: ['l'], action: 'logs', hint: 'logs'},
		{keys: ['e'], action: 'edit', hint: 'edit config', changes: true},
		{keys: ['v'], action: 'env', hint: 'env vars', changes: true},
		{keys: ['d'], action: 'redeploy', hint: 'redeploy', changes: true},
		{keys: ['x'], action: 'delete', hint: 'delete', changes: true},
		{keys: ['E', 'L', 'N', 'P'], action: 'sort', hint: 'sort (? for all)', headerOnly: true},
		...Object.entries(sortKeys).map(([key, column], index): Binding => ({keys: [key], action: 'sort', hint: `sort by ${column.toLowerCase()}${index === 0 ? ' (each sort key again: reverse)' : ''}`, helpOnly: true})),
	],
	'first-run': [
		{keys: ['E'], action: 'examples', hint: 'create examples', changes: true},
	],
	detail: [
		{keys: [']', 'tab'], action: 'next-tab', hint: 'next tab'},
		{keys: ['[', 'shift+tab'], action: 'previous-tab', hint: 'previous tab'},
		{keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'], action: 'tab', hint: 'tab 1-9, 0: tab 10 ([ from tab 1: the last)', helpOnly: true},
		{keys: ['i'], action: 'invoke', hint: 'invoke', changes: true},
		{keys: ['y'], action: 'describe', hint: 'describe (JSON)'},
		{keys: ['W'], action: 'watch', hint: 'hot reload on/off', changes: true, helpOnly: true},
	],
	overview: [
		{keys: ['U'], action: 'url', hint: 'function URL'},
		{keys: ['d'], action: 'redeploy', hint: 'redeploy', changes: true},
		{keys: ['x'], action: 'delete', hint: 'delete', changes: true},
	],
	test: [
		{keys: ['return'], action: 'edit-payload', hint: 'edit payload', changes: true},
		{keys: ['i'], action: 'invoke', hint: 'invoke', changes: true},
		{keys: ['e', 'ctrl+e'], action: 'external-editor', hint: '$EDITOR', changes: true},
		{keys: ['t'], action: 'invocation-type', hint: 'type', changes: true},
		{keys: ['v'], action: 'qualifier', hint: 'version/alias'},
		{keys: ['<', '>'], action: 'saved-event', hint: 'saved events', changes: true},
		{keys: ['T'], action: 'template', hint: 'event templates', changes: true},
		{keys: ['f', 'z'], action: 'full-result', hint: 'full result'},
		{keys: ['J', 'pagedown', 'ctrl+d'], action: 'result-down', hint: 'scroll result', helpOnly: true},
		{keys: ['K', 'pageup', 'ctrl+b'], action: 'result-up', hint: 'scroll result back', helpOnly: true},
		{keys: ['n'], action: 'save-event', hint: 'save as', changes: true},
		{keys: ['r'], action: 'rename-event', hint: 'rename', changes: true},
		{keys: ['D'], action: 'delete-event', hint: 'delete event', changes: true},
	],
	result: [
		...movement('scroll', 'scroll'),
		{keys: ['f', 'z'], action: 'full-result', hint: 'leave full screen'},
	],
	monitor: [
		{keys: ['w'], action: 'window', hint: 'window 15m/1h/1d'},
	],
	invocations: [
		{keys: ['return'], action: 'open-request', hint: 'logs and result'},
		...movement('down', 'up'),
	],
	environments: [
		{keys: ['j', 'down'], action: 'down', hint: 'down', helpOnly: true},
		{keys: ['k', 'up'], action: 'up', hint: 'up', helpOnly: true},
		{keys: ['x'], action: 'stop', hint: 'stop environment', changes: true},
	],
	request: [
		...movement('scroll', 'scroll'),
	],
	versions: [
		{keys: ['j', 'down'], action: 'down', hint: 'down', helpOnly: true},
		{keys: ['k', 'up'], action: 'up', hint: 'up', helpOnly: true},
		{keys: ['p'], action: 'publish', hint: 'publish version', changes: true},
		{keys: ['l'], action: 'point-live', hint: 'live → newest', changes: true},
		{keys: ['w'], action: 'shift', hint: 'shift weight', changes: true},
	],
	describe: [
		...movement('scroll', 'scroll'),
	],
	config: [
		{keys: ['j', 'down'], action: 'down', hint: 'down', helpOnly: true},
		{keys: ['k', 'up'], action: 'up', hint: 'up', helpOnly: true},
		{keys: ['return'], action: 'edit-field', hint: 'edit field', changes: true},
		{keys: ['left', 'right'], action: 'cycle', hint: 'choose (runtime, log format, levels)', changes: true, helpOnly: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'save', changes: true},
		{keys: ['u'], action: 'undo', hint: 'undo edits', changes: true},
	],
	layers: [
		{keys: ['n'], action: 'publish-layer', hint: 'publish version', changes: true},
		{keys: ['x'], action: 'delete-layer', hint: 'delete version', changes: true},
	],
	'layers-attach': [
		{keys: ['a'], action: 'attach', hint: 'attach', changes: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'save', changes: true},
		{keys: ['tab'], action: 'focus', hint: 'function\'s layers'},
	],
	'function-layers': [
		{keys: ['J'], action: 'move-down', hint: 'move down', changes: true},
		{keys: ['K'], action: 'move-up', hint: 'move up', changes: true},
		{keys: ['x'], action: 'detach', hint: 'detach', changes: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'save', changes: true},
		{keys: ['u'], action: 'undo', hint: 'undo', changes: true},
		{keys: ['tab'], action: 'focus', hint: 'all layers'},
	],
	url: [
		{keys: ['j', 'down', 'tab'], action: 'down', hint: 'next field', helpOnly: true},
		{keys: ['k', 'up', 'shift+tab'], action: 'up', hint: 'previous field', helpOnly: true},
		{keys: ['return'], action: 'edit-field', hint: 'edit field'},
		{keys: ['left', 'right'], action: 'cycle', hint: 'method', helpOnly: true},
		{keys: ['s'], action: 'send-request', hint: 'send request', changes: true},
		{keys: ['<', '>'], action: 'choose-url', hint: 'pick URL'},
		{keys: ['c'], action: 'create-url', hint: 'create URL', changes: true},
		{keys: ['x'], action: 'delete-url', hint: 'delete URL', changes: true},
		{keys: ['J', 'pagedown'], action: 'result-down', hint: 'scroll answer', helpOnly: true},
		{keys: ['K', 'pageup'], action: 'result-up', hint: 'scroll answer back', helpOnly: true},
	],
	concurrency: [
		{keys: ['c'], action: 'reserved', hint: 'reserved', changes: true},
		{keys: ['p'], action: 'provisioned', hint: 'provisioned', changes: true},
	],
	env: [
		{keys: ['j', 'down'], action: 'down', hint: 'down', helpOnly: true},
		{keys: ['k', 'up'], action: 'up', hint: 'up', helpOnly: true},
		{keys: ['a'], action: 'add', hint: 'add', changes: true},
		{keys: ['return'], action: 'edit-value', hint: 'edit value', changes: true},
		{keys: ['r'], action: 'rename', hint: 'rename', changes: true},
		{keys: ['x'], action: 'remove', hint: 'delete', changes: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'save', changes: true},
		{keys: ['u'], action: 'undo', hint: 'undo edits', changes: true},
	],
	logs: [
		{keys: ['f'], action: 'follow', hint: 'follow'},
		{keys: ['w'], action: 'wrap', hint: 'wrap'},
		{keys: ['t'], action: 'timestamps', hint: 'timestamps'},
		{keys: ['c'], action: 'compact', hint: 'compact/full lines'},
		{keys: ['s'], action: 'save', hint: 'save'},
		{keys: ['C'], action: 'clear', hint: 'clear'},
		...movement('scroll', 'scroll'),
	],
	create: [
		{keys: ['j', 'down', 'tab'], action: 'down', hint: 'next field', helpOnly: true},
		{keys: ['k', 'up', 'shift+tab'], action: 'up', hint: 'previous field', helpOnly: true},
		{keys: ['return'], action: 'edit-field', hint: 'edit field (tab completes paths)'},
		{keys: ['left', 'right'], action: 'cycle', hint: 'runtime', helpOnly: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'create'},
	],
	ops: [],
	queues: [
		{keys: ['return'], action: 'open', hint: 'open queue'},
		{keys: ['r'], action: 'refresh', hint: 'refresh'},
		...movement('down', 'up'),
	],
	queue: [
		{keys: ['s'], action: 'send', hint: 'send message', changes: true},
		{keys: ['p'], action: 'peek', hint: 'peek messages'},
		{keys: ['x'], action: 'purge', hint: 'purge', changes: true},
		{keys: ['R'], action: 'redrive', hint: 'redrive DLQ to source', changes: true},
		{keys: ['a'], action: 'attributes', hint: 'all attributes'},
		...movement('down', 'up'),
	],
	compose: [
		{keys: ['ctrl+s'], action: 'submit', hint: 'send'},
		{keys: ['escape'], action: 'cancel', hint: 'cancel'},
	],
	triggers: [
		{keys: ['a'], action: 'add-mapping', hint: 'add queue trigger', changes: true},
		{keys: ['e'], action: 'toggle', hint: 'enable/disable', changes: true},
		{keys: ['p'], action: 'add-permission', hint: 'add permission', changes: true},
		{keys: ['x'], action: 'remove', hint: 'delete', changes: true},
		{keys: ['r'], action: 'refresh', hint: 'refresh', helpOnly: true},
		...movement('down', 'up'),
	],
	async: [
		{keys: ['e', 'return'], action: 'edit-config', hint: 'edit async config', changes: true},
		{keys: ['n'], action: 'new-config', hint: 'config for a qualifier', changes: true},
		{keys: ['D'], action: 'edit-dlq', hint: 'dead-letter queue', changes: true},
		{keys: ['x'], action: 'remove', hint: 'delete config', changes: true},
		{keys: ['r'], action: 'refresh', hint: 'refresh', helpOnly: true},
		...movement('down', 'up'),
	],
	form: [
		{keys: ['j', 'down', 'tab'], action: 'down', hint: 'next field', helpOnly: true},
		{keys: ['k', 'up', 'shift+tab'], action: 'up', hint: 'previous field', helpOnly: true},
		{keys: ['return'], action: 'edit-field', hint: 'edit field'},
		{keys: ['left', 'right'], action: 'cycle', hint: 'choose', helpOnly: true},
		{keys: ['s', 'ctrl+s'], action: 'save', hint: 'save'},
		{keys: ['escape'], action: 'cancel', hint: 'cancel'},
	],
};

const usable = (binding: Binding, readonly: boolean) => !(readonly && binding.changes);

/**
The action a keypress triggers in a scope, or undefined. Actions that change things do not exist in read-only mode.
*/
export const actionFor = (scopes: KeyScope[], event: KeyEvent, readonly: boolean): string | undefined => {
	for (const scope of scopes) {
		const binding = keyMap[scope].find(candidate => candidate.keys.includes(event.name) && usable(candidate, readonly));
		if (binding) {
			return binding.action;
		}
	}

	return undefined;
};

/** What read-only mode turns off, by action, for the status line's `Read-only: … is off.` */
const offWords: Record<string, string> = {
	create: 'creating functions', invoke: 'invoking', edit: 'editing the configuration', env: 'editing environment variables',
	redeploy: 'redeploying', delete: 'deleting', 'edit-payload': 'editing the payload', 'external-editor': 'editing the payload',
	'invocation-type': 'choosing the invocation type', 'saved-event': 'choosing saved events', 'save-event': 'saving test events',
	'rename-event': 'renaming test events', 'delete-event': 'deleting test events', template: 'choosing event templates', watch: 'hot reload', stop: 'stopping environments', 'edit-field': 'editing', cycle: 'editing',
	save: 'saving', undo: 'editing', add: 'adding variables', 'edit-value': 'editing variables', rename: 'renaming variables',
	remove: 'deleting', send: 'sending messages', purge: 'purging queues', redrive: 'redriving messages', 'add-mapping': 'adding triggers',
	toggle: 'enabling and disabling triggers', 'add-permission': 'changing the resource policy', 'edit-config': 'editing the async config', 'new-config': 'editing the async config',
	'edit-dlq': 'changing the dead-letter queue', examples: 'creating the examples', publish: 'publishing versions', 'point-live': 'changing aliases', shift: 'changing aliases',
	'publish-layer': 'publishing layers', 'delete-layer': 'deleting layers', attach: 'changing layers', detach: 'changing layers', 'move-down': 'changing layers', 'move-up': 'changing layers',
	'send-request': 'sending requests', 'create-url': 'creating URLs', 'delete-url': 'deleting URLs',
	reserved: 'changing concurrency', provisioned: 'changing concurrency',
};

/**
In read-only mode, what to say when a key that would change something is pressed in the scopes in view (`Read-only: deleting is off.`), or undefined when the key changes nothing.
*/
export const readonlyNotice = (scopes: KeyScope[], event: KeyEvent): string | undefined => {
	for (const scope of scopes) {
		const binding = keyMap[scope].find(candidate => candidate.keys.includes(event.name));
		if (binding) {
			return binding.changes ? `Read-only: ${offWords[binding.action] ?? binding.hint} is off.` : undefined;
		}
	}

	return undefined;
};

const keyLabel = (key: string) => ({return: 'enter', escape: 'esc'} as Record<string, string>)[key] ?? key;

/**
The header's hints for the scopes in view, as `<key> hint` pairs.
*/
export const hintsFor = (scopes: KeyScope[], readonly: boolean, {all = false} = {}): Array<{keys: string; hint: string}> => {
	// A binding whose every key an earlier scope takes never acts (an open form's esc is not back), so it is not offered.
	const taken = new Set<string>();
	return scopes.flatMap(scope => {
		const shown = keyMap[scope].filter(binding => usable(binding, readonly) && !binding.keys.every(key => taken.has(key)) && (all ? !binding.headerOnly : !binding.helpOnly));
		for (const binding of keyMap[scope]) {
			for (const key of binding.keys) {
				taken.add(key);
			}
		}

		return shown.map(binding => ({keys: binding.keys.map(keyLabel).join('/'), hint: binding.hint}));
	});
};
