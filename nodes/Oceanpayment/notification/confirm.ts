import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { RequestOptions } from '../transport';
import type { ConfirmationSource, Correspondence, NoticeDefinition, NoticeKind } from '../transport/notices';
import { forLog } from './logText';
import { distinctSplits, sameSplit, splitsOf, type Cuts, type Slot, type Split } from './splits';

/**
 * Confirming a notification with the gateway before it starts anything. The signature says the
 * signed string came from Oceanpayment (under a rule graded INFERRED); it cannot say where one
 * field ends and the next begins, nor which notice type it was sent as (not signed). The gateway's
 * answer can: a copy cut or labelled otherwise does not match what the gateway holds.
 *
 * Three outcomes besides "confirmed":
 * - notConfirmed: the gateway clearly holds something else (the payment under another order, the
 *   same signed string cut another way, this payment's events of this type with other values).
 *   The delivery is dropped (or runs marked, if the user chose so) and never uses up the event.
 * - unavailable: no clear answer (no answer, a refusal, a pending payment the notification calls
 *   final, a code outside the documented set, records that contradict each other, an event not
 *   listed yet). HTTP 503: Oceanpayment delivers it again.
 * - notRequested: the user turned confirmation off for its family.
 */

export type ConfirmFamily = 'payment' | 'refund' | 'chargeBack';

export const CONFIRM_FAMILIES: ReadonlyArray<{ value: ConfirmFamily; name: string; description: string }> = [
	{
		value: 'payment',
		name: 'Payments',
		description: 'Order status query: the same order, currency, amount, notes, payment ID, status, details and risk',
	},
	{
		value: 'refund',
		name: 'Refunds, Partial Refunds and ARNs',
		description: 'Refund query by the push ID (the refund ID), else the business orders list: the same payment, order, type, status and details',
	},
	{
		value: 'chargeBack',
		name: 'Chargebacks, Disputes, Fraud, High Risk and Other Business Events',
		description: 'Business orders list: an event of this payment and order with the same type, status and details',
	},
];

export const ALL_CONFIRM_FAMILIES: ConfirmFamily[] = CONFIRM_FAMILIES.map((family) => family.value);

const REFUND_FAMILY_TYPES = ['refund', 'partialRefund', 'ARN'];

/** Which family confirms a notification; undefined when nothing can (customs: no query covers them). */
export function confirmFamilyOf(kind: NoticeKind, noticeType: string): ConfirmFamily | undefined {
	if (kind === 'payment') return 'payment';
	if (kind === 'customs') return undefined;
	return REFUND_FAMILY_TYPES.includes(noticeType) ? 'refund' : 'chargeBack';
}

export interface Confirmation {
	status: 'confirmed' | 'notConfirmed' | 'notRequested' | 'unavailable';
	/** The fields (names as sent) the gateway's answer agrees with. */
	fields: string[];
	/** What the gateway answered, for the item and the log (values already quoted). */
	detail: string;
}

export const NOT_REQUESTED: Confirmation = { status: 'notRequested', fields: [], detail: '' };
export const notConfirmed = (detail: string): Confirmation => ({ status: 'notConfirmed', fields: [], detail });
export const unavailable = (detail: string): Confirmation => ({ status: 'unavailable', fields: [], detail });
export const UNCONFIRMABLE = notConfirmed('Oceanpayment offers no query that could confirm a customs notification');

/** What a confirmation needs to know about the notification. */
export interface ConfirmRequest {
	definition: NoticeDefinition;
	noticeType: string;
	fields: Readonly<Record<string, string>>;
	/** The credential's gateway time zone. */
	zone: string;
	/** The credential's 3-D Secure terminal, when the notification is for it: the confirming calls go to that terminal. */
	terminal?: string;
}

/** The request options of a confirming call: CONFIRM_REQUEST, on the notification's terminal. */
export function confirmOptions(request: ConfirmRequest, operation: string, extra: RequestOptions = {}): RequestOptions {
	return { ...CONFIRM_REQUEST, ...extra, operation, ...(request.terminal ? { terminal: request.terminal } : {}) };
}

export type Confirmer = (this: IWebhookFunctions, request: ConfirmRequest) => Promise<Confirmation>;

/** Short: Oceanpayment waits for the answer to its delivery while the node asks. Values kept exactly as answered. */
export const CONFIRM_REQUEST: RequestOptions = { timeoutMs: 10_000, retry: { retries: 1, delayMs: 500 }, returnRejections: true, exactValues: true };

/** A value of an answer as text (absent: undefined, so that it is not compared). */
export function answered(record: IDataObject, name: string): string | undefined {
	const value = record[name];
	if (typeof value === 'string') return value;
	return typeof value === 'number' ? String(value) : undefined;
}

