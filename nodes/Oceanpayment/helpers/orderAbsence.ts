import { classifyRejection, type RejectionKind } from '../transport';
import type { CredentialTerminal } from '../transport/terminals';
import { maskCardLikeNumbers } from './cardNumbers';
import { REFUSAL_CODES, REFUSAL_TEXT } from './gatewayWords';
import { detailsOf, type OrderStatusAnswer } from './orderStatus';

/**
 * Whether a terminal's status answer without payments positively says "no such order". The
 * status query carries a refusal inside the order's record ("80002:Invalid terminal",
 * "99:System busy"), in the same place as "80001:Order does not exist", and its codes are not
 * documented. So only a text that says "not found" and nothing that refuses counts as absence;
 * a refusal, a bare code or words the node does not know leave the order unknown on that
 * terminal (issue 29: a write must then stop, never take the other terminal).
 */

/**
 * A whole text that says the order (or its payment, transaction or record) does not exist, and
 * nothing else: "Order does not exist", "Order 1001 not found" (the order number asked), "No such
 * order", "订单不存在".
 * Anything more ("Order not found, server overloaded") or about something else ("Key not found")
 * is not a clear "no such order". Matched after NFKC (full-width letters) and trimming.
 */
const SUBJECT = '(?:order|payment|transaction|trade|record|data)s?';
const NOT_THERE = "(?:(?:is|was)\\s+)?(?:not\\s+(?:be\\s+)?found|(?:does|do|did)\\s*(?:not|n't)\\s+exists?|not\\s+exists?|non-?\\s*existent)";
const ORDER_NOT_FOUND_TEXT = new RegExp(
	[
		`^(?:the\\s+)?${SUBJECT}(?:\\s+(?:number|no\\.?|id))?\\s+${NOT_THERE}$`,
		`^no\\s+(?:such\\s+)?${SUBJECT}(?:\\s+(?:found|exists?))?$`,
		'^(?:该|此)?(?:订单|交易|支付|记录)(?:号)?(?:不存在|未找到|找不到|查不到)$',
		'^(?:查无|无此|没有)(?:此)?(?:订单|交易|记录)(?:记录|信息)?$',
		'^(?:无记录|没有记录|查无记录|无数据)$',
	].join('|'),
	'i',
);

/**
 * The text as matched: NFKC (full-width letters and colons), the order number asked (and quotes
 * around it) left out, one space, no end punctuation.
 */
function normalised(text: string, orderNumber: string): string {
	let plain = text.normalize('NFKC').replace(/[‘’]/g, "'");
	const order = orderNumber.normalize('NFKC').trim();
	const escaped = order.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	if (order !== '') plain = plain.replace(new RegExp(`[#:]?\\s*["“”']?${escaped}["“”']?`, 'g'), ' ');
	return plain
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[.!。！]+$/, '')
		.trim();
}

/** Why a terminal's answer about an order is not a clear "no such order". */
export interface UnclearAbsence {
	/** The code of the gateway's text ('' when it gave none). */
	code: string;
	/** The gateway's text, card numbers masked ('' when it gave none). */
	text: string;
	kind: RejectionKind;
}

/**
 * undefined when the answer lists payments or clearly says the order does not exist; otherwise
 * what it said instead.
 */
export function unclearAbsence(answer: OrderStatusAnswer): UnclearAbsence | undefined {
	if (answer.payments.length > 0) return undefined;
	const { code, text } = detailsOf(answer.emptyEntry?.payment_details);
	const kind = classifyRejection({ code: '', detailCode: code, message: text });
	const plain = normalised(text, String(answer.emptyEntry?.order_number ?? ''));
	const refuses = kind !== 'other' || REFUSAL_CODES.includes(code) || REFUSAL_TEXT.test(plain);
	if (!refuses && ORDER_NOT_FOUND_TEXT.test(plain)) return undefined;
	return { code, text: maskCardLikeNumbers(text), kind };
}

/** `code 80002 ("Invalid terminal")`, or what was missing. */
export function describeUnclear(unclear: UnclearAbsence): string {
	if (!unclear.code && !unclear.text) return 'a record without a payment and without any text';
	if (!unclear.text) return `code ${unclear.code} without a text`;
	return `${unclear.code ? `code ${unclear.code} ` : ''}("${unclear.text}")`;
}

/** What to do about it, for the error's description. */
export function adviceFor(unclear: UnclearAbsence, terminal: CredentialTerminal | undefined): string {
	const which = terminal ? `the ${terminal.label} terminal (${terminal.terminal})` : 'the terminal';
	switch (unclear.kind) {
		case 'busy':
			return 'The gateway was busy; it usually answers when asked again a little later.';
		case 'signature':
			return `Check the ${terminal?.role === 'threeDSecure' ? '3-D Secure Secure Code' : 'Secure Code'} of ${which} in the credential.`;
		case 'account':
			return `Check the account and ${which} in the credential, and ask Oceanpayment whether that terminal is active.`;
		case 'ip':
			return "Ask Oceanpayment to whitelist your n8n server's IP address for that terminal.";
		default:
			return "The gateway's answer does not say that the order does not exist; read its text, then try again.";
	}
}
