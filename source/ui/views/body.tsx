import type {Operation} from '../lib/operations.js';
import type {Route} from '../console-context.js';
import {CreateForm} from './create-form.js';
import {DescribeView} from './describe-view.js';
import {FunctionDetail} from './function-detail.js';
import {FunctionList} from './function-list.js';
import {LayersView} from './layers-view.js';
import {LogsPane} from './logs-pane.js';
import {OperationsLog} from './operations-log.js';
import {QueueView} from './queue-view.js';
import {QueuesView} from './queues-view.js';
import {RequestView} from './request-view.js';
import {UrlView} from './url-view.js';

/**
The view the route names.
*/
export const Body = ({route, operations}: {route: Route; operations: Operation[]}) => {
	switch (route.view) {
		case 'functions': {
			return <FunctionList/>;
		}

		case 'detail': {
			return <FunctionDetail key={route.functionName} functionName={route.functionName} tab={route.tab}/>;
		}

		case 'logs': {
			return <LogsPane key={route.functionName ?? '*'} layer='view' functionName={route.functionName}/>;
		}

		case 'create': {
			return <CreateForm/>;
		}

		case 'ops': {
			return <OperationsLog operations={operations}/>;
		}

		case 'describe': {
			return <DescribeView key={route.functionName} functionName={route.functionName}/>;
		}

		case 'request': {
			return <RequestView key={route.requestId} functionName={route.functionName} requestId={route.requestId}/>;
		}

		case 'queues': {
			return <QueuesView/>;
		}

		case 'queue': {
			return <QueueView key={route.queueUrl} queueUrl={route.queueUrl}/>;
		}

		case 'url': {
			return <UrlView key={route.functionName} functionName={route.functionName}/>;
		}

		case 'layers': {
			return <LayersView key={route.functionName ?? '*'} functionName={route.functionName}/>;
		}
	}
};
