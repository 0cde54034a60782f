import type { IDataObject } from 'n8n-workflow';

import { oceanpaymentApiRequest, type OceanpaymentContext, type RequestOptions } from '../transport';

/** The status query takes at most 100 order numbers per call (shared/oceanpayment-api.md §2.5). */
export const MAX_ORDER_NUMBERS_PER_CALL = 100;

/** What the status query said about one order number. */
export interface OrderStatusAnswer {
	/** Its payments (entries with a payment ID), in the gateway's order (newest first). */
	payments: IDataObject[];
	/** For an order without payments: the gateway's entry, whose `payment_details` says why. */
	emptyEntry?: IDataObject;
}

/**
 * `payment_details` is "code:text"; the parts, or the whole text with no code. Also "99 :text"
 * and a full-width colon "99：text", as Chinese texts write it: a code missed here would let a
 * refusal pass for an answer about the order.
 */
export function detailsOf(value: unknown): { code: string; text: string } {
	const text = value === undefined || value === null || typeof value === 'object' ? '' : String(value);
	const match = /^\s*(-?\d+)\s*[:\uff1a]([\s\S]*)$/.exec(text);
	return match ? { code: match[1], text: match[2].trim() } : { code: '', text: text.trim() };
}

/**
 * One status query for up to 100 order numbers. Each number maps to the gateway's answer about
 * it, or to undefined when the answer has no entry for it at all (which callers must treat as
 * unknown, never as "no payments"). An answer without any entry fails in the transport.
 */
export async function queryOrderStatus(
	this: OceanpaymentContext,
	orderNumbers: string[],
	request: RequestOptions,
): Promise<Map<string, OrderStatusAnswer | undefined>> {
	const reply = await oceanpaymentApiRequest.call(this, 'orderStatus', { order_number: orderNumbers.join(',') }, request);
	const answers = new Map<string, OrderStatusAnswer | undefined>(orderNumbers.map((order) => [order, undefined]));
	for (const record of reply.records) {
		const order = String(record.order_number ?? '').trim();
		if (!answers.has(order)) continue;
		const answer = answers.get(order) ?? { payments: [] };
		if (String(record.payment_id ?? '').trim() !== '') answer.payments.push(record);
		else answer.emptyEntry ??= record;
		answers.set(order, answer);
	}
	return answers;
}
