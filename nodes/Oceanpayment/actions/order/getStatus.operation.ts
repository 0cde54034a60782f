import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { executeBatched } from '../../helpers/batch';
import { requestOptionsFrom, validatorFor, type RunContext } from '../../helpers/execute';
import { notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../../helpers/simplify';
import { readOptions, simplifyField } from '../common.descriptions';

/** The status query takes at most 100 order numbers per call (shared/oceanpayment-api.md §2.5). */
export const MAX_ORDER_NUMBERS_PER_CALL = 100;
const OPERATION = 'Order › Get Status';

const properties: INodeProperties[] = [
	{
		displayName: 'Order Numbers',
		name: 'orderNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1001 or 1001,1002',
		description:
			'Your order number(s) as sent to Oceanpayment at checkout, separated by commas. Orders of the last 6 months only.',
	},
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Items',
				name: 'batching',
				type: 'boolean',
				default: true,
				description:
					'Whether to combine the order numbers of all input items into as few calls as possible (up to 100 numbers each). Turn off to make one call per item.',
			},
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getStatus'] } }, properties);

/**
 * Looks order numbers up in calls of at most 100. With batching on, the numbers of all items
 * share calls (duplicates asked once) and each answer goes back to every item that asked.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const simplify = (itemIndex: number) => this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return await executeBatched<IDataObject[]>(this, items, {
		maxPerCall: MAX_ORDER_NUMBERS_PER_CALL,
		read: (itemIndex) => {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const keys = validatorFor(this, itemIndex).list('Order Numbers', this.getNodeParameter('orderNumbers', itemIndex), {
				required: true,
				maxLength: 50,
				max: options.batching === false ? MAX_ORDER_NUMBERS_PER_CALL : undefined,
			});
			return { keys, options };
		},
		lookup: async (orderNumbers, asker) => {
			const reply = await oceanpaymentApiRequest.call(
				this,
				'orderStatus',
				{ order_number: orderNumbers.join(',') },
				requestOptionsFrom(asker.options, asker.itemIndex, OPERATION),
			);
			const byOrder = new Map<string, IDataObject[]>();
			for (const record of reply.records) {
				const orderNumber = String(record.order_number ?? '');
				byOrder.set(orderNumber, [...(byOrder.get(orderNumber) ?? []), record]);
			}
			return byOrder;
		},
		toItems: (orderNumber, records, request) => {
			// The gateway answers unknown numbers with an entry without payment ID (or not at all).
			const payments = (records ?? []).filter((payment) => String(payment.payment_id ?? '') !== '');
			const raw = !simplify(request.itemIndex);
			if (payments.length === 0) {
				return [raw && records?.[0] ? { ...withoutEnvelope(records[0]), found: false } : notFoundStatus(orderNumber)];
			}
			return payments.map((payment) => (raw ? withoutEnvelope(payment) : simplifyPaymentInfo(payment, run.gatewayZone)));
		},
	});
}
