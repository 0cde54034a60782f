'use strict';
/**
 * The simulator's own signing rules, written by hand from shared/oceanpayment-api.md (§3, §4, §5).
 * Deliberately independent of the package's catalogue: if both were wrong the same way, every
 * test would still pass, so the two must never share code.
 */
const { createHash } = require('crypto');

/** Ordered fields between account+terminal and the secure code; an absent field adds nothing. */
const SIGN_RULES = {
	'/service/check/normal': ['order_number'],
	'/service/QueryOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
	'/service/BusinessOrdersList': ['order_beginDate', 'order_endDate', 'pages'],
	'/service/DisputeOrderList': ['order_beginDate', 'order_endDate', 'pages'],
	'/service/applyRefund': ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
	'/service/queryRefund': ['refund_id', 'refund_number'],
	'/service/uploadTrackingNo': ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
	'/gateway/service/auth': ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
	'/gateway/service/customsUpload': ['payment_id', 'type', 'pay_userId', 'pay_userName'],
};

/**
 * Notifications Oceanpayment pushes to a merchant's noticeUrl (API file §5): the fields between
 * account+terminal and the secure code. Business: INFERRED (official ZenCart plugin); customs:
 * UNKNOWN, assumed as business; payment: INFERRED (official Magento 2 / ZenCart / ShopXO plugins).
 */
const NOTICE_SIGN_RULES = {
	business: ['order_number', 'payment_id', 'push_id', 'push_status', 'push_details'],
	customs: ['order_number', 'payment_id', 'push_id', 'push_status', 'push_details'],
	payment: ['order_number', 'order_currency', 'order_amount', 'order_notes', 'card_number', 'payment_id', 'payment_authType', 'payment_status', 'payment_details', 'payment_risk'],
};

function sha256(text) {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lowercase hex SHA-256 of account + terminal + the named fields in order + secureCode. */
function signWith(rule, fields, secureCode) {
	const value = (name) => (fields[name] === undefined || fields[name] === null ? '' : String(fields[name]));
	return sha256(value('account') + value('terminal') + rule.map(value).join('') + secureCode);
}

/** The documented request rule of an endpoint (lowercase hex). */
function signFor(path, fields, secureCode) {
	const rule = SIGN_RULES[path];
	if (!rule) throw new Error(`no signing rule for ${path}`);
	return signWith(rule, fields, secureCode);
}

/** A notification's signValue: upper-case hex, as in the documentation's examples. */
function noticeSign(kind, fields, secureCode) {
	const rule = NOTICE_SIGN_RULES[kind];
	if (!rule) throw new Error(`no notification signing rule for ${kind}`);
	return signWith(rule, fields, secureCode).toUpperCase();
}

module.exports = { SIGN_RULES, NOTICE_SIGN_RULES, signFor, signWith, noticeSign, sha256 };
