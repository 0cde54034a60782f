import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { oceanpaymentApiRequest, type RequestOptions } from '../transport';
import { ENDPOINTS } from '../transport/catalogue';
import type { NoticeKind } from '../transport/notices';
import { forLog } from './logText';

/**
 * Confirming a notification with a pull before it starts anything: the signature says the bytes
 * came from Oceanpayment (under a rule graded INFERRED), the pull says the gateway still agrees
 * with what the fields claim, in the fields' own places. A reshaped notification whose signature
 * still matches (see transport/notices.ts) fails here: its payment ID does not belong to its
 * order, or its refund ID to its payment.
 */

export type ConfirmFamily = 'payment' | 'refund' | 'chargeBack';

export const CONFIRM_FAMILIES: ReadonlyArray<{ value: ConfirmFamily; name: string; description: string }> = [
	{ value: 'payment', name: 'Payments', description: 'Order status query: the payment ID belongs to the order number, with the same status, amount and currency' },
	{ value: 'refund', name: 'Refunds and Partial Refunds', description: 'Refund query by the push ID (the refund ID): the refund belongs to the payment' },
	{ value: 'chargeBack', name: 'Chargebacks', description: "Order status query: the payment's chargeback status shows a chargeback" },
];

/** Which confirmation a notification can have, if any. */
export function confirmFamilyOf(kind: NoticeKind, noticeType: string): ConfirmFamily | undefined {
	if (kind === 'payment') return 'payment';
	if (kind !== 'business') return undefined;
	if (noticeType === 'refund' || noticeType === 'partialRefund') return 'refund';
	return noticeType === 'chargeBack' ? 'chargeBack' : undefined;
}

export interface Confirmation {
	/** `unavailable`: the gateway could not be asked or gave no clear answer (never emitted). */
	status: 'confirmed' | 'notConfirmed' | 'notRequested' | 'unavailable';
	/** The fields (names as sent) the gateway's answer agrees with. */
	fields: string[];
	/** What the pull found, for the item and the log. */
	detail: string;
}

export const NOT_REQUESTED: Confirmation = { status: 'notRequested', fields: [], detail: '' };

/** Short: Oceanpayment waits for the answer to its delivery while the node asks. */
const REQUEST: RequestOptions = { timeoutMs: 10_000, retry: { retries: 1, delayMs: 500 }, returnRejections: true };

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
/** An amount as a canonical decimal ("025.10" → "25.1"), compared as text so no digit is lost. */
function decimal(value: string): string | undefined {
	const parts = /^(\d+)(?:\.(\d+))?$/.exec(value);
	return parts ? `${parts[1].replace(/^0+(?=\d)/, '')}.${(parts[2] ?? '').replace(/0+$/, '')}` : undefined;
}
const sameAmount = (a: string, b: string) => decimal(a) !== undefined && decimal(a) === decimal(b);

const notConfirmed = (detail: string): Confirmation => ({ status: 'notConfirmed', fields: [], detail });
const unavailable = (detail: string): Confirmation => ({ status: 'unavailable', fields: [], detail });

/** The status query's entry for this payment of this order, or why there is none. */
async function paymentRecord(this: IWebhookFunctions, fields: Readonly<Record<string, string>>): Promise<{ record: IDataObject } | { confirmation: Confirmation }> {
	const reply = await oceanpaymentApiRequest.call(this, 'orderStatus', { order_number: fields.order_number }, { ...REQUEST, operation: 'Confirming a notification (order status query)' });
	if (!reply.outcome.success) return { confirmation: unavailable(`the order status query was refused: ${reply.outcome.message} (code ${reply.outcome.code})`) };
	const record = reply.records.find((entry) => text(entry.payment_id) === fields.payment_id && text(entry.order_number).trim() === fields.order_number.trim());
	if (record) return { record };
	return { confirmation: notConfirmed(`the order status query lists no payment ${forLog(fields.payment_id)} for order ${forLog(fields.order_number)}`) };
}

/** The amount and currency fields the status entry agrees with. */
function matchingMoney(fields: Readonly<Record<string, string>>, record: IDataObject): string[] {
	const matching: string[] = [];
	if (sameAmount(fields.order_amount ?? '', text(record.order_amount))) matching.push('order_amount');
	if ((fields.order_currency ?? '') !== '' && fields.order_currency === text(record.order_currency)) matching.push('order_currency');
	return matching;
}

