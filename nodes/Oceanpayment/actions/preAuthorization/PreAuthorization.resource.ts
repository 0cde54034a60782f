import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as capture from './capture.operation';
import * as reverse from './reverse.operation';
import * as voidOperation from './void.operation';

export { capture, reverse, voidOperation as void };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Capture',
		value: 'capture',
		description: 'Capture a pre-authorized card payment so the money is collected',
		action: 'Capture a preauthorized card payment',
	},
	{
		name: 'Reverse',
		value: 'reverse',
		description: 'Reverse an offline WeChat Pay or Alipay payment by order number',
		action: 'Reverse an offline wallet payment',
	},
	{
		name: 'Void',
		value: 'void',
		description: 'Cancel a pre-authorized card payment so the hold is released',
		action: 'Void a preauthorized card payment',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['preAuthorization'] } },
		options: [...operations],
		default: 'capture',
	},
	...capture.description,
	...voidOperation.description,
	...reverse.description,
];
