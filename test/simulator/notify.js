'use strict';
/**
 * Notifications Oceanpayment pushes to a merchant's noticeUrl (API file §5): XML over POST,
 * `Content-Type: application/xml`, UTF-8; the receiver answers the plain text `receive-ok`.
 *
 * buildNotification() fills the documented fields (defaults from a stored payment when one is
 * named) and signs them with the hand-written NOTICE_SIGN_RULES; send() posts bytes and reads
 * the receiver's answer. Nothing here knows the admin API or the request log.
 */
const http = require('http');
const https = require('https');

const { NOTICE_SIGN_RULES, noticeSign } = require('./rules');
const { responseXml } = require('./xml');

/** §5.1, in the documented order. */
const BUSINESS_FIELDS = [
	'account', 'terminal', 'signValue', 'payment_dateTime', 'payment_debitTime', 'push_dateTime', 'order_number', 'order_currency', 'order_amount', 'order_notes',
	'card_type', 'card_country', 'payment_id', 'refund_number', 'refund_reference', 'notice_type', 'push_status', 'push_details', 'push_id', 'payment_cpdTime',
];
/** §5.2: the business fields plus three. */
const CUSTOMS_FIELDS = [...BUSINESS_FIELDS, 'verify_department', 'verify_id', 'sub_order_number'];
/** §5.3 (push_id only when given: the payment documentation does not list it). */
const PAYMENT_FIELDS = [
	'notice_type', 'response_type', 'account', 'terminal', 'signValue', 'order_number', 'order_currency', 'order_amount', 'order_notes', 'card_number', 'card_type',
	'card_country', 'payment_id', 'payment_authType', 'payment_status', 'payment_details', 'payment_risk', 'payment_dateTime', 'auth_reason', 'order_operator',
];
const NOTICE_TYPES = {
	business: ['refund', 'partialRefund', 'chargeBack', 're-presentment', 'retrieval', 'reversal-retrieval', 'fraud', 'ARN', 'highRisk'],
	customs: ['identityCheck', 'customsUpload'],
	payment: ['transaction'],
};
const DEFAULT_NOTICE_TYPE = { business: 'refund', customs: 'customsUpload', payment: 'transaction' };
/** Business notices that report an exception, so carry payment_cpdTime (§5.1). */
const EXCEPTION_TYPES = ['chargeBack', 're-presentment', 'retrieval', 'reversal-retrieval', 'fraud'];
const REFUND_TYPES = ['refund', 'partialRefund', 'ARN'];
/** Masked test card numbers by card_type (first 6 + *** + last 4, as the notifications show them). */
const MASKED_CARDS = {
	VISA: '411111***1111',
	MASTERCARD: '555555***4444',
	AMEX: '378282***0005',
	JCB: '356600***0505',
	UNIONPAY: '622202***0000',
	DISCOVER: '601100***0000',
};
const DEFAULT_TIMEOUT_MS = 10000;

const given = (value) => value !== undefined && value !== null;

/**
 * The fields of a notification, signed. `pushId` is the generated id (the default push_id).
 * Throws an Error (with `badRequest`) on invalid options.
 */
