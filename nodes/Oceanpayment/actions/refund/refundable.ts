import type { IDataObject } from 'n8n-workflow';

import { addDecimals, currencyDecimals, formatDecimal, parseDecimal, subtractDecimals, type Decimal } from '../../helpers/amounts';

/**
 * What is still refundable on a payment, read from its status-query record: the paid amount (for
 * a pre-authorization the captured amount) minus the refunds the record lists. The structure of
 * `refundList` and `transactionList` is UNKNOWN (API notes §3.1), so they are read defensively:
 * lists of records whose amount field is readable, in the payment's currency. Whatever cannot be
 * read is a reason, never a guess.
 */

export type Refundable = { remaining: Decimal; shown: string } | { problem: string };

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

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

/** The amount of each entry (the first of `amountFields` it has), all in `currency`; undefined when one cannot be read. */
function sumOf(entries: IDataObject[], amountFields: string[], currencyFields: string[], currency: string): Decimal | undefined {
	let sum: Decimal = { units: BigInt(0), scale: 0 };
	for (const entry of entries) {
		const amount = parseDecimal(amountFields.map((name) => text(entry[name])).find((value) => value !== '') ?? '');
		const entryCurrency = currencyFields.map((name) => text(entry[name])).find((value) => value !== '') ?? '';
		if (!amount || (entryCurrency !== '' && entryCurrency.toUpperCase() !== currency)) return undefined;
		sum = addDecimals(sum, amount);
	}
	return sum;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value !== 'object' && text(value) === '');

export function refundableOf(payment: IDataObject): Refundable {
	const currency = text(payment.order_currency).toUpperCase();
	const paid = parseDecimal(payment.order_amount);
	if (!paid) return { problem: `the payment's amount ("${text(payment.order_amount)}") could not be read` };

	let base = paid;
	const authStatus = text(payment.auth_status);
	if (authStatus !== '' && authStatus !== '0') {
		// A pre-authorization: only what was captured can be refunded.
		const transactions = isEmpty(payment.transactionList) ? [] : entriesOf(payment.transactionList);
		const captures = transactions?.filter((entry) => /capture/i.test(text(entry.transaction_type ?? entry.type)));
		const captured = captures && captures.length > 0 ? sumOf(captures, ['transaction_amount', 'amount'], ['transaction_currency', 'currency'], currency) : undefined;
		if (!captured) {
			return {
				problem: `the payment is a pre-authorization (auth_status ${authStatus}) and the status answer shows no captured amount the node can read, so what is refundable is unknown`,
			};
		}
		base = captured;
	}

	let refunded: Decimal = { units: BigInt(0), scale: 0 };
	const refundStatus = text(payment.refund_status);
	if (isEmpty(payment.refundList)) {
		if (refundStatus !== '' && refundStatus !== '0') {
			return { problem: `the payment's refund_status is ${refundStatus}, but the status answer lists no refunds the node can read` };
		}
	} else {
		const refunds = entriesOf(payment.refundList);
		const sum = refunds && refunds.length > 0 ? sumOf(refunds, ['refund_amount', 'amount'], ['refund_currency', 'currency'], currency) : undefined;
		if (!sum) return { problem: 'the refunds the status answer lists (refundList) could not be read' };
		refunded = sum;
	}
	const remaining = subtractDecimals(base, refunded);
	return { remaining, shown: `${formatDecimal(remaining, currencyDecimals(currency) ?? 0)} ${currency}`.trim() };
}
