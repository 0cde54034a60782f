import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { toGatewayDate } from '../transport/dates';
import { requestOptionsFrom, type RunContext } from './execute';
import { queryOrderStatus } from './orderStatus';
import { readPage } from './paging';
import type { ItemParameters } from './parameters';
import { onTerminal } from './terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';

/**
 * The status-query record of a payment given by its payment ID. The status query asks by order
 * number only, so the node first finds the payment's order number in the list of successful
 * payments of the last 6 months (the window both queries serve; a day less, so the
 * gateway's own count of 6 months never refuses the start), then reads its status. Read-only
 * calls; at most MAX_PAGES pages are read, and a payment not found there stops the item (it is
 * never taken as "nothing refunded").
 */
export const MAX_PAGES = 20;

export async function paymentRecordById(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	paymentId: string,
	operation: string,
	run: RunContext,
	terminal?: CredentialTerminal,
): Promise<IDataObject> {
	const what = `${operation} (look up payment ${paymentId})`;
	const request = terminal ? onTerminal(requestOptionsFrom(parameters, what), terminal) : requestOptionsFrom(parameters, what);
	const stop = (problem: string) =>
		new NodeOperationError(this.getNode(), `${operation}: ${problem}. Nothing was sent [item ${parameters.itemIndex}]`, {
			itemIndex: parameters.itemIndex,
			description: 'Identify the payment by its order number (Identify Payment By › Order Number), or give the Amount.',
		});
	const query = {
		endpoint: 'successfulOrders' as const,
		fields: { order_beginDate: toGatewayDate(run.now.minus({ months: 6 }).plus({ days: 1 }), run.gatewayZone), order_endDate: toGatewayDate(run.now, run.gatewayZone) },
		request,
		omitFirstPage: true,
	};
	let orderNumber = '';
	for (let page = 1; page <= MAX_PAGES && orderNumber === ''; page++) {
		const { records, totalPages } = await readPage.call(this, query, page);
		orderNumber = String(records.find((record) => String(record.payment_id ?? '').trim() === paymentId)?.order_number ?? '').trim();
		if (records.length === 0 || totalPages === undefined || page >= totalPages) break;
	}
	if (orderNumber === '') throw stop(`payment ${paymentId} is not among the successful payments of the last 6 months that the node read (up to ${MAX_PAGES} pages), so what is still refundable on it is unknown`);
	const answer = (await queryOrderStatus.call(this, [orderNumber], request)).get(orderNumber);
	const record = answer?.payments.find((payment) => String(payment.payment_id ?? '').trim() === paymentId);
	if (!record) throw stop(`the status of order ${orderNumber} does not list payment ${paymentId}, so what is still refundable on it is unknown`);
	return record;
}
