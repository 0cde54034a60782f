import type { IDataObject } from 'n8n-workflow';

import { classifyRejection, type GatewayReply, type RejectionKind } from '../transport';
import { ENDPOINTS } from '../transport/catalogue';
import { NOT_FOUND_TEXT, REFUSAL_CODES, REFUSAL_TEXT, word } from './gatewayWords';
import { maskCardLikeNumbers } from './parameters';

/**
 * How the package reads the refund query's answers, which Oceanpayment does not document:
 * whether an answer is a refusal (of any code), whether it holds a refund, whether it is about
 * another refund number, whether it positively says "no such refund", and its "shape", so that
 * an answer about one refund number can be compared with the answer about a number that cannot
 * exist. Used by Refund › Create (to decide "no such refund") and Account › Self-Check.
 *
 * Every text element of the answer is read, not only the fields the package knows
 * (`refund_description`, `details`): a gateway may put its reason in `<msg>` or `<error>`.
 */

/**
 * A "not found" about something else (the payment, an order, a card) says nothing about refunds,
 * nor does one about an ID ("refund_id not found"): the node asks by refund number and sends no
 * ID, so that is more likely a missing parameter than a missing refund.
 */
const OTHER_SUBJECT = new RegExp(
	[word('payments?'), word('orders?'), word('transactions?'), word('trades?'), word('cards?'), word('users?'), word('customers?'), word('(?:[a-z]+_)?ids?'), '支付', '交易', '用户', '(?<!退款)订单', '卡号'].join('|'),
	'i',
);

export { REFUSAL_CODES };

/** What a refusal code of the code table means, for messages: "a signature error". */
export function refusalName(code: string): string {
	const kind = classifyRejection({ code, message: '' });
	return kind === 'other' ? 'missing or invalid parameters' : REFUSAL_NAMES[kind].replace(/^an? /, '');
}

const QUERY = ENDPOINTS.refundQuery;
const ENVELOPE = new Set(['account', 'terminal', 'signValue']);
/** Fields whose value means the answer is about a refund that exists. */
const REFUND_FIELDS = ['refund_id', 'refund_amount', 'payment_id'];
/** Fields that name a refund, payment or order (refund_number, refund_id, order_number, orderNo, paymentId…): never read as text. */
const ID_FIELD = /(?:^|_)(?:id|Id|ID|number|Number|no|No|NO)$|[a-z](?:Id|ID|Number|No)$/;

const scalarText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The number asked for, replaced by {number} where it stands on its own ("e" is not replaced in "refund"). */
function placeholderOf(refundNumber: string): (text: string) => string {
	if (refundNumber === '') return (text) => text.replace(/\s+/g, ' ');
	const number = new RegExp(`(?<![A-Za-z0-9])${escape(refundNumber)}(?![A-Za-z0-9])`, 'g');
	return (text) => text.replace(number, '{number}').replace(/\s+/g, ' ');
}

/** The result field that decided the answer. */
const decidingField = (data: IDataObject): string => (QUERY.results.find((candidate) => scalarText(data[candidate.field]) !== '' || candidate.field in data) ?? QUERY.results[0]).field;

/**
 * Every text element of the answer as `[field, text]`, sorted by field: the scalar fields that
 * hold a word (not only digits), leaving out the envelope, the result code and the fields that
 * name a refund, payment or order; the number asked for replaced by {number}.
 */
