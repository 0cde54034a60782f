import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { executeList } from '../../helpers/list';
import type { OperationOutput } from '../../helpers/output';
import { DISPUTE_FIELDS, simplifyDispute } from '../../helpers/simplify';
import { dateRangeFields, readOptions, returnAllFields, simplifyField } from '../common.descriptions';
import { TERMINAL_FIELDS, terminalReadOption } from '../../helpers/terminalChoice';

export const DISPUTE_TYPES = [
	{ name: 'All', value: '', description: 'Disputes in any stage' },
	{ name: 'Dispute', value: 'dispute', description: 'Open disputes' },
	{ name: 'Dispute Period', value: 'disputes-period', description: 'Disputes in their appeal period' },
];

const properties: INodeProperties[] = [
	...dateRangeFields('Klarna disputes only; the gateway serves the last 30 days.'),
	{
		displayName: 'Dispute Type',
		name: 'disputeType',
		type: 'options',
		options: DISPUTE_TYPES,
		default: '',
		description: 'Which disputes to list',
	},
	...returnAllFields,
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Payment ID',
				name: 'paymentId',
				type: 'string',
				default: '',
				description: "Only disputes of this payment (Oceanpayment's payment ID)",
			},
			{
				displayName: 'Order Number',
				name: 'orderNumber',
				type: 'string',
				default: '',
				description: 'Only disputes of this order number',
			},
			terminalReadOption,
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getManyDisputes'] } }, properties);

export const output: OperationOutput = { title: 'One Klarna dispute of the period', fields: { ...DISPUTE_FIELDS, ...TERMINAL_FIELDS } };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeList.call(this, items, run, {
		endpoint: 'disputedOrders',
		operation: 'Order › Get Many Disputes',
		windowDays: 30,
		simplify: simplifyDispute,
		mergeField: () => 'disputes_date',
		extraFields(parameters) {
			const disputeType = parameters.choice('disputeType', 'Dispute Type', DISPUTE_TYPES.map((type) => type.value), '');
			const fields: Record<string, string> = {};
			if (disputeType) fields.notice_type = disputeType;
			const paymentId = parameters.id('options.paymentId', 'Payment ID', { maxLength: 50 });
			if (paymentId) fields.payment_id = paymentId;
			const orderNumber = parameters.id('options.orderNumber', 'Order Number', { maxLength: 50 });
			if (orderNumber) fields.order_number = orderNumber;
			return fields;
		},
	});
}
