let suspended = false;

/**
The terminal as Ink sees it, except that nothing is written while the screen is lent to another program (`$EDITOR`): renders go on in memory, and the first one after the screen comes back draws the whole frame.
*/
export const gatedStdout = (stdout: NodeJS.WriteStream): NodeJS.WriteStream => new Proxy(stdout, {
	get(target, property) {
		if (property === 'write') {
			return (...parameters: Parameters<NodeJS.WriteStream['write']>) => suspended ? true : target.write(...parameters);
		}

		const value = Reflect.get(target, property, target) as unknown;
		return typeof value === 'function' ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
	},
});

/**
Lend the screen to another program until `resume` is called: Ink's writes through `gatedStdout` are dropped meanwhile.
*/
export const suspendScreen = () => {
	suspended = true;
	return () => {
		suspended = false;
	};
};
