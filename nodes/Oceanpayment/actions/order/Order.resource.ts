import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as getManyBusinessEvents from './getManyBusinessEvents.operation';
import * as getManyDisputes from './getManyDisputes.operation';
import * as getManySuccessful from './getManySuccessful.operation';
import * as getStatus from './getStatus.operation';

export { getManyBusinessEvents, getManyDisputes, getManySuccessful, getStatus };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Get Many Business Events',
		value: 'getManyBusinessEvents',
		description: 'List refunds, chargebacks, retrievals, fraud and high-risk events in a period',
		action: 'Get many business events such as refunds and chargebacks',
	},
	{
		name: 'Get Many Disputes',
		value: 'getManyDisputes',
		description: 'List Klarna disputes of the last 30 days with reason and reply deadline',
		action: 'Get many disputes',
	},
	{
		name: 'Get Many Successful',
		value: 'getManySuccessful',
		description: 'List successful payments in a period',
		action: 'Get many successful payments',
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		description: 'Get the payment status of one or more order numbers',
		action: 'Get the payment status of orders',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [...operations],
		default: 'getStatus',
	},
	...getStatus.description,
	...getManySuccessful.description,
	...getManyBusinessEvents.description,
	...getManyDisputes.description,
];
