import type { IDataObject } from 'n8n-workflow';

import { fromGatewayDate } from '../transport/dates';
import { refundOutcomeOf } from '../actions/refund/refundable';
import { minorUnits } from './amounts';
import { detailsOf } from './orderStatus';
import { maskCardLikeNumbers } from './cardNumbers';
import { simplifier, type FieldType, type SourceField, type SourceFields } from './output';

/**
 * Simplified output: stable camelCase names, ISO times with offset next to the gateway's raw
 * local times, amounts kept as strings (no float rounding), documented codes translated.
 * Codes whose meaning is not documented are passed through unchanged.
 * Each record kind is one table of fields: the simplifier builds items from it, and the output
 * schemas the editor shows are generated from it (helpers/output.ts).
 */

const str = (value: unknown): string => (value === undefined || value === null || typeof value === 'object' ? '' : String(value));

/** `payment_results`: -1 pending, 1 success, anything else failed (shared/oceanpayment-api.md §3.1). */
export function paymentStatusOf(code: unknown): 'pending' | 'success' | 'failed' {
	const value = str(code).trim();
	if (value === '-1') return 'pending';
	if (value === '1') return 'success';
	return 'failed';
}

type Field = SourceField<IDataObject>;

/** A refund's `refund_status` in words (see REFUND_FIELDS.statusText). */
export function refundStatusText(status: unknown): 'succeeded' | 'failed' | 'awaiting' | 'unknown' {
	if (str(status).trim() === '') return 'awaiting';
	const outcome = refundOutcomeOf(status);
	return outcome === 'unknown' ? 'unknown' : outcome;
}

/** A gateway field as text ('' when absent). */
const text = (field: string, description: string): Field => ({ type: 'string', description, read: (record) => str(record[field]) });

const computed = (type: FieldType | readonly FieldType[], description: string, read: (record: IDataObject, zone: string) => unknown): Field => ({ type, description, read });

/** A gateway time: `<name>` as an ISO time with the gateway's offset, `<name>Raw` as sent. */
function time(field: string, name: string, what: string): Record<string, Field> {
	return {
		[name]: computed('string', `${what}: ISO 8601 with the offset of the credential's Gateway Time Zone ('' when the gateway gave none)`, (record, zone) =>
			fromGatewayDate(record[field], zone),
		),
		[`${name}Raw`]: text(field, `${what}: the gateway's local time as it sent it (${field})`),
	};
}

/** `<name>Minor`: the amount as a whole number of the currency's minor units. */
const minor = (amountField: string, currencyField: string, what: string): Field =>
	computed(['integer', 'null'], `${what} as a whole number of the currency's minor units (10.50 USD → 1050, 1000 JPY → 1000), for exact comparisons; null when the currency is unknown or the amount is not exact in it`, (record) =>
		minorUnits(record[amountField], record[currencyField]),
	);

const isEmptyList = (value: unknown) => value === undefined || value === null || (typeof value === 'object' ? Object.keys(value).length === 0 : str(value).trim() === '');
const listEntries = (value: unknown): unknown[] =>
	typeof value === 'object' && value !== null ? Object.values(value as IDataObject).flatMap((entry) => (Array.isArray(entry) ? entry : [entry])) : [];

/**
 * Yes/no from a status code whose values Oceanpayment does not document (API notes §3.1): `1` or
 * a non-empty list is yes, `0` with no list entries is no; anything else is null (unknown), never
 * a guess. The raw code stays next to it.
 */
function yesNo(statusField: string, listField: string, what: string): Field {
	return computed(['boolean', 'null'], `Whether the payment ${what}: true when ${statusField} is 1 or ${listField} lists entries, false when ${statusField} is 0 and nothing is listed, null when the answer does not say (INFERRED: the codes are not documented)`, (record) => {
		const status = str(record[statusField]).trim();
		const listed = listEntries(record[listField]).some((entry) => typeof entry === 'object' && entry !== null && refundOutcomeOf((entry as IDataObject).refund_status) !== 'failed');
		if (status === '1' || listed) return true;
		if (status === '0' && isEmptyList(record[listField])) return false;
		return null;
	});
}

