import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';

export { create, get };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Create',
		value: 'create',
		description: 'Refund a payment in full or in part',
		action: 'Refund a payment',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get a refund and its status by refund ID or refund number',
		action: 'Get a refund and its status',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['refund'] } },
		options: [...operations],
		default: 'create',
	},
	...create.description,
	...get.description,
];
