/**
 * The one table of Oceanpayment endpoints. The credential signs from it, the transport sends
 * and interprets responses from it, and the README's operation table is written from it.
 * A new endpoint is one row. Grades (CONFIRMED / INFERRED / UNKNOWN) come from
 * shared/oceanpayment-api.md and are repeated here so that nobody mistakes a guess for a fact.
 */

export type HostFamily = 'query' | 'gateway' | 'checkout';

export type Grade = 'CONFIRMED' | 'INFERRED' | 'UNKNOWN';

/**
 * How to tell whether the gateway accepted a call. The first rule whose field is present in the
 * response decides. When no rule's field is present the response is malformed, unless every
 * rule is `optional` (then the call counts as accepted).
 */
export interface ResultRule {
	field: string;
	successCodes: readonly string[];
	/** Response field holding the human text of the outcome. */
	messageFields?: readonly string[];
	/** Known code meanings, used when the response carries only a code. */
	messages?: Readonly<Record<string, string>>;
	optional?: boolean;
}

export interface EndpointDefinition {
	id: EndpointId;
	title: string;
	family: HostFamily;
	path: string;
	bodyKind: 'form' | 'json';
	/** Business fields the endpoint accepts (account and terminal are added by the credential). */
	fields: readonly string[];
	/**
	 * Field order of the signature between account+terminal and secureCode. An empty or absent
	 * field adds nothing to the string, so optional fields can share one order.
	 */
	signOrder: readonly string[];
	/** Grade of the rule for the fields always sent (the optional ones below left out). */
	signGrade: Grade;
	/**
	 * Grades of optional fields that are weaker than `signGrade`: of a signed field's slot in the
	 * rule, or of an unsigned field being left out of it. The rule as sent has the weakest grade
	 * among `signGrade` and the fields sent.
	 */
	fieldSignGrades?: Readonly<Partial<Record<string, Grade>>>;
	/** Fields sent but, as far as the sources show, not part of the signature. */
	unsignedFields?: readonly string[];
	/** Body fields the credential fills from its own (non-secret) fields when a node leaves them empty. */
	credentialDefaults?: Readonly<Record<string, string>>;
	/** Date fields sent as `yyyy-MM-dd HH:mm:ss` in the gateway time zone. */
	dateFields?: readonly string[];
	/** That the endpoint's dates (sent and answered) are in UTC+8 (the credential's default zone). */
	timeZoneGrade?: Grade;
	results: readonly ResultRule[];
	/** Element that repeats once per record in the response. */
	recordElement?: 'paymentInfo' | 'orderInfo';
	/**
	 * An answer without any result field must hold at least one record to count as an answer
	 * (the status query: a proxy page or an empty `<response>` is not "no payments").
	 */
	recordsRequired?: boolean;
	/**
	 * How the endpoint says "no such record" (the refund query by refund number). Oceanpayment
	 * documents no answer for it, so the package learns it from the gateway at run time (see
	 * actions/refund/existingRefund.ts): this is the grade of that knowledge, not a code.
	 */
	notFoundGrade?: Grade;
	/** The answer of a successful call as the package knows it. */
	answer: AnswerShape;
	/** Records per page of a list: the `field` that asks for a size, the size the package uses. */
	pageSize?: { field?: string; size?: number; grade: Grade };
	/** Read-only calls may be retried on transport failures; nothing else ever is. */
	readOnly: boolean;
	/** Calls that move money (refunds, captures, voids). Never retried. */
	movesMoney: boolean;
}

/** `tracking_results` codes, from shared/oceanpayment-api.md §3.8 (INFERRED from mg-erp). */
export const TRACKING_RESULT_MESSAGES: Readonly<Record<string, string>> = {
	'00': 'Upload failed',
	'01': 'Success',
	'02': 'Invalid account',
	'03': 'Invalid terminal',
	'04': 'Signature error (check the Secure Code in the credential)',
	'05': 'Account error',
	'06': 'Invalid tracking number (letters and digits only; separate several with commas)',
	'07': 'Invalid tracking site URL',
	'08': 'Invalid handler',
	'09': 'Invalid payment ID',
	'10': 'Required parameters are incomplete',
	'11': 'Invalid IP (ask Oceanpayment to whitelist the IP address of your n8n server)',
	'12': 'Payment ID is empty',
	'14': 'Account is empty',
	'15': 'Terminal is empty',
	'16': 'Handler is empty',
	'17': 'Payment ID does not exist',
	'18': 'Tracking site is empty',
	'19': 'Invalid order number',
	'99': 'Gateway system error',
};