async function confirmPayment(this: IWebhookFunctions, fields: Readonly<Record<string, string>>): Promise<Confirmation> {
	const found = await paymentRecord.call(this, fields);
	if ('confirmation' in found) return found.confirmation;
	const { record } = found;
	const result = text(record.payment_results);
	if (result !== fields.payment_status) return notConfirmed(`the order status query gives payment_results ${forLog(result)}, the notification ${forLog(fields.payment_status)}`);
	const money = matchingMoney(fields, record);
	if (money.length < 2) {
		return notConfirmed(`the order status query gives ${forLog(text(record.order_amount))} ${forLog(text(record.order_currency))}, the notification ${forLog(fields.order_amount)} ${forLog(fields.order_currency)}`);
	}
	return { status: 'confirmed', fields: ['order_number', 'payment_id', 'payment_status', ...money, 'notice_type'], detail: `order status query: payment_results ${result}` };
}

async function confirmChargeback(this: IWebhookFunctions, fields: Readonly<Record<string, string>>): Promise<Confirmation> {
	const found = await paymentRecord.call(this, fields);
	if ('confirmation' in found) return found.confirmation;
	const { record } = found;
	// chargeBack_status values are not documented: any other than empty or 0 counts as a chargeback.
	const status = text(record.chargeBack_status);
	if (status === '' || status === '0') return notConfirmed(`the order status query gives chargeBack_status ${forLog(status)} (no chargeback)`);
	return { status: 'confirmed', fields: ['order_number', 'payment_id', 'notice_type', ...matchingMoney(fields, record)], detail: `order status query: chargeBack_status ${status}` };
}

async function confirmRefund(this: IWebhookFunctions, fields: Readonly<Record<string, string>>): Promise<Confirmation> {
	const refundId = fields.push_id ?? '';
	const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', { refund_id: refundId }, { ...REQUEST, operation: 'Confirming a notification (refund query)' });
	if (!reply.outcome.success) {
		if (ENDPOINTS.refundQuery.notFoundCodes?.includes(reply.outcome.code)) return notConfirmed(`the refund query finds no refund ${forLog(refundId)} (code ${reply.outcome.code})`);
		return unavailable(`the refund query was refused: ${reply.outcome.message} (code ${reply.outcome.code})`);
	}
	const data = reply.data;
	const answered = (name: string) => text(data[name]);
	if (answered('refund_id') !== '' && answered('refund_id') !== refundId) return notConfirmed(`the refund query answers refund ${forLog(answered('refund_id'))}`);
	if (answered('payment_id') !== fields.payment_id) {
		return notConfirmed(`the refund query gives payment ${forLog(answered('payment_id'))} for refund ${forLog(refundId)}, the notification ${forLog(fields.payment_id)}`);
	}
	const confirmed = ['push_id', 'payment_id'];
	if (answered('order_number') !== '') {
		if (answered('order_number') !== fields.order_number.trim()) return notConfirmed(`the refund query gives order ${forLog(answered('order_number'))}, the notification ${forLog(fields.order_number)}`);
		confirmed.push('order_number');
	}
	// refund_type 1 is a full refund, 2 a partial one (as the refund request sends them).
	const type = { '1': 'refund', '2': 'partialRefund' }[answered('refund_type')];
	if (type !== undefined && type !== fields.notice_type) return notConfirmed(`the refund query gives refund_type ${forLog(answered('refund_type'))}, not a ${fields.notice_type}`);
	if (type !== undefined) confirmed.push('notice_type');
	return { status: 'confirmed', fields: confirmed, detail: `refund query: refund ${refundId} of payment ${fields.payment_id}` };
}

const CONFIRM: Readonly<Record<ConfirmFamily, (this: IWebhookFunctions, fields: Readonly<Record<string, string>>) => Promise<Confirmation>>> = {
	payment: confirmPayment,
	refund: confirmRefund,
	chargeBack: confirmChargeback,
};

/** Asks the gateway; a failed call is `unavailable` (with the transport's message, which holds no secret). */
export async function confirmNotification(this: IWebhookFunctions, family: ConfirmFamily, fields: Readonly<Record<string, string>>): Promise<Confirmation> {
	try {
		return await CONFIRM[family].call(this, fields);
	} catch (error) {
		return unavailable((error as Error).message);
	}
}