/** Whether a notification's value agrees with an answer's under a correspondence. */
export function agrees(correspondence: Correspondence, noticeValue: string, answerValue: string): boolean {
	if (correspondence.compare === 'anyCase') return noticeValue.toLowerCase() === answerValue.toLowerCase();
	if (correspondence.compare === 'refundType') return ({ '1': 'refund', '2': 'partialRefund' } as Record<string, string>)[answerValue] === noticeValue;
	return noticeValue === answerValue;
}

/** The signed string of a notification without account, terminal and secure code. */
export function signedValues(request: ConfirmRequest): string {
	return request.definition.signOrder.map((name) => request.fields[name] ?? '').join('');
}

/** How the notification itself cuts its signed string. */
export function ownSplit(request: ConfirmRequest): Split {
	return Object.fromEntries(request.definition.signOrder.map((name) => [name, request.fields[name] ?? '']));
}

/** The signed fields an answer's record gives (names as in the notification), exactly as answered. */
export function knownValues(source: ConfirmationSource, definition: NoticeDefinition, record: IDataObject): Record<string, string> {
	const known: Record<string, string> = {};
	for (const correspondence of source.fields) {
		if (correspondence.compare !== 'exact' || !definition.signOrder.includes(correspondence.notice)) continue;
		const value = answered(record, correspondence.answer);
		if (value !== undefined) known[correspondence.notice] = value;
	}
	return known;
}

/** The ways to cut the notification's signed string that agree with these known values and the kind's forms. */
export function splitsWith(request: ConfirmRequest, known: Readonly<Record<string, string>>): Cuts {
	const slots: Slot[] = request.definition.signOrder.map((name) => {
		if (known[name] !== undefined) return { name, value: known[name] };
		const form = request.definition.fieldForms[name];
		return form ? { name, fits: form.test } : { name };
	});
	return splitsOf(signedValues(request), slots);
}

/** A record of an answer together with the cuts of the signed string it allows. */
export interface Fitting extends Cuts {
	record: IDataObject;
}

export function fittings(source: ConfirmationSource, request: ConfirmRequest, records: readonly IDataObject[]): Fitting[] {
	return records.map((record) => ({ record, ...splitsWith(request, knownValues(source, request.definition, record)) }));
}

/**
 * The distinct cuts all records allow together; undefined when a search stopped early (too many
 * ways to cut the string: as good as several).
 */
export function cutsOf(fitting: readonly Fitting[]): Split[] | undefined {
	return fitting.every((entry) => entry.complete) ? distinctSplits(fitting.flatMap((entry) => entry.splits)) : undefined;
}

/** Whether a cut is the notification's own. */
export const sameCutAsOwn = (request: ConfirmRequest, cut: Split) => sameSplit(cut, ownSplit(request));

/** Whether a record allows the notification's own cut. */
export const allowsOwnCut = (entry: Fitting, request: ConfirmRequest) => entry.splits.some((split) => sameSplit(split, ownSplit(request)));

/** The fields (names as sent) a record agrees with: the signed ones it gives, and unsigned ones where equal. */
export function agreeingFields(source: ConfirmationSource, request: ConfirmRequest, record: IDataObject): string[] {
	const names: string[] = [];
	for (const correspondence of source.fields) {
		const value = answered(record, correspondence.answer);
		const own = request.fields[correspondence.notice] ?? '';
		if (value !== undefined && agrees(correspondence, own, value) && !names.includes(correspondence.notice)) names.push(correspondence.notice);
	}
	return names;
}

/** "payment_risk "Smart=0.0" there, "Smart=85.0" here": the signed fields where a record and the notification differ. */
export function differences(source: ConfirmationSource, request: ConfirmRequest, record: IDataObject): string {
	const parts: string[] = [];
	for (const correspondence of source.fields) {
		if (correspondence.unsigned) continue;
		const value = answered(record, correspondence.answer);
		const own = request.fields[correspondence.notice] ?? '';
		if (value !== undefined && !agrees(correspondence, own, value)) parts.push(`${correspondence.answer} ${forLog(value)} (the notification's ${correspondence.notice}: ${forLog(own)})`);
	}
	return parts.join(', ');
}

/** How a cut other than the notification's differs from it: "push_id "…" and push_status "1"". */
export function describeCut(request: ConfirmRequest, cut: Split): string {
	const own = ownSplit(request);
	return Object.keys(cut)
		.filter((name) => cut[name] !== own[name])
		.map((name) => `${name} ${forLog(cut[name])}`)
		.join(', ');
}