/**
 * Result codes that say the request itself was refused, from the tracking table (§3.8, INFERRED):
 * the gateway appears to use one code list on every form endpoint. Texts are matched as well,
 * because the codes of the other endpoints are not documented (and one code may mean different
 * things on different endpoints: 05 is "Account error" in the tracking table).
 */
// Words are bounded by letters only, not by `\b`: "account_no" and "terminal_no" are refusals too.
export const REJECTION_CODES = {
	signature: { codes: ['04'], text: /sign|secure\s*_?code|签名|密钥/i },
	account: { codes: ['02', '03', '14', '15'], text: /(?<![a-z])(account|terminal|merchant)s?(?![a-z])|not activated|inactive|账户|账号|商户|终端|未激活|未开通/i },
	ip: { codes: ['11'], text: /(?<![a-z0-9])ip(?![a-z])|白名单/i },
	busy: { codes: ['99'], text: /busy|try again|system\s*(error|exception)|繁忙|系统/i },
} as const;

/**
 * What the package reads from a successful answer (Account › Self-Check reports fields missing
 * from it, and fields it does not know).
 */
export interface AnswerShape {
	grade: Grade;
	/** Top-level fields the package reads. */
	reads: readonly string[];
	/** Fields of each record (`recordElement`) the package reads. */
	recordReads?: readonly string[];
	/** Documented fields the package does not read: known, so not reported as new. */
	alsoKnown?: readonly string[];
	/** Times of past events (in the gateway time zone): never later than now. */
	dateFields?: readonly string[];
}

const LIST_TOP_FIELDS = ['results', 'details', 'count', 'totalpages'];

/** The pinc answers are not documented; `{code, msg, data}` follows the JSON QuickPay APIs. */
const PINC_ANSWER: AnswerShape = { grade: 'UNKNOWN', reads: ['code', 'msg', 'data'] };

const LIST_RESULT: ResultRule = { field: 'results', successCodes: ['00'], messageFields: ['details'] };

