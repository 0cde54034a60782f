import {
	NodeApiError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { executeBatched } from '../../helpers/batch';
import { addHints, listed } from '../../helpers/hints';
import type { RequestOptions } from '../../transport';
import { requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { MAX_ORDER_NUMBERS_PER_CALL, queryOrderStatus, type OrderStatusAnswer } from '../../helpers/orderStatus';
import { anyOf, type OperationOutput } from '../../helpers/output';
import { NOT_FOUND_FIELDS, PAYMENT_FIELDS, notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../../helpers/simplify';
import { MAX_PARALLEL_CALLS, parallelCallsOption, readOptions, simplifyField } from '../common.descriptions';

export { MAX_ORDER_NUMBERS_PER_CALL };
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
			parallelCallsOption,
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getStatus'] } }, properties);

export const output: OperationOutput = {
	title: 'One payment of an order number (newest first), or the order number with found: false when it has none',
	fields: anyOf(PAYMENT_FIELDS, NOT_FOUND_FIELDS),
};

/**
 * Looks order numbers up in calls of at most 100. With batching on, the numbers of all items
 * share calls (duplicates asked once) and each answer goes back to every item that asked.
 * An order the gateway reports without payments comes back `found: false` with the gateway's
 * text; an order the answer does not mention at all fails its item (its status is unknown).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const notFound = new Set<string>();
	const output = await executeBatched<OrderStatusAnswer | undefined, { simplify: boolean; request: RequestOptions }>(this, items, run, {
		maxPerCall: MAX_ORDER_NUMBERS_PER_CALL,
		read: (parameters) => {
			const batching = parameters.flag('options.batching', 'Batch Items', true);
			const keys = parameters.list('orderNumbers', 'Order Numbers', {
				required: true,
				maxLength: 50,
				max: batching ? undefined : MAX_ORDER_NUMBERS_PER_CALL,
			});
			const settings = { simplify: parameters.flag('simplify', 'Simplify', true), request: requestOptionsFrom(parameters, OPERATION) };
			return { keys, batching, parallelCalls: parameters.wholeNumber('options.parallelCalls', 'Parallel Calls', { fallback: 1, min: 1, max: MAX_PARALLEL_CALLS }), settings };
		},
		lookup: async (orderNumbers, asker) => await queryOrderStatus.call(this, orderNumbers, asker.settings.request),
		toItems: (orderNumber, answer, request) => {
			if (!answer) {
				throw new NodeApiError(this.getNode(), { message: `no entry for order number ${orderNumber}` }, {
					message: `${OPERATION} failed: the gateway's answer had no entry for order number "${orderNumber}", so its status is unknown`,
					description: 'The gateway answers every order number it is asked about, even unknown ones; an answer without it cannot be read as "not found". Try again, and report it if it persists.',
					itemIndex: request.itemIndex,
				});
			}
			const raw = !request.settings.simplify;
			if (answer.payments.length === 0) {
				notFound.add(orderNumber);
				return [raw && answer.emptyEntry ? { ...withoutEnvelope(answer.emptyEntry), found: false } : notFoundStatus(orderNumber, answer.emptyEntry)];
			}
			return answer.payments.map((payment) => (raw ? withoutEnvelope(payment) : simplifyPaymentInfo(payment, run.gatewayZone)));
		},
	});
	const numbers = [...notFound];
	addHints(this, numbers.length === 0 ? [] : [`${numbers.length === 1 ? `1 order number was` : `${numbers.length} order numbers were`} not found: ${listed(numbers)} (they come out with found: false)`]);
	return output;
}
