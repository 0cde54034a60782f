import type { INodeProperties } from 'n8n-workflow';

import * as healthCheck from './healthCheck.operation';

export { healthCheck };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Health Check',
				value: 'healthCheck',
				description: 'Check that account, terminal, secure code, site and public key are set up correctly',
				action: 'Check account health',
			},
		],
		default: 'healthCheck',
	},
	...healthCheck.description,
];