function textsOf(data: IDataObject, refundNumber: string): Array<[string, string]> {
	const placeholder = placeholderOf(refundNumber);
	const result = decidingField(data);
	return Object.keys(data)
		.filter((name) => !ENVELOPE.has(name) && name !== result && !ID_FIELD.test(name))
		.map((name): [string, string] => [name, placeholder(scalarText(data[name]))])
		.filter(([, text]) => /\p{L}/u.test(text))
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface Refusal {
	kind: RejectionKind | 'refusal';
	/** "a signature error", "an IP refusal", …, for messages. */
	what: string;
}

const REFUSAL_NAMES: Record<Refusal['kind'], string> = {
	signature: 'a signature error',
	account: 'an account or terminal refusal',
	ip: 'an IP refusal',
	busy: 'a busy or system error',
	other: 'a refusal',
	refusal: 'a refusal',
};

/**
 * Whether an answer refuses the request, by its code or any of its texts, whatever the code (05
 * may be "Account error"). An answer that shows a refund is about that refund: its
 * refund_description is the reason the merchant gave, not the gateway's, so it is not read as a
 * refusal. `refundNumber` (the number asked for) is left out of the texts read.
 */
export function refusalOf(reply: GatewayReply, refundNumber = ''): Refusal | undefined {
	if (reply.outcome.success && holdsRefund(reply.data)) return undefined;
	const texts = textsOf(reply.data, refundNumber).map(([, text]) => text);
	for (const text of [reply.outcome.message, ...texts]) {
		const kind = classifyRejection({ ...reply.outcome, message: text });
		if (kind !== 'other') return { kind, what: REFUSAL_NAMES[kind] };
	}
	const codes = [reply.outcome.code, reply.outcome.detailCode ?? ''];
	if (codes.some((code) => REFUSAL_CODES.includes(code)) || texts.some((text) => REFUSAL_TEXT.test(text))) return { kind: 'refusal', what: REFUSAL_NAMES.refusal };
	return undefined;
}

/** Whether the answer shows a refund: a refund ID, amount or payment, or a nested record. */
export function holdsRefund(data: IDataObject): boolean {
	if (REFUND_FIELDS.some((name) => scalarText(data[name]) !== '')) return true;
	return Object.entries(data).some(([name, value]) => !ENVELOPE.has(name) && typeof value === 'object' && value !== null && Object.keys(value).length > 0);
}

/**
 * A field naming a refund number (or any number field) other than the one asked for: the answer
 * is then about another refund (a caching proxy replaying an earlier answer, a gateway that
 * ignores the number), never "no such refund" for the number asked.
 */
export function otherNumberIn(data: IDataObject, refundNumber: string): { field: string; value: string } | undefined {
	for (const [name, value] of Object.entries(data)) {
		if (ENVELOPE.has(name) || !ID_FIELD.test(name)) continue;
		const text = scalarText(value);
		if (text !== '' && text !== refundNumber) return { field: name, value: text };
	}
	return undefined;
}

/** Why an answer (not a refusal, no refund in it) says "no such refund", or undefined when it does not. */
export type NotFoundEvidence = 'success without a refund' | 'a "not found" text';

/**
 * Positive evidence that an answer means "no such refund": (a) the success code with an empty
 * refund ID (the element there, empty), no amount and no record; or (b) a text that says "not
 * found" ("not found", "does not exist", "no record", 不存在, 未找到, 无记录, 查无 …). Either way no
 * text may be a refusal or about something else (a payment, an order). A bare code, an empty
 * result or words the node does not know are no evidence.
 */
export function notFoundEvidence(reply: GatewayReply, refundNumber: string): NotFoundEvidence | undefined {
	if (holdsRefund(reply.data) || refusalOf(reply, refundNumber) || otherNumberIn(reply.data, refundNumber)) return undefined;
	const texts = textsOf(reply.data, refundNumber).map(([, text]) => text);
	if (texts.some((text) => REFUSAL_TEXT.test(text) || OTHER_SUBJECT.test(text))) return undefined;
	if (texts.some((text) => NOT_FOUND_TEXT.test(text))) return 'a "not found" text';
	if (reply.outcome.success && 'refund_id' in reply.data) return 'success without a refund';
	return undefined;
}

/** What must be equal for two answers to say the same thing about two refund numbers. */
export interface AnswerShape {
	field: string;
	code: string;
	success: boolean;
	/** Every text element as "field: text", the refund number asked for replaced by {number}. */
	texts: string[];
	/** The names of the fields that carry a value (envelope left out). */
	fields: string[];
}

export function answerShape(reply: GatewayReply, refundNumber: string): AnswerShape {
	return {
		field: decidingField(reply.data),
		code: reply.outcome.code,
		success: reply.outcome.success,
		texts: textsOf(reply.data, refundNumber).map(([name, text]) => `${name}: ${text}`),
		fields: Object.keys(reply.data)
			.filter((name) => !ENVELOPE.has(name) && scalarText(reply.data[name]) !== '')
			.sort(),
	};
}

export const sameShape = (a: AnswerShape, b: AnswerShape): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The texts of a shape, masked, for messages: `"Refund does not exist"`. */
const quotedTexts = (shape: AnswerShape) => shape.texts.map((text) => text.slice(text.indexOf(': ') + 2)).join(' / ');

/** `results 09 "refund not found" with the fields …`, for messages (card numbers masked). */
export function describeShape(shape: AnswerShape): string {
	const texts = shape.texts.length ? ` "${maskCardLikeNumbers(quotedTexts(shape))}"` : '';
	return `${shape.field} ${shape.code || '(none)'}${texts} with the fields ${shape.fields.join(', ') || '(none)'}`;
}

/**
 * `code 05 ("Account error")`, masked: the result text where the answer has one in its known
 * message fields, else every text of the answer (a reason in `<msg>`), else the node's own words.
 */
export function describeAnswer(reply: GatewayReply, refundNumber = ''): string {
	const rule = QUERY.results.find((candidate) => candidate.field === decidingField(reply.data));
	const known = (rule?.messageFields ?? []).some((name) => scalarText(reply.data[name]) !== '');
	const texts = textsOf(reply.data, refundNumber).map(([, text]) => text);
	const shown = known || texts.length === 0 ? reply.outcome.message : texts.join(' / ');
	return `code ${reply.outcome.code || '(none)'} ("${maskCardLikeNumbers(shown)}")`;
}
