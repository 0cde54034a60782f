import type { IDataObject } from 'n8n-workflow';

import { detailsOf } from '../helpers/orderStatus';
import { maskCardNumber } from '../helpers/cardNumbers';
import { paymentStatusOf } from '../helpers/simplify';
import { fromGatewayDate } from '../transport/dates';
import { PUSH_STATUS_TEXT, type NoticeDefinition, type NoticeKind } from '../transport/notices';
import type { Confirmation } from './confirm';

/** What the node knows about a delivery besides its fields. */
export interface DeliveryFacts {
	definition: NoticeDefinition;
	noticeType: string;
	eventId: string;
	signatureValid: boolean;
	confirmation: Confirmation;
}

/** How one field as sent becomes simplified keys. */
type Simplifier = (value: string, zone: string) => IDataObject;

const as = (key: string): Simplifier => (value) => ({ [key]: value });
const time =
	(key: string): Simplifier =>
	(value, zone) => ({ [key]: fromGatewayDate(value, zone), [`${key}Raw`]: value });

const COMMON: ReadonlyArray<[string, Simplifier]> = [
	['account', as('account')],
	['terminal', as('terminal')],
	['order_number', as('orderNumber')],
	['payment_id', as('paymentId')],
	['order_amount', as('amount')],
	['order_currency', as('currency')],
	['order_notes', as('orderNotes')],
	['card_type', as('cardType')],
	['card_country', as('cardCountry')],
	['payment_dateTime', time('paymentDateTime')],
];

const BUSINESS: ReadonlyArray<[string, Simplifier]> = [
	...COMMON,
	['push_id', as('pushId')],
	['push_status', (value) => ({ pushStatus: value, pushStatusText: PUSH_STATUS_TEXT[value] ?? '' })],
	['push_details', as('pushDetails')],
	['refund_number', as('refundNumber')],
	['refund_reference', as('refundReference')],
	['payment_debitTime', time('debitDateTime')],
	['push_dateTime', time('pushDateTime')],
	['payment_cpdTime', time('exceptionDateTime')],
];

/** Each kind's fields as sent → the simplified keys, in the order items show them. */
const SIMPLIFIED: Readonly<Record<NoticeKind, ReadonlyArray<[string, Simplifier]>>> = {
	payment: [
		...COMMON,
		['payment_status', (value) => ({ paymentStatus: paymentStatusOf(value), paymentStatusCode: value })],
		[
			'payment_details',
			(value) => {
				const details = detailsOf(value);
				return { paymentDetails: value, paymentDetailsCode: details.code, paymentDetailsText: details.text };
			},
		],
		['payment_authType', as('authType')],
		['auth_reason', as('authReason')],
		['payment_risk', as('risk')],
		// Card numbers arrive masked (6 + *** + 4 in the examples); a full one is masked here.
		['card_number', (value) => ({ cardNumber: maskCardNumber(value) })],
		['response_type', as('responseType')],
		['order_operator', as('orderOperator')],
	],
	business: BUSINESS,
	customs: [...BUSINESS, ['verify_department', as('verifyDepartment')], ['verify_id', as('verifyId')], ['sub_order_number', as('subOrderNumber')]],
};

/** The fields a valid signature covers: account, terminal and the kind's signed fields. */
function signedFields(facts: DeliveryFacts): Set<string> {
	return new Set(facts.signatureValid ? ['account', 'terminal', ...facts.definition.signOrder] : []);
}

/** Names (as sent) of the fields that were signed, confirmed, or neither. */
function provenance(names: readonly string[], facts: DeliveryFacts) {
	const signed = signedFields(facts);
	const confirmed = new Set(facts.confirmation.fields);
	return {
		signed: names.filter((name) => signed.has(name)),
		confirmed: names.filter((name) => confirmed.has(name)),
		reportedOnly: names.filter((name) => !signed.has(name) && !confirmed.has(name)),
	};
}

function meta(facts: DeliveryFacts): IDataObject {
	return {
		noticeType: facts.noticeType,
		kind: facts.definition.kind,
		eventId: facts.eventId,
		signatureValid: facts.signatureValid,
		confirmation: facts.confirmation.status,
		confirmationDetail: facts.confirmation.detail,
	};
}

/**
 * Simplified item: camelCase names, every time as ISO 8601 with the gateway's offset next to the
 * raw local text, amounts as strings. Fields that a valid signature covers or the gateway
 * confirmed are at the top; the rest, which anyone who can reach the URL could have written,
 * only under `reportedOnly`. `verification` names the keys of each group.
 */
export function simplifyNotification(fields: Readonly<Record<string, string>>, facts: DeliveryFacts, zone: string): IDataObject {
	const table = SIMPLIFIED[facts.definition.kind];
	const groups = provenance(
		table.map(([name]) => name),
		facts,
	);
	const trusted: IDataObject = {};
	const reportedOnly: IDataObject = {};
	const keys = { signed: [] as string[], confirmed: [] as string[], reportedOnly: [] as string[] };
	for (const [name, simplify] of table) {
		const simplified = simplify(fields[name] ?? '', zone);
		const names = Object.keys(simplified);
		if (groups.signed.includes(name)) keys.signed.push(...names);
		if (groups.confirmed.includes(name)) keys.confirmed.push(...names);
		if (groups.reportedOnly.includes(name)) {
			keys.reportedOnly.push(...names);
			Object.assign(reportedOnly, simplified);
		} else Object.assign(trusted, simplified);
	}
	// The notice type is not signed: it is shown, but only a confirmation vouches for it.
	(facts.confirmation.fields.includes('notice_type') ? keys.confirmed : keys.reportedOnly).unshift('noticeType');
	return { ...meta(facts), verification: keys, ...trusted, reportedOnly };
}

/** Raw item: the fields as Oceanpayment sent them (without signValue, card numbers masked), plus what the node found. */
export function rawNotification(fields: Readonly<Record<string, string>>, facts: DeliveryFacts): IDataObject {
	const copy: IDataObject = { ...fields };
	delete copy.signValue;
	if (typeof copy.card_number === 'string') copy.card_number = maskCardNumber(copy.card_number);
	return { ...copy, ...meta(facts), verification: provenance(Object.keys(copy), facts) };
}
