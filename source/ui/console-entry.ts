/**
What the `lambdeck` command needs to open the console, in one module: the build bundles it with esbuild (with Ink and its dependencies) into `console-entry.bundle.js`, which loads several times faster than the few hundred modules it is made of.
*/
export {runConsole} from './run-console.js';
export {attachClient, startOwnServe} from '../client/attach.js';
