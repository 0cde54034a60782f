import type { IDataObject } from 'n8n-workflow';

import { classifyRejection, type GatewayReply, type RejectionKind } from '../transport';
import { ENDPOINTS } from '../transport/catalogue';
import { maskCardLikeNumbers } from './parameters';

/**
 * How the package reads the refund query's answers, which Oceanpayment does not document:
 * whether an answer is a refusal (of any code), whether it holds a refund, and its "shape", so
 * that an answer about one refund number can be compared with the answer about a number that
 * cannot exist. Used by Refund › Create (to decide "no such refund") and Account › Self-Check.
 */

/**
 * Texts that refuse the request rather than answer about a refund: signature, account, terminal,
 * IP, busy or system errors, missing or invalid parameters, errors of any kind (English and
 * Chinese). A "no such refund" answer says none of these ("refund not found", "does not exist").
 */
const REFUSAL_TEXT =
	/sign|\baccount\b|\bterminal\b|\bip\b|busy|try again|system|error|fail|exception|invalid|illegal|required|incomplete|missing|\bempty\b|denied|forbidden|unauthori[sz]ed|permission|not allowed|whitelist|too many|frequen|limit|timeout|timed out|签名|账户|账号|商户|终端|白名单|繁忙|稍后|系统|错误|异常|失败|无效|非法|参数|缺少|为空|权限|拒绝|频繁|超时/i;
/** Codes of the package's code table that refuse a request (§3.8: 02/03/14/15 account, 04 signature, 10 parameters, 11 IP, 99 system). */
const REFUSAL_CODES = ['02', '03', '04', '10', '11', '14', '15', '99'];

const QUERY = ENDPOINTS.refundQuery;
const ENVELOPE = new Set(['account', 'terminal', 'signValue']);
/** Fields whose value means the answer is about a refund that exists. */
const REFUND_FIELDS = ['refund_id', 'refund_amount', 'payment_id'];

const scalarText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

/** The result rule that decided the answer, and the gateway's own texts (unmasked, for comparing). */
function decidingRule(data: IDataObject): { field: string; texts: string[] } {
	const rule = QUERY.results.find((candidate) => scalarText(data[candidate.field]) !== '') ?? QUERY.results[0];
	return { field: rule.field, texts: (rule.messageFields ?? []).map((name) => scalarText(data[name])).filter((text) => text !== '') };
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
 * Whether an answer refuses the request, by its code or its text, whatever the code (05 may be
 * "Account error"). An answer that shows a refund is about that refund: its refund_description
 * is the reason the merchant gave, not the gateway's, so it is not read as a refusal.
 */
export function refusalOf(reply: GatewayReply): Refusal | undefined {
	if (reply.outcome.success && holdsRefund(reply.data)) return undefined;
	const { texts } = decidingRule(reply.data);
	const kind = classifyRejection(reply.outcome);
	if (kind !== 'other') return { kind, what: REFUSAL_NAMES[kind] };
	const codes = [reply.outcome.code, reply.outcome.detailCode ?? ''];
	if (codes.some((code) => REFUSAL_CODES.includes(code)) || texts.some((text) => REFUSAL_TEXT.test(text))) return { kind: 'refusal', what: REFUSAL_NAMES.refusal };
	return undefined;
}

/** Whether the answer shows a refund: a refund ID, amount or payment, or a nested record. */
export function holdsRefund(data: IDataObject): boolean {
	if (REFUND_FIELDS.some((name) => scalarText(data[name]) !== '')) return true;
	return Object.entries(data).some(([name, value]) => !ENVELOPE.has(name) && typeof value === 'object' && value !== null && Object.keys(value).length > 0);
}

/** What must be equal for two answers to say the same thing about two refund numbers. */
export interface AnswerShape {
	field: string;
	code: string;
	success: boolean;
	/** The gateway's texts, the refund number asked for replaced by {number}. */
	texts: string[];
	/** The names of the fields that carry a value (envelope left out). */
	fields: string[];
}

export function answerShape(reply: GatewayReply, refundNumber: string): AnswerShape {
	const { field, texts } = decidingRule(reply.data);
	// The number where it stands on its own, not inside a word ("e" is not replaced in "refund").
	const number = new RegExp(`(?<![A-Za-z0-9])${refundNumber.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g');
	const placeholder = (text: string) => text.replace(number, '{number}').replace(/\s+/g, ' ');
	return {
		field,
		code: reply.outcome.code,
		success: reply.outcome.success,
		texts: texts.map(placeholder),
		fields: Object.keys(reply.data)
			.filter((name) => !ENVELOPE.has(name) && scalarText(reply.data[name]) !== '')
			.sort(),
	};
}

export const sameShape = (a: AnswerShape, b: AnswerShape): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `results 09 "refund not found"`, for messages. */
export function describeShape(shape: AnswerShape): string {
	const texts = shape.texts.length ? ` "${maskCardLikeNumbers(shape.texts.join(' / '))}"` : '';
	return `${shape.field} ${shape.code || '(none)'}${texts} with the fields ${shape.fields.join(', ') || '(none)'}`;
}