function buildNotification(state, options, pushId) {
	const fail = (message) => Object.assign(new Error(`simulator: ${message}`), { badRequest: true });
	const kind = options.kind ?? 'business';
	if (!NOTICE_SIGN_RULES[kind]) throw fail(`unknown notification kind ${kind} (business, payment or customs)`);
	const seed = state.merchants[0];
	const account = given(options.account) ? String(options.account) : seed?.account;
	let terminal = given(options.terminal) ? String(options.terminal) : undefined;
	if (terminal === undefined) terminal = account === seed?.account ? seed.terminal : state.merchants.find((m) => m.account === account)?.terminal;
	const found = state.findMerchant(account ?? '', terminal ?? '');
	if (!found.merchant) throw fail(`no merchant ${account}/${terminal} to sign a notification for`);
	const merchant = found.merchant;

	// Defaults from a stored payment of that merchant, by payment_id, else order_number.
	let payment;
	if (given(options.payment_id)) payment = state.findPayment(state.bookOf(merchant.account, merchant.terminal), String(options.payment_id));
	else if (given(options.order_number)) payment = state.paymentsOf(state.bookOf(merchant.account, merchant.terminal), String(options.order_number))[0];
	const view = payment ? state.view(payment) : {};
	const text = (name, fallback = '') => {
		const value = options[name];
		if (!given(value)) return fallback ?? '';
		if (value instanceof Date || typeof value === 'number') return /Time$/.test(name) ? state.render(state.toInstant(value, name)) : String(value);
		return String(value);
	};

	const noticeType = text('notice_type', DEFAULT_NOTICE_TYPE[kind]);
	if (!options.anyNoticeType && !NOTICE_TYPES[kind].includes(noticeType)) {
		throw fail(`notice_type ${noticeType} is not one of ${NOTICE_TYPES[kind].join(', ')} (anyNoticeType: true sends it anyway)`);
	}
	const now = state.render(state.nowMs());
	const base = {
		account: merchant.account,
		terminal: merchant.terminal,
		order_number: text('order_number', view.order_number),
		order_currency: text('order_currency', view.order_currency),
		order_amount: text('order_amount', view.order_amount),
		order_notes: text('order_notes', view.order_notes),
		card_type: text('card_type', view.card_type),
		card_country: text('card_country', view.card_country),
		payment_id: text('payment_id', view.payment_id),
		payment_dateTime: text('payment_dateTime', view.payment_dateTime),
	};

	let fields;
	if (kind === 'payment') {
		const cardPayment = !payment || payment.methods === 'Credit Card';
		fields = {
			notice_type: noticeType,
			response_type: text('response_type', '1'),
			...base,
			card_number: text('card_number', cardPayment ? (MASKED_CARDS[String(view.card_type || 'VISA').toUpperCase()] ?? MASKED_CARDS.VISA) : ''),
			payment_authType: text('payment_authType', payment?.auth_type === 'pre-auth' ? '1' : '0'),
			payment_status: text('payment_status', view.payment_results ?? '1'),
			payment_details: text('payment_details', view.payment_details ?? '00000:Approved'),
			payment_risk: text('payment_risk', view.payment_risk),
			auth_reason: text('auth_reason'),
			order_operator: text('order_operator'),
		};
		fields = Object.fromEntries(PAYMENT_FIELDS.map((name) => [name, fields[name] ?? '']));
		if (given(options.push_id)) fields.push_id = String(options.push_id);
	} else {
		// A refund notice carries the refund: push_id is the refund id (§5.1).
		let refund;
		if (payment && REFUND_TYPES.includes(noticeType)) {
			const refunds = state.getRefunds({ payment_id: payment.payment_id }).filter((r) => !given(options.refund_number) || r.refund_number === String(options.refund_number));
			refund = refunds[refunds.length - 1];
		}
		const all = {
			...base,
			payment_debitTime: text('payment_debitTime', view.payment_debitTime),
			push_dateTime: text('push_dateTime', now),
			refund_number: text('refund_number', refund?.refund_number),
			refund_reference: text('refund_reference', refund?.refund_reference),
			notice_type: noticeType,
			push_status: text('push_status', '1'),
			push_details: text('push_details'),
			push_id: text('push_id', refund?.refund_id ?? pushId),
			payment_cpdTime: text('payment_cpdTime', EXCEPTION_TYPES.includes(noticeType) ? now : ''),
			verify_department: text('verify_department'),
			verify_id: text('verify_id'),
			sub_order_number: text('sub_order_number', payment?.customs?.sub_order_number),
		};
		fields = Object.fromEntries((kind === 'customs' ? CUSTOMS_FIELDS : BUSINESS_FIELDS).map((name) => [name, all[name] ?? '']));
	}

	const secureCode = options.forge ? `${merchant.secureCode}-forged` : merchant.secureCode;
	fields.signValue = given(options.signValue) ? String(options.signValue) : noticeSign(kind, fields, secureCode);
	if (options.omitSignValue) delete fields.signValue;
	return { kind, fields, signValue: options.omitSignValue ? null : fields.signValue, xml: responseXml(fields) };
}

/**
 * POSTs bytes; resolves { status, body, contentType } (the receiver's answer) or rejects with an
 * Error carrying `delivery: true`. `headers` are extra request headers (e.g. X-Forwarded-For, as a
 * proxy in front of the receiver would add); `track` receives the request so close() can end it.
 */
function send(url, bytes, contentType, { timeoutMs = DEFAULT_TIMEOUT_MS, headers: extraHeaders, track } = {}) {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const headers = { ...extraHeaders, 'Content-Length': bytes.length, 'User-Agent': 'Oceanpayment-Simulator/1.0' };
		if (contentType) headers['Content-Type'] = contentType;
		const client = target.protocol === 'https:' ? https : http;
		const fail = (error) => reject(Object.assign(new Error(`simulator: the notification to ${url} failed: ${error.message}`), { delivery: true }));
		const request = client.request(target, { method: 'POST', headers, agent: false, timeout: timeoutMs }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8'), contentType: response.headers['content-type'] ?? '' }));
			response.on('error', fail);
		});
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		request.on('error', fail);
		track?.(request);
		request.end(bytes);
	});
}

module.exports = { buildNotification, send, BUSINESS_FIELDS, CUSTOMS_FIELDS, PAYMENT_FIELDS, NOTICE_TYPES, MASKED_CARDS };
