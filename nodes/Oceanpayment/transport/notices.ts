/**
 * The one table of the notifications Oceanpayment pushes to a merchant's noticeUrl
 * (shared/oceanpayment-api.md §5), beside the endpoint catalogue: which notice types belong to
 * which kind, the field order each kind is signed in, the form each signed field must have, and
 * how sure we are of each. The signature is computed by transport/signing.ts like every
 * request's: account + terminal + these fields in order + secure code, SHA-256, compared
 * case-insensitively.
 *
 * The values are concatenated without separators and `notice_type` is not signed, so a signature
 * alone does not say where one field ends: the forms below bind the signed string to the fields
 * (a documented value set, or the shape every example has), and the notice type only ever
 * selects the rule of its own kind.
 */
import type { EndpointId, Grade } from './catalogue';

export type NoticeKind = 'payment' | 'business' | 'customs';

/** What a signed field must hold, and where that comes from. */
export interface FieldForm {
	/** For messages and docs/notifications.md: "one of -1, 0, 1", "3 capital letters". */
	description: string;
	test: (value: string) => boolean;
	grade: Grade;
	source: string;
}

const oneOf = (values: readonly string[], grade: Grade, source: string): FieldForm => ({
	description: `one of ${values.join(', ')}`,
	test: (value) => values.includes(value),
	grade,
	source,
});

/** The merchant's order number: 1 to 50 characters (§3.1; the status query takes no longer one). */
const ORDER_NUMBER: FieldForm = {
	description: '1 to 50 characters',
	// 50 characters are at most 100 UTF-16 units: longer text is refused before it is counted.
	test: (value) => value.length >= 1 && value.length <= 100 && Array.from(value).length <= 50,
	grade: 'INFERRED',
	source: 'order_number of the status query: 1–50 (D-PARAM)',
};
/** Every payment ID in the docs, the Postman collection and the plugins is digits (21 of them). */
const PAYMENT_ID: FieldForm = {
	description: '1 to 50 digits',
	test: (value) => /^\d{1,50}$/.test(value),
	grade: 'INFERRED',
	source: 'every published payment ID is 21 digits; lists filter by payment_id of 0–50 characters (D-PARAM)',
};

export interface NoticeDefinition {
	kind: NoticeKind;
	title: string;
	/** The `notice_type` values of this kind, with the names the node shows. */
	noticeTypes: ReadonlyArray<{ value: string; name: string }>;
	/** Fields between account+terminal and the secure code, in order. */
	signOrder: readonly string[];
	signGrade: Grade;
	/** Where the rule comes from, for docs/notifications.md and error messages. */
	signSource: string;
	/** Forms of signed fields; a signed field without one may hold any text. */
	fieldForms: Readonly<Record<string, FieldForm>>;
}

/**
 * Business event types: the `notice_type` of business notifications and the `type` of the
 * business-orders list (§5.1), with the names both triggers show.
 */
export const BUSINESS_NOTICE_TYPES: ReadonlyArray<{ value: string; name: string }> = [
	{ name: 'ARN (Refund Proof)', value: 'ARN' },
	{ name: 'Chargeback', value: 'chargeBack' },
	{ name: 'Fraud', value: 'fraud' },
	{ name: 'High Risk', value: 'highRisk' },
	{ name: 'Partial Refund', value: 'partialRefund' },
	{ name: 'Re-Presentment (Dispute)', value: 're-presentment' },
	{ name: 'Refund', value: 'refund' },
	{ name: 'Retrieval', value: 'retrieval' },
	{ name: 'Reversal Retrieval', value: 'reversal-retrieval' },
];

const BUSINESS_SIGN_ORDER = ['order_number', 'payment_id', 'push_id', 'push_status', 'push_details'] as const;

const BUSINESS_FORMS: Readonly<Record<string, FieldForm>> = {
	order_number: ORDER_NUMBER,
	payment_id: PAYMENT_ID,
	push_id: { description: 'not empty', test: (value) => value !== '', grade: 'INFERRED', source: 'the business event\'s ID (D-WHO)' },
	push_status: oneOf(['0', '1', '2'], 'CONFIRMED', 'D-WHO: 0 failed, 1 successful, 2 in dispute'),
};

