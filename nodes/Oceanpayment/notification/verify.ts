import { NOTICES, noticeKindOf, type NoticeDefinition, type NoticeKind } from '../transport/notices';
import { buildSignString, computeSignValue, sha256Hex, signValuesMatch, type MerchantKeys } from '../transport/signing';
import { forLog } from './logText';

export interface SignatureVerdict {
	valid: boolean;
	/** Why it is not valid (never contains the expected value or the secure code). */
	problem?: string;
}

/**
 * Checks a notification's signValue with the rule of its kind and the keys of the terminal it
 * names: the credential's main terminal or its 3-D Secure terminal (issue 29), each with its own
 * secure code, as Oceanpayment's Magento 2 plugin does. A notification for another account or
 * terminal cannot carry this credential's signature.
 */
export function verifySignature(definition: NoticeDefinition, fields: Readonly<Record<string, string>>, terminals: MerchantKeys | readonly MerchantKeys[]): SignatureVerdict {
	const received = fields.signValue ?? '';
	if (!received.trim()) return { valid: false, problem: 'it has no signValue' };
	const keys = (Array.isArray(terminals) ? terminals : [terminals]).find((candidate) => fields.account === candidate.account && fields.terminal === candidate.terminal);
	if (!keys) {
		return { valid: false, problem: "its account or terminal is not the credential's" };
	}
	const expected = computeSignValue(definition, fields, keys);
	if (!signValuesMatch(expected, received)) {
		return { valid: false, problem: `its signValue does not match (${definition.kind} rule, graded ${definition.signGrade})` };
	}
	return { valid: true };
}

/** A notice type the user accepts besides the documented ones, with the kind whose rule signs it. */
export interface ExtraNoticeType {
	noticeType: string;
	kind: NoticeKind;
}

export type Classified = { ok: true; kind: NoticeKind; noticeType: string; definition: NoticeDefinition } | { ok: false; problem: string };

/**
 * The kind of a notification, from its notice type alone: a documented type, or one the user
 * listed. The type is not signed, so the fields never choose the rule; any other type (a
 * misspelling, another case, a made-up one) is refused.
 */
export function classify(fields: Readonly<Record<string, string>>, extraTypes: readonly ExtraNoticeType[]): Classified {
	const noticeType = fields.notice_type ?? '';
	const kind = noticeKindOf(noticeType) ?? extraTypes.find((extra) => extra.noticeType === noticeType)?.kind;
	if (!kind) {
		return {
			ok: false,
			problem: `its notice type ${forLog(noticeType)} is not one Oceanpayment documents (add it under Extra Notification Types to accept it)`,
		};
	}
	return { ok: true, kind, noticeType, definition: NOTICES[kind] };
}

/**
 * Whether each signed field of the notification has the form its kind documents (a status one of
 * its values, a payment ID digits, …): with no separators in the signed string, this is what
 * keeps a signature from covering the same characters cut into other fields.
 */
export function checkFieldForms(definition: NoticeDefinition, fields: Readonly<Record<string, string>>): string | undefined {
	for (const [name, form] of Object.entries(definition.fieldForms)) {
		const value = fields[name] ?? '';
		if (!form.test(value)) return `its ${name} ${forLog(value)} is not ${form.description}${name in fields ? '' : ' (the field is missing)'}`;
	}
	return undefined;
}

/**
 * The event a notification reports: the SHA-256 of its notice type, a line break, then the signed
 * string without the secure code (account + terminal + the signed fields, no separators). Every
 * delivery of one event, and every re-cut of its bytes, has the same id. The notice type is part
 * of it because two genuine notifications of different types can sign the same string (a partial
 * refund and its ARN, both with the refund's ID as push_id); a copy relabelled with another type
 * is a different id, which confirmation refuses unless the gateway lists the event under that
 * type. Without the secure code it is no signature: an item of a forged notification never shows
 * a valid signValue for its fields.
 */
export function eventIdOf(definition: NoticeDefinition, fields: Readonly<Record<string, string>>, noticeType: string): string {
	const signed = buildSignString(definition, fields, { account: fields.account ?? '', terminal: fields.terminal ?? '', secureCode: '' });
	// Notice types hold no line break (documented ones, and Extra Notification Types are refused with one).
	return sha256Hex(`${noticeType}\n${signed}`);
}
