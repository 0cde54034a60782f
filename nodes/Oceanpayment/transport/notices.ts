/**
 * The one table of the notifications Oceanpayment pushes to a merchant's noticeUrl
 * (shared/oceanpayment-api.md §5), beside the endpoint catalogue: which notice types belong to
 * which kind, the field order each kind is signed in, and how sure we are of it. The signature is
 * computed by transport/signing.ts like every request's: account + terminal + these fields in
 * order + secure code, SHA-256, compared case-insensitively.
 */
import type { Grade } from './catalogue';

export type NoticeKind = 'payment' | 'business' | 'customs';

export interface NoticeDefinition {
	kind: NoticeKind;
	title: string;
	/** The `notice_type` values of this kind, with the names the node shows. */
	noticeTypes: ReadonlyArray<{ value: string; name: string }>;
	/** Fields between account+terminal and the secure code, in order. */
	signOrder: readonly string[];
	signGrade: Grade;
	/** Where the rule comes from, for the README and error messages. */
	signSource: string;
	/** Fields that identify the event together with the notice type (besides the signed ones). */
	statusField: string;
	idField: string;
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
		statusField: 'payment_status',
		idField: 'payment_id',
	},
	business: {
		kind: 'business',
		title: 'Business order notification',
		noticeTypes: BUSINESS_NOTICE_TYPES,
		signOrder: BUSINESS_SIGN_ORDER,
		signGrade: 'INFERRED',
		signSource: 'the official ZenCart plugin',
		statusField: 'push_status',
		idField: 'push_id',
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
		statusField: 'push_status',
		idField: 'push_id',
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

/**
 * The kind of a notification: by its `notice_type`, or for a type the docs do not list, by its
 * fields (a payment status means a payment notification, verify_* fields a customs one).
 */
export function noticeKindOf(fields: Readonly<Record<string, unknown>>): NoticeKind {
	const type = typeof fields.notice_type === 'string' ? fields.notice_type.trim() : '';
	for (const definition of Object.values(NOTICES)) {
		if (definition.noticeTypes.some((known) => known.value === type)) return definition.kind;
	}
	if ('payment_status' in fields) return 'payment';
	if ('verify_department' in fields || 'verify_id' in fields || 'sub_order_number' in fields) return 'customs';
	return 'business';
}

/** Every documented notice type, for the node's event filter. */
export const ALL_NOTICE_TYPES = Object.values(NOTICES).flatMap((definition) => definition.noticeTypes);