const endpointList = [
	{
		id: 'orderStatus',
		title: 'Order Status Query',
		family: 'query',
		path: '/service/check/normal',
		bodyKind: 'form',
		fields: ['order_number'],
		signOrder: ['order_number'],
		signGrade: 'CONFIRMED',
		// A successful status answer has no top-level result field, only paymentInfo blocks.
		results: [{ ...LIST_RESULT, optional: true }],
		recordElement: 'paymentInfo',
		recordsRequired: true,
		timeZoneGrade: 'INFERRED',
		answer: {
			grade: 'CONFIRMED',
			reads: [],
			recordReads: [
				'order_number',
				'payment_id',
				'payment_results',
				'payment_details',
				'order_amount',
				'order_currency',
				'methods',
				'payment_dateTime',
				'auth_status',
				'refund_status',
				'refundList',
				'chargeBack_status',
				'chargeBackList',
				'duplicate_status',
				'payment_risk',
				'order_notes',
				'order_sourceUrl',
			],
			alsoKnown: ['payment_authCode', 'payment_eci', 'payment_debitTime', 'pay_barCode', 'refundList', 'chargeBackList', 'transactionList', 'update_status', 'networkToken'],
			dateFields: ['payment_dateTime', 'payment_debitTime'],
		},
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'successfulOrders',
		title: 'Successful Orders Query',
		family: 'query',
		path: '/service/QueryOrdersList',
		bodyKind: 'form',
		fields: ['order_beginDate', 'order_endDate', 'pages'],
		// CONFIRMED without pages; the slot of pages is INFERRED (as for business orders).
		signOrder: ['order_beginDate', 'order_endDate', 'pages'],
		signGrade: 'CONFIRMED',
		fieldSignGrades: { pages: 'INFERRED' },
		dateFields: ['order_beginDate', 'order_endDate'],
		timeZoneGrade: 'INFERRED',
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
		answer: {
			grade: 'CONFIRMED',
			reads: LIST_TOP_FIELDS,
			recordReads: ['payment_id', 'order_number', 'order_amount', 'order_currency', 'methods', 'payment_dateTime'],
			alsoKnown: ['pages'],
			dateFields: ['payment_dateTime'],
		},
		// No request field sets it; the package reads the size from the answer.
		pageSize: { grade: 'UNKNOWN' },
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'businessOrders',
		title: 'Business Orders Query',
		family: 'query',
		path: '/service/BusinessOrdersList',
		bodyKind: 'form',
		fields: ['order_beginDate', 'order_endDate', 'pages', 'count', 'date_type'],
		signOrder: ['order_beginDate', 'order_endDate', 'pages'],
		signGrade: 'CONFIRMED',
		unsignedFields: ['count', 'date_type'],
		fieldSignGrades: { count: 'UNKNOWN', date_type: 'UNKNOWN' },
		dateFields: ['order_beginDate', 'order_endDate'],
		timeZoneGrade: 'INFERRED',
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
		answer: {
			grade: 'CONFIRMED',
			reads: LIST_TOP_FIELDS,
			recordReads: [
				'type',
				'payment_id',
				'order_number',
				'amount',
				'order_amount',
				'order_currency',
				'methods',
				'status',
				'details',
				'payment_dateTime',
				'payment_debitTime',
				'payment_cpdTime',
			],
			alsoKnown: ['pages'],
			dateFields: ['payment_dateTime', 'payment_debitTime', 'payment_cpdTime'],
		},
		pageSize: { field: 'count', size: 10, grade: 'CONFIRMED' },
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'disputedOrders',
		title: 'Disputed Orders Query',
		family: 'query',
		path: '/service/DisputeOrderList',
		bodyKind: 'form',
		fields: ['order_beginDate', 'order_endDate', 'pages', 'count', 'notice_type', 'payment_id', 'order_number'],
		signOrder: ['order_beginDate', 'order_endDate', 'pages'],
		signGrade: 'INFERRED',
		unsignedFields: ['count', 'notice_type', 'payment_id', 'order_number'],
		fieldSignGrades: { count: 'UNKNOWN', notice_type: 'UNKNOWN', payment_id: 'UNKNOWN', order_number: 'UNKNOWN' },
		dateFields: ['order_beginDate', 'order_endDate'],
		timeZoneGrade: 'INFERRED',
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
		answer: {
			grade: 'CONFIRMED',
			reads: LIST_TOP_FIELDS,
			recordReads: [
				'payment_id',
				'order_number',
				'methods',
				'order_amount',
				'order_currency',
				'notice_type',
				'push_details',
				'is_refund',
				'refund_amount',
				'refund_currency',
				'is_chargeBack',
				'chargeBack_amount',
				'chargeBack_currency',
				'referrer',
				'comment',
				'abnormal_amount',
				'abnormal_currency',
				'disputes_date',
				'reply_deadline',
				'disputes_times',
			],
			alsoKnown: ['pages'],
			// reply_deadline lies in the future; it is not a time of a past event.
			dateFields: ['disputes_date'],
		},
		// The package sends no count, so the gateway's default applies.
		pageSize: { field: 'count', size: 10, grade: 'CONFIRMED' },
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'preAuthorization',
		title: 'Pre-Authorization',
		family: 'gateway',
		path: '/gateway/service/auth',
		bodyKind: 'form',
		fields: ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
		// Capture/void send payment_id (+ order_amount); reverse sends order_number. Both CONFIRMED.
		signOrder: ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
		signGrade: 'CONFIRMED',
		// The response of this endpoint is UNKNOWN; payment_results follows the payment push.
		results: [
			{ field: 'payment_results', successCodes: ['1'], messageFields: ['payment_details'] },
			{ field: 'results', successCodes: ['00'], messageFields: ['details'] },
		],
		answer: { grade: 'UNKNOWN', reads: ['payment_results', 'payment_details', 'payment_id', 'order_number'] },
		readOnly: false,
		movesMoney: true,
	},
	{
		id: 'refund',
		title: 'Refund Request',
		family: 'query',
		path: '/service/applyRefund',
		bodyKind: 'form',
		fields: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description', 'refund_reference'],
		// CONFIRMED without refund_number; its slot after payment_id is INFERRED (ShopXO).
		signOrder: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
		signGrade: 'CONFIRMED',
		unsignedFields: ['refund_reference'],
		fieldSignGrades: { refund_number: 'INFERRED', refund_reference: 'UNKNOWN' },
		results: [{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description'] }],
		// From ShopXO's refund code.
		answer: {
			grade: 'INFERRED',
			reads: ['refund_results', 'refund_id', 'order_number', 'refund_description'],
			alsoKnown: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_status', 'refund_dateTime'],
		},
		readOnly: false,
		movesMoney: true,
	},
	{
		id: 'refundQuery',
		title: 'Refund Query',
		family: 'query',
		path: '/service/queryRefund',
		bodyKind: 'form',
		fields: ['refund_id', 'refund_number'],
		// refund_id alone is CONFIRMED; querying by refund_number is UNKNOWN.
		signOrder: ['refund_id', 'refund_number'],
		signGrade: 'CONFIRMED',
		fieldSignGrades: { refund_number: 'UNKNOWN' },
		results: [
			{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description', 'details'] },
			{ field: 'results', successCodes: ['00'], messageFields: ['details'] },
		],
		// The answer to "no refund has this number" is not documented: Refund › Create learns it
		// (the answer for a number that cannot exist), and Account › Self-Check shows it.
		notFoundGrade: 'UNKNOWN',
		timeZoneGrade: 'INFERRED',
		answer: {
			grade: 'UNKNOWN',
			reads: [
				'refund_results',
				'refund_id',
				'refund_number',
				'payment_id',
				'order_number',
				'refund_type',
				'refund_amount',
				'refund_currency',
				'refund_status',
				'refund_description',
				'refund_dateTime',
			],
			dateFields: ['refund_dateTime'],
		},
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'trackingUpload',
		title: 'Tracking Numbers Upload',
		family: 'query',
		path: '/service/uploadTrackingNo',
		bodyKind: 'form',
		fields: ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
		signOrder: ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
		signGrade: 'INFERRED',
		results: [{ field: 'tracking_results', successCodes: ['01'], messages: TRACKING_RESULT_MESSAGES }],
		answer: { grade: 'CONFIRMED', reads: ['tracking_results', 'payment_id', 'order_number'] },
		readOnly: false,
		movesMoney: false,
	},
	{
		id: 'customsUpload',
		title: 'Customs Submission',
		family: 'gateway',
		path: '/gateway/service/customsUpload',
		bodyKind: 'form',
		fields: [
			'payment_id',
			'type',
			'pay_userId',
			'pay_userName',
			'price',
			'total_amount',
			'customs',
			'customs_number',
			'customs_name',
			'sub_order_number',
			'shipping_fee',
		],
		signOrder: ['payment_id', 'type', 'pay_userId', 'pay_userName'],
		signGrade: 'CONFIRMED',
		unsignedFields: ['price', 'total_amount', 'customs', 'customs_number', 'customs_name', 'sub_order_number', 'shipping_fee'],
		fieldSignGrades: { sub_order_number: 'UNKNOWN' },
		results: [{ field: 'status', successCodes: ['1'], messageFields: ['details'] }],
		answer: { grade: 'CONFIRMED', reads: ['status', 'details', 'payment_id'], alsoKnown: ['type'] },
		readOnly: false,
		movesMoney: false,
	},
	{
		id: 'healthCheck',
		title: 'Health Examination',
		family: 'checkout',
		path: '/pinc/check-account',
		bodyKind: 'json',
		fields: ['site', 'key'],
		signOrder: [],
		credentialDefaults: { key: 'publicKey' },
		signGrade: 'CONFIRMED',
		// Response shape UNKNOWN; `code` follows the JSON QuickPay APIs (INFERRED).
		results: [{ field: 'code', successCodes: ['000'], messageFields: ['msg', 'message'], optional: true }],
		answer: PINC_ANSWER,
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'cardBin',
		title: 'Card BIN Verification',
		family: 'checkout',
		path: '/pinc/check-card-bin',
		bodyKind: 'json',
		fields: ['card_bin'],
		signOrder: [],
		signGrade: 'CONFIRMED',
		results: [{ field: 'code', successCodes: ['000'], messageFields: ['msg', 'message'], optional: true }],
		answer: PINC_ANSWER,
		readOnly: true,
		movesMoney: false,
	},
] as const satisfies ReadonlyArray<Omit<EndpointDefinition, 'id'> & { id: string }>;

export type EndpointId = (typeof endpointList)[number]['id'];

export const ENDPOINTS: Readonly<Record<EndpointId, EndpointDefinition>> = Object.fromEntries(
	endpointList.map((endpoint) => [endpoint.id, endpoint]),
) as unknown as Record<EndpointId, EndpointDefinition>;

/** Looks an endpoint up by the path of a request URL (absolute or relative, query ignored). */
export function findEndpointByUrl(url: string | undefined): EndpointDefinition | undefined {
	if (!url) return undefined;
	const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0].replace(/\/+$/, '');
	return endpointList.find((endpoint) => path === endpoint.path || path.endsWith(endpoint.path)) as
		| EndpointDefinition
		| undefined;
}

/** Production and sandbox base URLs of each host family (shared/oceanpayment-api.md §2.1). */
export const BASE_URLS: Readonly<Record<'production' | 'sandbox', Record<HostFamily, string>>> = {
	production: {
		query: 'https://query.oceanpayment.com',
		gateway: 'https://secure.oceanpayment.com',
		checkout: 'https://checkout.oceanpayment.com',
	},
	sandbox: {
		query: 'https://test-query.oceanpayment.com',
		gateway: 'https://test-secure.oceanpayment.com',
		checkout: 'https://test-checkout.oceanpayment.com',
	},
};
