import type {Route} from '../console-context.js';
import {queueName} from './queues.js';

/**
The header's title for a route: the view, or the function and its tab.
*/
export const routeTitle = (route: Route) => {
	switch (route.view) {
		case 'detail': { return `${route.functionName} › ${route.tab}`; }
		case 'url': { return `${route.functionName} › url`; }
		case 'layers': { return `layers${route.functionName ? ` › ${route.functionName}` : ''}`; }
		case 'logs': { return `logs${route.functionName ? ` › ${route.functionName}` : ''}`; }
		case 'describe': { return `${route.functionName} › describe`; }
		case 'request': { return `${route.functionName} › ${route.requestId.slice(0, 8)}`; }
		case 'queue': { return `queues › ${queueName(route.queueUrl)}`; }
		default: { return route.view; }
	}
};

/**
Which `/` filter a route uses: each view, and each tab of a function's detail, keeps its own.
*/
export const filterKey = (route: Route) => route.view === 'detail' ? `detail:${route.tab}` : route.view;
