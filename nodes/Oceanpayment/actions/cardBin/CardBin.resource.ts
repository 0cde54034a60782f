import type { INodeProperties } from 'n8n-workflow';

import * as lookup from './lookup.operation';

export { lookup };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cardBin'] } },
		options: [
			{
				name: 'Lookup',
				value: 'lookup',
				description: 'Get the card brand, type, level, issuer and country of card BINs',
				action: 'Look up card brand and issuer by BIN',
			},
		],
		default: 'lookup',
	},
	...lookup.description,
];
