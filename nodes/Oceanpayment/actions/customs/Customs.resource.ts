import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as resubmit from './resubmit.operation';
import * as submit from './submit.operation';

export { resubmit, submit };

/** The Operation options: their values name the operations the router dispatches to (actions/node.type.ts). */
export const operations = [
	{
		name: 'Resubmit',
		value: 'resubmit',
		description: 'Declare a payment to customs again after a failed or changed declaration',
		action: 'Resubmit a customs declaration',
	},
	{
		name: 'Submit',
		value: 'submit',
		description: 'Declare a WeChat Pay, Alipay or UnionPay payment to Chinese customs',
		action: 'Submit a customs declaration',
	},
] as const satisfies readonly INodePropertyOptions[];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customs'] } },
		options: [...operations],
		default: 'submit',
	},
	...submit.description,
	...resubmit.description,
];