export const NOTICES: Readonly<Record<NoticeKind, NoticeDefinition>> = {
	payment: {
		kind: 'payment',
		title: 'Payment notification',
		noticeTypes: [{ value: 'transaction', name: 'Payment (Transaction)' }],
		signOrder: [
			'order_number',
			'order_currency',
			'order_amount',
			'order_notes',
			'card_number',
			'payment_id',
			'payment_authType',
			'payment_status',
			'payment_details',
			'payment_risk',
		],
		signGrade: 'INFERRED',
		signSource: 'the official Magento 2, ZenCart and ShopXO plugins',
		fieldForms: {
			order_number: ORDER_NUMBER,
			order_currency: {
				description: '3 capital letters',
				test: (value) => /^[A-Z]{3}$/.test(value),
				grade: 'INFERRED',
				source: 'ISO 4217 codes in every example (USD, EUR, CNY)',
			},
			order_amount: {
				description: 'digits with up to 4 decimals',
				test: (value) => /^\d{1,15}(\.\d{1,4})?$/.test(value),
				grade: 'INFERRED',
				source: 'every example (10, 0.1, 25.00); 4 decimals so that no currency is refused',
			},
			payment_id: PAYMENT_ID,
			payment_authType: oneOf(['0', '1', '2', '3'], 'CONFIRMED', 'D-PREAUTH, D-STATUS: 0 sale, 1 pre-auth, 2 3-D Secure, 3 3-D Secure pre-auth'),
			payment_status: oneOf(['-1', '0', '1'], 'CONFIRMED', 'D-WHP: -1 pending, 0 failed, 1 success'),
		},
	},
	business: {
		kind: 'business',
		title: 'Business order notification',
		noticeTypes: BUSINESS_NOTICE_TYPES,
		signOrder: BUSINESS_SIGN_ORDER,
		signGrade: 'INFERRED',
		signSource: 'the official ZenCart plugin',
		fieldForms: BUSINESS_FORMS,
	},
	customs: {
		kind: 'customs',
		title: 'Customs notification',
		noticeTypes: [
			{ value: 'identityCheck', name: 'Customs Identity Check' },
			{ value: 'customsUpload', name: 'Customs Upload' },
		],
		// Not documented at all: assumed to be the business rule (same base fields).
		signOrder: BUSINESS_SIGN_ORDER,
		signGrade: 'UNKNOWN',
		signSource: 'no source; assumed to be the business rule',
		fieldForms: { ...BUSINESS_FORMS, push_status: oneOf(['0', '1'], 'CONFIRMED', 'D-WHC: 0 failed, 1 successful') },
	},
};

/**
 * How a field of a notification is compared with a field of a gateway answer that confirms it.
 * That the two hold the same value written the same way is what confirmation rests on; where the
 * docs do not say so, the grade says it is a reading (INFERRED) or a guess (UNKNOWN).
 */
export interface Correspondence {
	/** The notification's field, as sent. */
	notice: string;
	/** The field of the answer (of its record) that must hold the same value. */
	answer: string;
	/** exact: the same text; anyCase: the same text in any letter case; refundType: 1 = refund, 2 = partialRefund. */
	compare: 'exact' | 'anyCase' | 'refundType';
	grade: Grade;
	why: string;
	/** Not signed in the notification: it counts as confirmed when it agrees and is never a reason to drop. */
	unsigned?: boolean;
}

export interface ConfirmationSource {
	endpoint: EndpointId;
	/** How the record is found, for docs/notifications.md. */
	lookup: string;
	fields: readonly Correspondence[];
}

/**
 * The read-only answers that confirm a notification (shared/oceanpayment-api.md §3.1, §3.3, §3.7).
 * Every signed field an answer carries is compared; a signed field no answer carries (a payment's
 * card_number and payment_authType, a business push_id outside the refund query) is pinned by the
 * signed string once the fields around it are confirmed (notification/splits.ts).
 */
