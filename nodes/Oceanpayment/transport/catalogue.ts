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
	signGrade: Grade;
	/** Fields sent but, as far as the sources show, not part of the signature. */
	unsignedFields?: readonly string[];
	/** Body fields the credential fills from its own (non-secret) fields when a node leaves them empty. */
	credentialDefaults?: Readonly<Record<string, string>>;
	/** Date fields sent as `yyyy-MM-dd HH:mm:ss` in the gateway time zone. */
	dateFields?: readonly string[];
	results: readonly ResultRule[];
	/** Element that repeats once per record in the response. */
	recordElement?: 'paymentInfo' | 'orderInfo';
	/**
	 * An answer without any result field must hold at least one record to count as an answer
	 * (the status query: a proxy page or an empty `<response>` is not "no payments").
	 */
	recordsRequired?: boolean;
	/**
	 * Result codes that mean "no such record" rather than a failure (the refund query by refund
	 * number). Oceanpayment documents none of them: see `notFoundGrade`.
	 */
	notFoundCodes?: readonly string[];
	notFoundGrade?: Grade;
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
 * because the codes of the other endpoints are not documented.
 */
export const REJECTION_CODES = {
	signature: { codes: ['04'], text: /sign/i },
	account: { codes: ['02', '03', '14', '15'], text: /\b(account|terminal)\b/i },
	ip: { codes: ['11'], text: /\bip\b/i },
} as const;

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
		signGrade: 'INFERRED',
		dateFields: ['order_beginDate', 'order_endDate'],
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
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
		dateFields: ['order_beginDate', 'order_endDate'],
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
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
		dateFields: ['order_beginDate', 'order_endDate'],
		results: [LIST_RESULT],
		recordElement: 'orderInfo',
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
		signGrade: 'INFERRED',
		unsignedFields: ['refund_reference'],
		results: [{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description'] }],
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
		results: [
			{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description', 'details'] },
			{ field: 'results', successCodes: ['00'], messageFields: ['details'] },
		],
		// The answer to "no refund has this number" is not documented; 05 is a guess (the node
		// lets users change it, and Account › Self-Check shows what the gateway really answers).
		notFoundCodes: ['05'],
		notFoundGrade: 'UNKNOWN',
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
		results: [{ field: 'status', successCodes: ['1'], messageFields: ['details'] }],
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