/** `payment_details` is "code:text"; split it when it has that shape. */
const PAYMENT_DETAILS: Record<string, Field> = {
	paymentDetails: text('payment_details', "The gateway's result text, usually \"code:text\" (payment_details)"),
	paymentDetailsCode: computed('string', 'The code part of paymentDetails', (record) => detailsOf(record.payment_details).code),
	paymentDetailsText: computed('string', 'The text part of paymentDetails', (record) => detailsOf(record.payment_details).text),
};

export const PAYMENT_FIELDS: SourceFields<IDataObject> = {
	orderNumber: text('order_number', 'Your order number, as sent at checkout'),
	paymentId: text('payment_id', "Oceanpayment's payment ID ('' when the order has no payment)"),
	found: computed('boolean', 'Whether the order has a payment', () => true),
	paymentStatus: computed('string', 'success, failed or pending (from payment_results); not_found when the order has no payment', (record) =>
		paymentStatusOf(record.payment_results),
	),
	paymentResultCode: text('payment_results', 'The raw payment result: 1 success, 0 failed, -1 pending'),
	...PAYMENT_DETAILS,
	amount: text('order_amount', 'Amount of the order, as text with the decimals the gateway sent'),
	amountMinor: minor('order_amount', 'order_currency', 'The amount of the order'),
	currency: text('order_currency', 'Currency code of the order'),
	method: text('methods', 'Payment method, e.g. Credit Card'),
	...time('payment_dateTime', 'paymentDateTime', 'When the payment was made'),
	authStatus: text('auth_status', 'Pre-authorization status as the gateway sent it (values not documented)'),
	refundStatus: text('refund_status', 'Refund status as the gateway sent it (values not documented)'),
	hasRefund: yesNo('refund_status', 'refundList', 'has a refund that did not fail'),
	chargebackStatus: text('chargeBack_status', 'Chargeback status as the gateway sent it (values not documented; not the payment result)'),
	hasChargeback: yesNo('chargeBack_status', 'chargeBackList', 'has a chargeback'),
	duplicateStatus: text('duplicate_status', 'Duplicate-payment status as the gateway sent it (values not documented)'),
	risk: text('payment_risk', "The gateway's risk score text"),
	notes: text('order_notes', 'The order notes sent at checkout'),
	sourceUrl: text('order_sourceUrl', 'The shop page the payment came from'),
};
export const simplifyPaymentInfo = simplifier(PAYMENT_FIELDS);

/** An order without payments, with the gateway's own text when its answer gave one. */
export const NOT_FOUND_FIELDS: SourceFields<{ orderNumber: string; entry?: IDataObject }> = {
	orderNumber: { type: 'string', description: 'Your order number', read: ({ orderNumber }) => orderNumber },
	paymentId: { type: 'string', description: "'' (the order has no payment)", read: () => '' },
	found: { type: 'boolean', description: 'Whether the order has a payment (false here)', read: () => false },
	paymentStatus: { type: 'string', description: 'not_found', read: () => 'not_found' },
	message: {
		type: 'string',
		description: "Why: the gateway's text, or that no payment was found in the last 6 months",
		read: ({ orderNumber, entry }) =>
			maskCardLikeNumbers(detailsOf(entry?.payment_details).text) || `No payment with order number "${orderNumber}" was found (the gateway only looks back 6 months)`,
	},
	gatewayCode: { type: 'string', description: "The code of the gateway's text ('' when it gave none)", read: ({ entry }) => detailsOf(entry?.payment_details).code },
};
const simplifyNotFound = simplifier(NOT_FOUND_FIELDS);
export const notFoundStatus = (orderNumber: string, entry?: IDataObject): IDataObject => simplifyNotFound({ orderNumber, entry }, '');

export const SUCCESSFUL_ORDER_FIELDS: SourceFields<IDataObject> = {
	paymentId: text('payment_id', "Oceanpayment's payment ID"),
	orderNumber: text('order_number', 'Your order number'),
	amount: text('order_amount', 'Amount paid, as text'),
	currency: text('order_currency', 'Currency code'),
	method: text('methods', 'Payment method'),
	...time('payment_dateTime', 'paymentDateTime', 'When the payment was made'),
};
export const simplifySuccessfulOrder = simplifier(SUCCESSFUL_ORDER_FIELDS);

