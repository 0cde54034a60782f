import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { asNodeError, errorItem, requestOptionsFrom, validatorFor, type RunContext } from '../../helpers/execute';
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

interface ItemRequest {
	itemIndex: number;
	orderNumbers: string[];
	simplify: boolean;
	options: IDataObject;
}

function outputFor(request: ItemRequest, byOrder: Map<string, IDataObject[]>, zone: string): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const orderNumber of request.orderNumbers) {
		const payments = (byOrder.get(orderNumber) ?? []).filter((payment) => String(payment.payment_id ?? '') !== '');
		const pairedItem = { item: request.itemIndex };
		if (payments.length === 0) {
			const raw = byOrder.get(orderNumber)?.[0];
			output.push({
				json: request.simplify || !raw ? notFoundStatus(orderNumber) : { ...withoutEnvelope(raw), found: false },
				pairedItem,
			});
			continue;
		}
		for (const payment of payments) {
			output.push({ json: request.simplify ? simplifyPaymentInfo(payment, zone) : withoutEnvelope(payment), pairedItem });
		}
	}
	return output;
}

/**
 * Looks order numbers up in calls of at most 100. With batching on, the numbers of all items
 * share calls (duplicates asked once) and each answer goes back to every item that asked.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[][] = items.map(() => []);
	const requests: ItemRequest[] = [];

	// Validate every item before the first call.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const batching = options.batching !== false;
			const orderNumbers = validatorFor(this, itemIndex).list('Order Numbers', this.getNodeParameter('orderNumbers', itemIndex), {
				required: true,
				maxLength: 50,
				max: batching ? undefined : MAX_ORDER_NUMBERS_PER_CALL,
			});
			requests.push({ itemIndex, orderNumbers, simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean, options });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output[itemIndex].push(errorItem(error, itemIndex));
		}
	}

	// Group the calls: one group for all batching items, one per non-batching item.
	const groups: ItemRequest[][] = [];
	const batched = requests.filter((request) => request.options.batching !== false);
	if (batched.length) groups.push(batched);
	for (const request of requests.filter((r) => r.options.batching === false)) groups.push([request]);

	for (const group of groups) {
		const unique = [...new Set(group.flatMap((request) => request.orderNumbers))];
		const first = group[0];
		const byOrder = new Map<string, IDataObject[]>();
		const failedNumbers = new Map<string, unknown>();
		for (let start = 0; start < unique.length; start += MAX_ORDER_NUMBERS_PER_CALL) {
			const chunk = unique.slice(start, start + MAX_ORDER_NUMBERS_PER_CALL);
			// Errors name the first item that asked for one of these numbers.
			const owner = group.find((request) => request.orderNumbers.some((n) => chunk.includes(n))) ?? first;
			try {
				const reply = await oceanpaymentApiRequest.call(
					this,
					'orderStatus',
					{ order_number: chunk.join(',') },
					requestOptionsFrom(owner.options, owner.itemIndex, OPERATION),
				);
				for (const record of reply.records) {
					const orderNumber = String(record.order_number ?? '');
					if (!byOrder.has(orderNumber)) byOrder.set(orderNumber, []);
					byOrder.get(orderNumber)?.push(record);
				}
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, owner.itemIndex);
				for (const orderNumber of chunk) failedNumbers.set(orderNumber, error);
			}
		}
		for (const request of group) {
			const failure = request.orderNumbers.find((orderNumber) => failedNumbers.has(orderNumber));
			output[request.itemIndex].push(
				...(failure === undefined ? outputFor(request, byOrder, run.gatewayZone) : [errorItem(failedNumbers.get(failure), request.itemIndex)]),
			);
		}
	}
	return output.flat();
}
