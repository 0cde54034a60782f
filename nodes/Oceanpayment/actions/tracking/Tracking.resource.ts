import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as upload from './upload.operation';

export { upload };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Upload',
		value: 'upload',
		description: 'Attach shipment tracking numbers to a paid order',
		action: 'Upload shipment tracking numbers of an order',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tracking'] } },
		options: [...operations],
		default: 'upload',
	},
	...upload.description,
];
