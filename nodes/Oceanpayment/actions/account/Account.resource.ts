import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as healthCheck from './healthCheck.operation';
import * as selfCheck from './selfCheck.operation';

export { healthCheck, selfCheck };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Health Check',
		value: 'healthCheck',
		description: 'Check that account, terminal, secure code, site and public key are set up correctly',
		action: 'Check the account setup',
	},
	{
		name: 'Self-Check',
		value: 'selfCheck',
		description:
			"Call each read-only endpoint once with made-up values and report which of the package's API guesses hold for this account, with a report for a bug report",
		action: 'Run a self check of the API',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [...operations],
		default: 'healthCheck',
	},
	...healthCheck.description,
	...selfCheck.description,
];