export const BUSINESS_EVENT_FIELDS: SourceFields<IDataObject> = {
	eventType: text('type', 'Kind of event as the gateway names it, e.g. refund, chargeBack, retrieval, fraud'),
	paymentId: text('payment_id', "Oceanpayment's payment ID"),
	orderNumber: text('order_number', 'Your order number'),
	eventAmount: text('amount', 'Amount of the event, as text'),
	orderAmount: text('order_amount', 'Amount of the original payment, as text'),
	currency: text('order_currency', 'Currency code'),
	method: text('methods', 'Payment method'),
	status: text('status', 'Status of the event as the gateway sent it'),
	details: text('details', "The gateway's details of the event"),
	...time('payment_dateTime', 'paymentDateTime', 'When the original payment was made'),
	...time('payment_debitTime', 'debitDateTime', 'When the amount was debited'),
	...time('payment_cpdTime', 'exceptionDateTime', 'When the chargeback, fraud report or retrieval happened'),
};
export const simplifyBusinessEvent = simplifier(BUSINESS_EVENT_FIELDS);

export const DISPUTE_FIELDS: SourceFields<IDataObject> = {
	paymentId: text('payment_id', "Oceanpayment's payment ID"),
	orderNumber: text('order_number', 'Your order number'),
	method: text('methods', 'Payment method'),
	amount: text('order_amount', 'Amount of the payment, as text'),
	currency: text('order_currency', 'Currency code'),
	disputeType: text('notice_type', 'dispute or disputes-period'),
	reason: text('push_details', "The customer's reason, e.g. return"),
	isRefund: text('is_refund', 'Refund flag as the gateway sent it (values not documented)'),
	refundAmount: text('refund_amount', 'Refunded amount, as text'),
	refundCurrency: text('refund_currency', 'Currency of the refund'),
	isChargeback: text('is_chargeBack', 'Chargeback flag as the gateway sent it (values not documented)'),
	chargebackAmount: text('chargeBack_amount', 'Chargeback amount, as text'),
	chargebackCurrency: text('chargeBack_currency', 'Currency of the chargeback'),
	referrer: text('referrer', 'Who raised the dispute, as the gateway sent it'),
	comment: text('comment', "The dispute's comment"),
	abnormalAmount: text('abnormal_amount', 'Disputed amount, as text'),
	abnormalCurrency: text('abnormal_currency', 'Currency of the disputed amount'),
	...time('disputes_date', 'disputeDate', 'When the dispute was raised'),
	...time('reply_deadline', 'replyDeadline', 'The last moment to reply to the dispute'),
	disputeTimes: text('disputes_times', 'How many times the payment was disputed'),
};
export const simplifyDispute = simplifier(DISPUTE_FIELDS);

export const REFUND_FIELDS: SourceFields<IDataObject> = {
	refundId: text('refund_id', "Oceanpayment's refund ID"),
	refundNumber: text('refund_number', 'Your own refund number, when one was given'),
	paymentId: text('payment_id', "Oceanpayment's ID of the refunded payment"),
	orderNumber: text('order_number', 'Your order number'),
	refundType: computed('string', 'full or partial', (record) => {
		const type = str(record.refund_type);
		return type === '2' ? 'partial' : type === '1' ? 'full' : type;
	}),
	amount: text('refund_amount', 'Refunded amount, as text'),
	amountMinor: minor('refund_amount', 'refund_currency', 'The refunded amount'),
	currency: text('refund_currency', 'Currency of the refund'),
	status: text('refund_status', 'Refund status as the gateway sent it (1 succeeded, 0 failed; INFERRED)'),
	statusText: computed('string', "The status in words: succeeded, failed, awaiting (the gateway gave none yet, as for a refund just sent) or unknown (a code the node does not know; see status)", (record) => refundStatusText(record.refund_status)),
	description: text('refund_description', 'The reason given for the refund'),
	...time('refund_dateTime', 'refundDateTime', 'When the refund was requested'),
};
export const simplifyRefund = simplifier(REFUND_FIELDS);

/** Drops the envelope's signature fields, which mean nothing to a workflow. */
export function withoutEnvelope(record: IDataObject): IDataObject {
	const copy = { ...record };
	delete copy.signValue;
	return copy;
}