export const CONFIRMATION_SOURCES: Readonly<Record<'payment' | 'business' | 'refund', ConfirmationSource>> = {
	payment: {
		endpoint: 'orderStatus',
		lookup: 'order status query for the `order_number`; the record with this `payment_id`',
		fields: [
			{ notice: 'order_number', answer: 'order_number', compare: 'exact', grade: 'CONFIRMED', why: 'the merchant order number the query looks up and echoes (D-QO)' },
			{ notice: 'order_currency', answer: 'order_currency', compare: 'exact', grade: 'INFERRED', why: 'same field name (D-QO, D-WHP); written alike is not documented' },
			{ notice: 'order_amount', answer: 'order_amount', compare: 'exact', grade: 'INFERRED', why: 'same field name; that both write it alike (25.00, not 25 or 25.0) is not documented' },
			{ notice: 'order_notes', answer: 'order_notes', compare: 'exact', grade: 'INFERRED', why: 'the status query echoes the notes (D-PARAM)' },
			{ notice: 'payment_id', answer: 'payment_id', compare: 'exact', grade: 'CONFIRMED', why: "Oceanpayment's unique payment ID in both (D-QO, D-WHP)" },
			{ notice: 'payment_status', answer: 'payment_results', compare: 'exact', grade: 'INFERRED', why: 'both -1 pending, 0 failed, 1 success (D-QO, D-WHP)' },
			{ notice: 'payment_details', answer: 'payment_details', compare: 'exact', grade: 'INFERRED', why: 'same name and "code:text" form (D-QO, D-WHP)' },
			{ notice: 'payment_risk', answer: 'payment_risk', compare: 'exact', grade: 'INFERRED', why: 'same name and "Smart=…" form (D-QO, D-WHP)' },
		],
	},
	business: {
		endpoint: 'businessOrders',
		lookup: 'business orders list by review time around the push (pages of 10, at most 6 calls); the records of this `payment_id`',
		fields: [
			{ notice: 'order_number', answer: 'order_number', compare: 'exact', grade: 'CONFIRMED', why: 'the merchant order number in both (D-BO, D-WHO)' },
			{ notice: 'payment_id', answer: 'payment_id', compare: 'exact', grade: 'CONFIRMED', why: "Oceanpayment's payment ID in both (D-BO, D-WHO)" },
			{ notice: 'notice_type', answer: 'type', compare: 'anyCase', grade: 'INFERRED', why: 'the list\'s event types "e.g. refund, chargeback" (D-BO) read as the notice types; letter case not relied on' },
			{ notice: 'push_status', answer: 'status', compare: 'exact', grade: 'INFERRED', why: 'the event\'s status, read as push_status 0/1/2 (D-BO, D-WHO)' },
			{ notice: 'push_details', answer: 'details', compare: 'exact', grade: 'INFERRED', why: 'the event\'s details, read as push_details (D-BO, D-WHO)' },
			{ notice: 'order_amount', answer: 'order_amount', compare: 'exact', grade: 'INFERRED', why: 'same field name (D-BO)', unsigned: true },
			{ notice: 'order_currency', answer: 'order_currency', compare: 'exact', grade: 'INFERRED', why: 'same field name (D-BO)', unsigned: true },
		],
	},
	refund: {
		endpoint: 'refundQuery',
		lookup: 'refund query with `refund_id` = `push_id` (refunds and partial refunds; it can only confirm: any other answer goes to the business orders list)',
		fields: [
			{ notice: 'push_id', answer: 'refund_id', compare: 'exact', grade: 'CONFIRMED', why: 'a refund notification\'s push_id is the refund ID (D-WHO)' },
			{ notice: 'payment_id', answer: 'payment_id', compare: 'exact', grade: 'INFERRED', why: 'the refund query\'s answer is not documented (§3.7)' },
			{ notice: 'order_number', answer: 'order_number', compare: 'exact', grade: 'INFERRED', why: 'compared when the answer has it; the answer is not documented' },
			{ notice: 'notice_type', answer: 'refund_type', compare: 'refundType', grade: 'INFERRED', why: 'refund_type 1 full, 2 partial, as the refund request sends it (§3.6)' },
		],
	},
};

/** `push_status` of business and customs notifications (§5.1). */
export const PUSH_STATUS_TEXT: Readonly<Record<string, string>> = { '0': 'failed', '1': 'successful', '2': 'inDispute' };

/** The addresses Oceanpayment says its notifications come from (§5, [D-WH]), for a whitelist. */
export const NOTICE_SOURCE_IPS: readonly string[] = [
	'153.254.110.82',
	'218.213.69.2',
	'52.77.42.94',
	'52.220.14.99',
	'183.47.51.150',
	'47.76.241.251',
	'203.131.246.62',
];

/** The plain-text answer Oceanpayment waits for; anything else makes it deliver again. */
export const NOTICE_ACKNOWLEDGEMENT = 'receive-ok';

/** Oceanpayment redelivers a notification that was not acknowledged, up to this many times in all. */
export const NOTICE_MAX_DELIVERIES = 5;

/** The kind of a documented notice type (exactly as written); undefined for any other text. */
export function noticeKindOf(noticeType: string): NoticeKind | undefined {
	return Object.values(NOTICES).find((definition) => definition.noticeTypes.some((known) => known.value === noticeType))?.kind;
}

/** Every documented notice type, for the node's event filter. */
export const ALL_NOTICE_TYPES = Object.values(NOTICES).flatMap((definition) => definition.noticeTypes);
