import { classifyRejection, type RejectionKind } from '../transport';
import type { CredentialTerminal } from '../transport/terminals';
import { maskCardLikeNumbers } from './cardNumbers';
import { NOT_FOUND_TEXT, REFUSAL_CODES, REFUSAL_TEXT } from './gatewayWords';
import { detailsOf, type OrderStatusAnswer } from './orderStatus';

/**
 * Whether a terminal's status answer without payments positively says "no such order". The
 * status query carries a refusal inside the order's record ("80002:Invalid terminal",
 * "99:System busy"), in the same place as "80001:Order does not exist", and its codes are not
 * documented. So only a text that says "not found" and nothing that refuses counts as absence;
 * a refusal, a bare code or words the node does not know leave the order unknown on that
 * terminal (issue 29: a write must then stop, never take the other terminal).
 */

/** "not found" about an order or payment, besides the shared vocabulary. */
const ORDER_NOT_FOUND_TEXT = new RegExp(`${NOT_FOUND_TEXT.source}|no\\s+(?:such\\s+)?(?:orders?|payments?|transactions?)(?![a-z])|无此订单|订单不存在`, 'i');

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
	const refuses = kind !== 'other' || REFUSAL_CODES.includes(code) || REFUSAL_TEXT.test(text);
	if (!refuses && ORDER_NOT_FOUND_TEXT.test(text)) return undefined;
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
