import type { INodeProperties } from 'n8n-workflow';

import * as upload from './upload.operation';

export { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tracking'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Attach shipment tracking numbers to a paid order',
				action: 'Upload shipment tracking numbers of an order',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
