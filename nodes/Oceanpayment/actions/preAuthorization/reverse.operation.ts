import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { allowAgentField } from '../common.descriptions';
import { authorizationOutput, executeAuthorization, optionsField } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['preAuthorization'], operation: ['reverse'] } }, [
	allowAgentField,
	{
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		default: '',
		required: true,
		description: 'The order number of the offline WeChat Pay or Alipay payment to reverse',
	},
	optionsField,
]);

export const movesMoney = 'Pre-Authorization › Reverse';
export const output = authorizationOutput('reverse');

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeAuthorization(this, items, run, 'reverse', movesMoney);
}
