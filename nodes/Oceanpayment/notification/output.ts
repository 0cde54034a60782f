import type { IDataObject } from 'n8n-workflow';

import { detailsOf } from '../helpers/orderStatus';
import { paymentStatusOf } from '../helpers/simplify';
import { fromGatewayDate } from '../transport/dates';
import { PUSH_STATUS_TEXT, type NoticeKind } from '../transport/notices';

/** What the node knows about a delivery besides its fields. */
export interface DeliveryFacts {
	kind: NoticeKind;
	noticeType: string;
	eventId: string;
	signatureValid: boolean;
}

function time(fields: Readonly<Record<string, string>>, field: string, zone: string, name: string): IDataObject {
	return { [name]: fromGatewayDate(fields[field], zone), [`${name}Raw`]: fields[field] ?? '' };
}

/**
 * Simplified item: camelCase names, every time as ISO 8601 with the gateway's offset next to
 * the raw local text, amounts as strings. Status codes whose meaning is documented are
 * translated next to the code; the rest are passed through.
 */
export function simplifyNotification(fields: Readonly<Record<string, string>>, facts: DeliveryFacts, zone: string): IDataObject {
	const f = (name: string) => fields[name] ?? '';
	const common: IDataObject = {
		noticeType: facts.noticeType,
		kind: facts.kind,
		eventId: facts.eventId,
		signatureValid: facts.signatureValid,
		pushId: f('push_id'),
		pushStatus: facts.kind === 'payment' ? '' : f('push_status'),
		pushStatusText: facts.kind === 'payment' ? '' : PUSH_STATUS_TEXT[f('push_status')] ?? '',
		orderNumber: f('order_number'),
		paymentId: f('payment_id'),
		amount: f('order_amount'),
		currency: f('order_currency'),
		orderNotes: f('order_notes'),
		cardType: f('card_type'),
		cardCountry: f('card_country'),
		account: f('account'),
		terminal: f('terminal'),
	};
	if (facts.kind === 'payment') {
		const details = detailsOf(fields.payment_details);
		return {
			...common,
			paymentStatus: paymentStatusOf(fields.payment_status),
			paymentStatusCode: f('payment_status'),
			paymentDetails: f('payment_details'),
			paymentDetailsCode: details.code,
			paymentDetailsText: details.text,
			authType: f('payment_authType'),
			authReason: f('auth_reason'),
			risk: f('payment_risk'),
			cardNumber: f('card_number'),
			responseType: f('response_type'),
			orderOperator: f('order_operator'),
			...time(fields, 'payment_dateTime', zone, 'paymentDateTime'),
		};
	}
	const business: IDataObject = {
		...common,
		pushDetails: f('push_details'),
		refundNumber: f('refund_number'),
		refundReference: f('refund_reference'),
		...time(fields, 'payment_dateTime', zone, 'paymentDateTime'),
		...time(fields, 'payment_debitTime', zone, 'debitDateTime'),
		...time(fields, 'push_dateTime', zone, 'pushDateTime'),
		...time(fields, 'payment_cpdTime', zone, 'exceptionDateTime'),
	};
	if (facts.kind === 'customs') {
		return { ...business, verifyDepartment: f('verify_department'), verifyId: f('verify_id'), subOrderNumber: f('sub_order_number') };
	}
	return business;
}

/** Raw item: the fields as Oceanpayment sent them, without signValue, plus what the node found. */
export function rawNotification(fields: Readonly<Record<string, unknown>>, facts: DeliveryFacts): IDataObject {
	const copy = { ...fields } as IDataObject;
	delete copy.signValue;
	return { ...copy, signatureValid: facts.signatureValid, eventId: facts.eventId };
}
