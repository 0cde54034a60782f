'use strict';
/**
 * The simulator's own signing rules, written by hand from shared/oceanpayment-api.md (§3, §4).
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

function sha256(text) {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lowercase hex SHA-256 of account + terminal + the rule's fields + secureCode. */
function signFor(path, fields, secureCode) {
	const rule = SIGN_RULES[path];
	if (!rule) throw new Error(`no signing rule for ${path}`);
	const value = (name) => (fields[name] === undefined || fields[name] === null ? '' : String(fields[name]));
	return sha256(value('account') + value('terminal') + rule.map(value).join('') + secureCode);
}

module.exports = { SIGN_RULES, signFor, sha256 };
