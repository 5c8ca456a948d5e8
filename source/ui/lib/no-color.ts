import chalk, {backgroundColorNames, foregroundColorNames} from 'chalk';

/**
Honour NO_COLOR (https://no-color.org): when it is set and not empty, every colour Ink would draw (text, background, borders) is left out, while bold, dim and inverse stay, so the selection is still visible. Ink colours through chalk's shared instance, so shadowing its colour methods there turns colour off for the whole console. Returns a function that puts the colours back.
*/
export const applyNoColor = (env: NodeJS.ProcessEnv = process.env): (() => void) => {
	if (!env.NO_COLOR) {
		return () => undefined;
	}

	const names = [...foregroundColorNames, ...backgroundColorNames];
	for (const name of names) {
		Object.defineProperty(chalk, name, {configurable: true, get: () => (text: string) => text});
	}

	return () => {
		for (const name of names) {
			Reflect.deleteProperty(chalk, name);
		}
	};
};
