import { NOTICES, noticeKindOf, type NoticeDefinition, type NoticeKind } from '../transport/notices';
import { computeSignValue, sha256Hex, signValuesMatch, type MerchantKeys } from '../transport/signing';

/** A notification's fields as text (nested elements, which notifications do not have, as ''). */
export function textFields(fields: Readonly<Record<string, unknown>>): Record<string, string> {
	const text: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) {
		text[name] = value === undefined || value === null || typeof value === 'object' ? '' : String(value);
	}
	return text;
}

export interface SignatureVerdict {
	valid: boolean;
	/** Why it is not valid (never contains the expected value or the secure code). */
	problem?: string;
}

/**
 * Checks a notification's signValue with the rule of its kind and the credential's keys. A
 * notification for another account or terminal cannot carry this credential's signature.
 */
export function verifySignature(definition: NoticeDefinition, fields: Readonly<Record<string, string>>, keys: MerchantKeys): SignatureVerdict {
	const received = (fields.signValue ?? '').trim();
	if (!received) return { valid: false, problem: 'it has no signValue' };
	if ((fields.account ?? '').trim() !== keys.account || (fields.terminal ?? '').trim() !== keys.terminal) {
		return { valid: false, problem: "its account or terminal is not the credential's" };
	}
	const expected = computeSignValue(definition, fields, keys);
	if (!signValuesMatch(expected, received)) {
		return { valid: false, problem: `its signValue does not match (${definition.kind} rule, graded ${definition.signGrade})` };
	}
	return { valid: true };
}

/** The notice type, kind and rule of a notification. */
export function classify(fields: Readonly<Record<string, string>>): { kind: NoticeKind; noticeType: string; definition: NoticeDefinition } {
	const kind = noticeKindOf(fields);
	return { kind, noticeType: (fields.notice_type ?? '').trim(), definition: NOTICES[kind] };
}

/**
 * A stable id of the event a notification reports, the same for every redelivery of it:
 * notice type, the event's id and status, and a short hash of the notification's signed fields
 * (no secret involved), so two notifications that differ in anything signed differ here too.
 */
export function eventIdOf(definition: NoticeDefinition, noticeType: string, fields: Readonly<Record<string, string>>): string {
	const signed = [definition.kind, noticeType, fields.account ?? '', fields.terminal ?? '', ...definition.signOrder.map((name) => fields[name] ?? '')];
	const digest = sha256Hex(signed.join('\u001f')).slice(0, 16);
	const id = fields[definition.idField] || fields.payment_id || fields.order_number || '';
	return [noticeType || definition.kind, id, fields[definition.statusField] ?? '', digest].join(':');
}
