import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { executeList } from '../../helpers/list';
import type { OperationOutput } from '../../helpers/output';
import { SUCCESSFUL_ORDER_FIELDS, simplifySuccessfulOrder } from '../../helpers/simplify';
import { dateRangeFields, readOptions, returnAllFields, simplifyField } from '../common.descriptions';
import { TERMINAL_FIELDS, terminalReadOption } from '../../helpers/terminalChoice';

const properties: INodeProperties[] = [
	...dateRangeFields('The gateway serves the last 6 months.'),
	...returnAllFields,
	simplifyField,
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [terminalReadOption, ...readOptions] },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getManySuccessful'] } },
	properties,
);

export const output: OperationOutput = { title: 'One successful payment of the period', fields: { ...SUCCESSFUL_ORDER_FIELDS, ...TERMINAL_FIELDS } };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeList.call(this, items, run, {
		endpoint: 'successfulOrders',
		operation: 'Order › Get Many Successful',
		windowDays: 183,
		omitFirstPage: true,
		simplify: simplifySuccessfulOrder,
		mergeField: () => 'payment_dateTime',
	});
}
