import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { allowAgentField, writeOptions } from '../common.descriptions';
import { terminalWriteOption } from '../../helpers/terminalChoice';
import { authorizationOutput, executeAuthorization, paymentFields } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['preAuthorization'], operation: ['capture'] } }, [
	allowAgentField,
	...paymentFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Amount',
				name: 'amount',
				type: 'string',
				default: '',
				placeholder: 'e.g. 10.00',
				description:
					'Amount to capture, up to 2 decimals; leave empty to capture the authorized amount. Partial capture is not documented by Oceanpayment.',
			},
			terminalWriteOption,
			...writeOptions,
		],
	},
]);

export const movesMoney = 'Pre-Authorization › Capture';
export const output = authorizationOutput('capture');

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeAuthorization(this, items, run, 'capture', movesMoney);
}
