import type { IDataObject } from 'n8n-workflow';

import { addDecimals, compareDecimals, currencyDecimals, formatDecimal, parseDecimal, subtractDecimals, type Decimal } from '../../helpers/amounts';

/**
 * What is still refundable on a payment, read from its status-query record: the paid amount (for
 * a pre-authorization the captured amount) minus the refunds the record lists. The structure of
 * `refundList` and `transactionList` is UNKNOWN (API notes §3.1), so they are read defensively:
 * lists of records whose amount field is readable, in the payment's currency. Whatever cannot be
 * read is a reason, never a guess.
 */

/**
 * `remaining`: the paid or captured amount less the refunds that succeeded; `unsure`: the sum of
 * the refunds listed whose outcome is not known (pending, no status, a status the node does not
 * know). What is refundable lies between `remaining - unsure` and `remaining`.
 */
export type Refundable = { remaining: Decimal; unsure: Decimal; shown: string } | { problem: string };

/** What became of a refund, from its `refund_status`. */
export type RefundOutcome = 'succeeded' | 'failed' | 'unknown';

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
const ZERO: Decimal = { units: BigInt(0), scale: 0 };

/**
 * A refund's `refund_status`: `1` succeeded and `0` failed, as the refund notification's
 * `push_status` says (API notes §5.1; for refund_status INFERRED), or a word that says exactly
 * that. Anything else (empty, pending, an unknown code, or a phrase that merely contains a word
 * such as "Pending cancellation", "not failed", "failed_retrying") is unknown: a refund read as
 * failed is left out of what was refunded, so only an exact failure may be read that way.
 */
const SUCCEEDED_WORDS = /^(success|successful|succeeded|refunded|成功|已退款|退款成功)$/i;
const FAILED_WORDS = /^(fail|failed|failure|rejected|refused|declined|cancelled|canceled|失败|退款失败|已拒绝|拒绝|已取消|取消|已驳回|驳回)$/i;

export function refundOutcomeOf(status: unknown): RefundOutcome {
	const value = text(status);
	if (value === '1' || SUCCEEDED_WORDS.test(value)) return 'succeeded';
	if (value === '0' || FAILED_WORDS.test(value)) return 'failed';
	return 'unknown';
}

/** The records of a list element: `<list><entry>…</entry><entry>…</entry></list>` in any naming. */
function entriesOf(list: unknown): IDataObject[] | undefined {
	if (typeof list !== 'object' || list === null || Array.isArray(list)) return undefined;
	const entries: IDataObject[] = [];
	for (const value of Object.values(list as IDataObject)) {
		const values = Array.isArray(value) ? value : [value];
		for (const entry of values) {
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
			entries.push(entry as IDataObject);
		}
	}
	return entries;
}

/** The refunds a status record lists (empty when it lists none); undefined when the list cannot be read. */
export function listedRefundsOf(payment: IDataObject): IDataObject[] | undefined {
	return isEmpty(payment.refundList) ? [] : entriesOf(payment.refundList);
}

const first = (entry: IDataObject, names: string[]) => names.map((name) => text(entry[name])).find((value) => value !== '') ?? '';

/** The amount of each entry (the first of `amountFields` it has), all in `currency`; undefined when one cannot be read. */
function sumOf(entries: IDataObject[], amountFields: string[], currencyFields: string[], currency: string): Decimal | undefined {
	let sum = ZERO;
	for (const entry of entries) {
		const amount = parseDecimal(first(entry, amountFields));
		const entryCurrency = first(entry, currencyFields);
		if (!amount || (entryCurrency !== '' && entryCurrency.toUpperCase() !== currency)) return undefined;
		sum = addDecimals(sum, amount);
	}
	return sum;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value !== 'object' && text(value) === '');

/** A capture, by its type: `capture` or `captured` exactly (not "capture_failed", not "uncaptured"). */
const isCapture = (entry: IDataObject) => /^(capture|captured)$/i.test(first(entry, ['transaction_type', 'type']));

export function refundableOf(payment: IDataObject): Refundable {
	const currency = text(payment.order_currency).toUpperCase();
	const paid = parseDecimal(payment.order_amount);
	if (!paid) return { problem: `the payment's amount ("${text(payment.order_amount)}") could not be read` };

	let base = paid;
	const authStatus = text(payment.auth_status);
	if (authStatus !== '' && authStatus !== '0') {
		// A pre-authorization: only what was captured can be refunded; a failed capture does not count.
		const transactions = isEmpty(payment.transactionList) ? [] : entriesOf(payment.transactionList);
		// A capture whose status says neither success nor failure (pending, an unknown word) is unclear.
		const unclear = transactions?.find((entry) => isCapture(entry) && first(entry, ['transaction_status', 'status']) !== '' && refundOutcomeOf(first(entry, ['transaction_status', 'status'])) === 'unknown');
		if (unclear) {
			return {
				problem: `the payment is a pre-authorization (auth_status ${authStatus}) with a capture whose status "${first(unclear, ['transaction_status', 'status'])}" the node cannot read, so what is refundable is unknown`,
			};
		}
		const captures = transactions?.filter((entry) => isCapture(entry) && refundOutcomeOf(first(entry, ['transaction_status', 'status'])) !== 'failed');
		const captured = captures && captures.length > 0 ? sumOf(captures, ['transaction_amount', 'amount'], ['transaction_currency', 'currency'], currency) : undefined;
		if (!captured) {
			return {
				problem: `the payment is a pre-authorization (auth_status ${authStatus}) and the status answer shows no captured amount the node can read, so what is refundable is unknown`,
			};
		}
		base = captured;
	}

	// Neither field: the answer does not say what was refunded (not "nothing").
	if (!('refund_status' in payment) && !('refundList' in payment)) {
		return { problem: 'the status answer carries neither refund_status nor refundList, so what was already refunded is unknown' };
	}
	let refunded = ZERO;
	let unsure = ZERO;
	const refundStatus = text(payment.refund_status);
	if (isEmpty(payment.refundList)) {
		if (refundStatus !== '0' && !(refundStatus === '' && 'refundList' in payment)) {
			return { problem: `the payment's refund_status is ${refundStatus || '(empty)'}, but the status answer lists no refunds the node can read` };
		}
	} else {
		const refunds = entriesOf(payment.refundList);
		if (!refunds || refunds.length === 0) return { problem: 'the refunds the status answer lists (refundList) could not be read' };
		// A failed refund (API notes §3.6: one pending review fails after 30 days) gave nothing back.
		const kept = refunds.filter((entry) => refundOutcomeOf(entry.refund_status) !== 'failed');
		const succeeded = sumOf(kept.filter((entry) => refundOutcomeOf(entry.refund_status) === 'succeeded'), ['refund_amount', 'amount'], ['refund_currency', 'currency'], currency);
		const other = sumOf(kept.filter((entry) => refundOutcomeOf(entry.refund_status) === 'unknown'), ['refund_amount', 'amount'], ['refund_currency', 'currency'], currency);
		if (!succeeded || !other) return { problem: 'the refunds the status answer lists (refundList) could not be read' };
		refunded = succeeded;
		unsure = other;
	}
	const remaining = subtractDecimals(base, refunded);
	const decimals = currencyDecimals(currency) ?? 0;
	const shown = compareDecimals(unsure, ZERO) === 0 ? formatDecimal(remaining, decimals) : `${formatDecimal(subtractDecimals(remaining, unsure), decimals)} to ${formatDecimal(remaining, decimals)}`;
	return { remaining, unsure, shown: `${shown} ${currency}`.trim() };
}
