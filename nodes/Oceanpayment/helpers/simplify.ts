import type { IDataObject } from 'n8n-workflow';

import { fromGatewayDate } from '../transport/dates';
import { detailsOf } from './orderStatus';

/**
 * Simplified output: stable camelCase names, ISO times with offset next to the gateway's raw
 * local times, amounts kept as strings (no float rounding), documented codes translated.
 * Codes whose meaning is not documented are passed through unchanged.
 */

const str = (value: unknown): string => (value === undefined || value === null || typeof value === 'object' ? '' : String(value));

/** `payment_results`: -1 pending, 1 success, anything else failed (shared/oceanpayment-api.md §3.1). */
export function paymentStatusOf(code: unknown): 'pending' | 'success' | 'failed' {
	const value = str(code).trim();
	if (value === '-1') return 'pending';
	if (value === '1') return 'success';
	return 'failed';
}

function time(record: IDataObject, field: string, zone: string, name: string): IDataObject {
	return { [name]: fromGatewayDate(record[field], zone), [`${name}Raw`]: str(record[field]) };
}

/** `payment_details` is "code:text"; split it when it has that shape. */
function details(value: unknown): IDataObject {
	const parts = detailsOf(value);
	return { paymentDetails: str(value), paymentDetailsCode: parts.code, paymentDetailsText: parts.text };
}

export function simplifyPaymentInfo(record: IDataObject, zone: string): IDataObject {
	return {
		orderNumber: str(record.order_number),
		paymentId: str(record.payment_id),
		found: true,
		paymentStatus: paymentStatusOf(record.payment_results),
		paymentResultCode: str(record.payment_results),
		...details(record.payment_details),
		amount: str(record.order_amount),
		currency: str(record.order_currency),
		method: str(record.methods),
		...time(record, 'payment_dateTime', zone, 'paymentDateTime'),
		authStatus: str(record.auth_status),
		refundStatus: str(record.refund_status),
		chargebackStatus: str(record.chargeBack_status),
		duplicateStatus: str(record.duplicate_status),
		risk: str(record.payment_risk),
		notes: str(record.order_notes),
		sourceUrl: str(record.order_sourceUrl),
	};
}

/** An order without payments, with the gateway's own text when its answer gave one. */
export function notFoundStatus(orderNumber: string, entry?: IDataObject): IDataObject {
	const gateway = detailsOf(entry?.payment_details);
	return {
		orderNumber,
		paymentId: '',
		found: false,
		paymentStatus: 'not_found',
		message: gateway.text || `No payment with order number "${orderNumber}" was found (the gateway only looks back 6 months)`,
		gatewayCode: gateway.code,
	};
}

export function simplifySuccessfulOrder(record: IDataObject, zone: string): IDataObject {
	return {
		paymentId: str(record.payment_id),
		orderNumber: str(record.order_number),
		amount: str(record.order_amount),
		currency: str(record.order_currency),
		method: str(record.methods),
		...time(record, 'payment_dateTime', zone, 'paymentDateTime'),
	};
}

export function simplifyBusinessEvent(record: IDataObject, zone: string): IDataObject {
	return {
		eventType: str(record.type),
		paymentId: str(record.payment_id),
		orderNumber: str(record.order_number),
		eventAmount: str(record.amount),
		orderAmount: str(record.order_amount),
		currency: str(record.order_currency),
		method: str(record.methods),
		status: str(record.status),
		details: str(record.details),
		...time(record, 'payment_dateTime', zone, 'paymentDateTime'),
		...time(record, 'payment_debitTime', zone, 'debitDateTime'),
		...time(record, 'payment_cpdTime', zone, 'exceptionDateTime'),
	};
}

export function simplifyDispute(record: IDataObject, zone: string): IDataObject {
	return {
		paymentId: str(record.payment_id),
		orderNumber: str(record.order_number),
		method: str(record.methods),
		amount: str(record.order_amount),
		currency: str(record.order_currency),
		disputeType: str(record.notice_type),
		reason: str(record.push_details),
		isRefund: str(record.is_refund),
		refundAmount: str(record.refund_amount),
		refundCurrency: str(record.refund_currency),
		isChargeback: str(record.is_chargeBack),
		chargebackAmount: str(record.chargeBack_amount),
		chargebackCurrency: str(record.chargeBack_currency),
		referrer: str(record.referrer),
		comment: str(record.comment),
		abnormalAmount: str(record.abnormal_amount),
		abnormalCurrency: str(record.abnormal_currency),
		...time(record, 'disputes_date', zone, 'disputeDate'),
		...time(record, 'reply_deadline', zone, 'replyDeadline'),
		disputeTimes: str(record.disputes_times),
	};
}

export function simplifyRefund(record: IDataObject, zone: string): IDataObject {
	return {
		refundId: str(record.refund_id),
		refundNumber: str(record.refund_number),
		paymentId: str(record.payment_id),
		orderNumber: str(record.order_number),
		refundType: str(record.refund_type) === '2' ? 'partial' : str(record.refund_type) === '1' ? 'full' : str(record.refund_type),
		amount: str(record.refund_amount),
		currency: str(record.refund_currency),
		status: str(record.refund_status),
		description: str(record.refund_description),
		...time(record, 'refund_dateTime', zone, 'refundDateTime'),
	};
}

/** Drops the envelope's signature fields, which mean nothing to a workflow. */
export function withoutEnvelope(record: IDataObject): IDataObject {
	const copy = { ...record };
	delete copy.signValue;
	return copy;
}
