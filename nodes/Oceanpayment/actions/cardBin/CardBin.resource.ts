import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as lookup from './lookup.operation';

export { lookup };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Lookup',
		value: 'lookup',
		description: 'Get the card brand, type, level, issuer and country of card BINs',
		action: 'Look up card brand and issuer by BIN',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cardBin'] } },
		options: [...operations],
		default: 'lookup',
	},
	...lookup.description,
];
