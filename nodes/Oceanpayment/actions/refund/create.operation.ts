import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { compareDecimals, currencyDecimals, decimalsNeeded, DECIMALS_WITHOUT_CURRENCY, exactAmountText, formatDecimal, parseDecimal, subtractDecimals } from '../../helpers/amounts';
import { executionMemory, merchantOf, type ExecutionMemory, type SentRefund } from '../../helpers/executionMemory';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { addHints, listed } from '../../helpers/hints';
import { queryOrderStatus } from '../../helpers/orderStatus';
import { paymentRecordById } from '../../helpers/paymentById';
import { identifyPaymentAndTerminal } from '../../helpers/paymentTerminal';
import { TERMINAL_FIELDS, onTerminal, withTerminal } from '../../helpers/terminalChoice';
import type { ItemParameters } from '../../helpers/parameters';
import type { OperationOutput } from '../../helpers/output';
import { REFUSAL_CODES, refusalName } from '../../helpers/refundAnswers';
import { REFUND_FIELDS, simplifyRefund, withoutEnvelope } from '../../helpers/simplify';
import { checkExistingRefund } from './existingRefund';
import { matchExistingRefund, matchSentRefund, stopOnFailedRefund, type Wanted } from './match';
import { listedRefundsOf, refundableOf } from './refundable';

const OPERATION = 'Refund › Create';

export const movesMoney = OPERATION;

export { description } from './create.description';

export const output: OperationOutput = {
	title: 'The refund sent now, or the one found under the same Refund Number: the same fields either way',
	fields: {
		...REFUND_FIELDS,
		...TERMINAL_FIELDS,
		alreadyExisted: { type: 'boolean', description: 'Whether a refund with this Refund Number existed already (then none was sent now)' },
		matchedOn: {
			type: 'array',
			items: 'string',
			description: 'When the refund existed already: the fields it was matched on (refundNumber, and paymentId, orderNumber, amount, refundType, currency where the answer carried them); [] when it was sent now',
		},
		created: { type: 'boolean', description: 'Whether a refund was sent now' },
		code: { type: 'string', description: "The gateway's result code of the call that returned the refund (the refund, or the check that found it)" },
		message: {
			type: 'string',
			description: "Version 2: what happened, in words (sent now, or found and nothing refunded). Version 1: the gateway's result text",
		},
		identifiedBy: { type: 'string', description: 'paymentId or orderNumber: how the payment was identified' },
		amountFromRefundable: {
			type: 'boolean',
			description: 'Whether the amount is what the node read as still refundable on the payment (a Full refund with Amount left empty, version 2)',
		},
	},
};

/** The payment's currency as the status query read it ('' when the payment was given by ID). */
const currencyOf = (payment: IDataObject | undefined): string => String(payment?.order_currency ?? '').trim().toUpperCase();

/**
 * The amount as the gateway gets it: exact in the currency's minor units (decimals from ICU). An
 * amount needing more decimals than the currency has is refused before any refund call. Without
 * a currency the node knows (a payment given by ID), at most 2 decimals, as Oceanpayment's
 * examples use; the gateway has the last word.
 */
function refundAmount(parameters: ItemParameters, amount: string, currency: string): string {
	const decimals = currencyDecimals(currency);
	const exact = exactAmountText(amount, decimals ?? DECIMALS_WITHOUT_CURRENCY);
	if (exact !== undefined) return exact;
	if (decimals !== undefined) {
		throw parameters.fail('Amount', `${amount} has more decimals than ${currency} allows (${decimals === 0 ? 'none' : decimals})`, `Round the amount to ${decimals === 0 ? 'whole' : `${decimals}-decimal`} ${currency}. Nothing was sent.`);
	}
	throw parameters.fail(
		'Amount',
		`"${amount}" is not an amount with at most ${DECIMALS_WITHOUT_CURRENCY} decimals, the most the node allows when it does not know the payment's currency${currency ? ` (${currency} is not a currency it knows)` : ''}`,
		'Use at most 2 decimals, or identify the payment by Order Number so that the node reads its currency (BHD, KWD and OMR have 3 decimals).',
	);
}

/**
 * Full ('1') when the amount is what is still refundable on the payment, partial ('2') when it is
 * less. With refunds listed whose outcome is unknown (pending, no status), only an amount below
 * the least that can be left is partial for sure; anything else stops (a full refund sent for
 * less than is refundable might refund the whole remainder).
 */
function typeByAmount(parameters: ItemParameters, amount: string, payment: IDataObject | undefined): '1' | '2' {
	const refundable = refundableOf(payment ?? {});
	if ('problem' in refundable) {
		throw parameters.fail('Refund Type', `"Full or Partial by Amount" cannot tell full from partial: ${refundable.problem}`, 'Nothing was sent. Choose Full or Partial.');
	}
	const asked = parseDecimal(amount) ?? { units: BigInt(0), scale: 0 };
	if (compareDecimals(asked, refundable.remaining) > 0) throw parameters.fail('Amount', `${amount} is more than the ${refundable.shown} still refundable on the payment`, 'Nothing was sent.');
	const least = subtractDecimals(refundable.remaining, refundable.unsure);
	if (compareDecimals(asked, least) < 0) return '2';
	if (compareDecimals(refundable.unsure, { units: BigInt(0), scale: 0 }) === 0) return '1';
	throw parameters.fail(
		'Refund Type',
		`"Full or Partial by Amount" cannot tell full from partial: the payment lists refunds whose outcome the node cannot read (pending or without a status), so ${refundable.shown} is still refundable and ${amount} may be all of it or part of it`,
		'Nothing was sent. Choose Full or Partial, or run this again once the earlier refunds are final.',
	);
}

/**
 * For a Full refund with no Amount (version 2): what is still refundable on the payment, exact in
 * its currency. Anything unclear (unreadable lists, refunds whose outcome is not known yet,
 * nothing left) stops the item: a guessed amount never reaches the gateway.
 */
function remainingAmount(parameters: ItemParameters, payment: IDataObject): string {
	const refundable = refundableOf(payment);
	const fix = 'Nothing was sent. Give the Amount to refund.';
	if ('problem' in refundable) throw parameters.fail('Amount', `is empty and what is still refundable is unknown: ${refundable.problem}`, fix);
	if (compareDecimals(refundable.unsure, { units: BigInt(0), scale: 0 }) !== 0) {
		throw parameters.fail('Amount', `is empty and the payment lists refunds whose outcome the node cannot read yet (pending or without a status), so ${refundable.shown} may still be refundable`, `${fix} Or run this again once the earlier refunds are final.`);
	}
	if (compareDecimals(refundable.remaining, { units: BigInt(0), scale: 0 }) <= 0) {
		throw parameters.fail('Amount', 'is empty and nothing is left to refund on the payment (its refunds already cover it)', 'Nothing was sent.');
	}
	// The same rule as for a given Amount: exact in the currency's minor units, or nothing is sent.
	const currency = currencyOf(payment);
	const decimals = currencyDecimals(currency);
	const allowed = decimals ?? DECIMALS_WITHOUT_CURRENCY;
	if (decimalsNeeded(refundable.remaining) > allowed) {
		const shown = `${formatDecimal(refundable.remaining)}${currency ? ` ${currency}` : ''}`;
		throw parameters.fail(
			'Amount',
			`is empty and what is still refundable, ${shown}, has more decimals than ${
				decimals === undefined ? `the node allows when it does not know the currency (${DECIMALS_WITHOUT_CURRENCY}${currency ? `; ${currency} is not a currency it knows` : ''})` : `${currency} allows (${decimals === 0 ? 'none' : decimals})`
			}, so it cannot be sent exactly`,
			`${fix} Check the payment's amount and refunds in the Oceanpayment dashboard.`,
		);
	}
	return formatDecimal(refundable.remaining, allowed);
}

/**
 * What is still refundable is read from the status answer, which may lag behind the refunds this
 * execution has just sent for the payment (a gateway or proxy that caches). Each of them must be
 * listed (by refund ID, or by refund number when its answer was lost); otherwise the remainder
 * is out of date and the item stops: a full refund from it could refund twice.
 */
function stopOnStaleStatus(parameters: ItemParameters, payment: IDataObject, earlier: SentRefund[], field: string): void {
	if (earlier.length === 0) return;
	const listed = listedRefundsOf(payment) ?? [];
	const ids = new Set(listed.map((entry) => String(entry.refund_id ?? '').trim()).filter((id) => id !== ''));
	const numbers = new Set(listed.map((entry) => String(entry.refund_number ?? '').trim()).filter((number) => number !== ''));
	for (const sent of earlier) {
		const refundId = String(sent.record?.refund_id ?? '').trim();
		if ((refundId !== '' && ids.has(refundId)) || (sent.refundNumber !== '' && numbers.has(sent.refundNumber))) continue;
		const which = [refundId ? `refund ${refundId}` : '', sent.refundNumber ? `refund number "${sent.refundNumber}"` : ''].filter(Boolean).join(', ') || `a refund of ${sent.amount}`;
		throw parameters.fail(
			field,
			`item ${sent.itemIndex} of this execution ${sent.outcome === 'made' ? 'refunded' : 'sent a refund of'} payment ${sent.paymentId} (${which}${sent.outcome === 'made' ? '' : ', outcome unknown'}), and the status answer does not list it, so what it says is still refundable is out of date`,
			`Nothing was sent. Give the Amount (and choose Full or Partial), or run this again once Order › Get Status lists the refund.`,
		);
	}
}

/**
 * The order an existing refund belongs to, when the answer names an order but no payment and the
 * node does not know the order of the payment (given by ID): the status query of that order
 * says whether it holds the payment. Undefined when there is nothing to confirm; an order that
 * does not hold the payment stops the item (the refund is another payment's).
 */
async function confirmedOrder(this: IExecuteFunctions, parameters: ItemParameters, record: IDataObject, paymentId: string, request: ReturnType<typeof requestOptionsFrom>): Promise<string | undefined> {
	const orderNumber = String(record.order_number ?? '').trim();
	if (orderNumber === '' || String(record.payment_id ?? '').trim() !== '') return undefined;
	const answer = (await queryOrderStatus.call(this, [orderNumber], { ...request, operation: `${OPERATION} (look up order ${orderNumber} of the refund found)` })).get(orderNumber);
	if (answer?.payments.some((payment) => String(payment.payment_id ?? '').trim() === paymentId)) return orderNumber;
	throw parameters.fail(
		'Refund Number',
		`"${String(record.refund_number ?? '').trim()}" already belongs to refund ${String(record.refund_id ?? '').trim()} of order "${orderNumber}", whose payments (as Order › Get Status lists them) do not include payment ${paymentId}`,
		'Nothing was sent. Give each refund its own refund number, e.g. built from the Shopify refund ID.',
		[String(record.refund_id ?? ''), paymentId],
	);
}

const resultCodeOf = (record: IDataObject): string => String(record.refund_results ?? record.results ?? '').trim();

/**
 * Submits a refund. Never retried: a refund whose answer was lost may have been made. With a
 * Refund Number, a number already sent in this execution is never sent again, and an earlier
 * refund under that number is found first (see existingRefund.ts): the same refund is returned
 * instead of refunding again; another payment or amount stops the item.
 * Version 2 reads the Refund Number from its own field, defaults to Order Number, refunds what is
 * still refundable when a Full refund has no Amount, and reads a payment given by ID when it
 * needs its amounts. The safety rules are the same in both versions.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const thisRun: { memory?: ExecutionMemory } = {};
	const v2 = this.getNode().typeVersion >= 2;
	// The memory belongs to the merchant account, whichever n8n credential record names it.
	const merchant = merchantOf(await this.getCredentials('oceanpaymentApi'));
	const existed: string[] = [];
	const remainders: string[] = [];
	const output = await forEachItem(this, items, run, async (parameters) => {
		// Every input is checked before the first call, the payment lookup included.
		const chosenType = parameters.choice('refundType', 'Refund Type', ['1', '2', 'byAmount'], '1');
		const amountAsGiven = parameters.amount('amount', 'Amount', { required: !(v2 && chosenType === '1'), maxDecimals: Infinity });
		if (v2 && chosenType === '1' && amountAsGiven === '') refuseMissingAmount(parameters);
		const fromRefundable = v2 && chosenType === '1' && amountAsGiven === '';
		const reason = parameters.text('description', 'Description', { required: true, maxLength: 255, guessedLimit: true });
		const refundNumber = parameters.id(v2 ? 'refundNumber' : 'options.refundNumber', 'Refund Number', { maxLength: 50, guessedLimit: true });
		const refundReference = parameters.text('options.refundReference', 'Refund Reference', { maxLength: 100, guessedLimit: true });
		const skipExisting = parameters.flag('options.skipExisting', v2 ? 'Return Existing Refund' : 'Skip If This Refund Number Already Exists', true);
		const notFoundCodes = checkNotFoundCodes(parameters, parameters.list('options.notFoundCodes', 'No-Such-Refund Codes', { maxLength: 10, fallback: '' }));
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const anyTerminal = requestOptionsFrom(parameters, OPERATION);
		const identifyBy = parameters.choice('identifyBy', 'Identify Payment By', ['paymentId', 'orderNumber'], v2 ? 'orderNumber' : 'paymentId');
		if (!v2 && chosenType === 'byAmount' && identifyBy !== 'orderNumber') {
			throw parameters.fail('Refund Type', '"Full or Partial by Amount" needs the payment\'s amount, which only Identify Payment By › Order Number reads', 'Choose Full or Partial, or identify the payment by its order number.');
		}
		// Without a currency to read (a payment given by ID and not read), the amount is checked before any call.
		const readsPayment = identifyBy === 'orderNumber' || chosenType === 'byAmount' || fromRefundable;
		const amountByPaymentId = !readsPayment && identifyBy === 'paymentId' ? refundAmount(parameters, amountAsGiven, '') : undefined;
		// The payment's terminal (issue 29): every later call of this item goes to it.
		const { payment, terminal } = await identifyPaymentAndTerminal.call(this, parameters, 'refund', OPERATION, run);
		const request = onTerminal(anyTerminal, terminal);
		if (readsPayment && !payment.record) payment.record = await paymentRecordById.call(this, parameters, payment.paymentId, OPERATION, run, terminal);
		const used = { paymentId: payment.paymentId, identifiedBy: payment.identifiedBy };
		const currency = currencyOf(payment.record);
		const givenAmount = fromRefundable ? undefined : (amountByPaymentId ?? refundAmount(parameters, amountAsGiven, currency));

		const shape = (record: IDataObject, extra: IDataObject): IDataObject =>
			withTerminal(simplify ? { ...simplifyRefund(record, run.gatewayZone), ...extra } : { ...withoutEnvelope(record), ...extra }, terminal, run.terminals);
		const found = (record: IDataObject, matchedOn: string[]): IDataObject => {
			existed.push(refundNumber);
			const refundId = String(record.refund_id ?? '').trim();
			const message = v2 ? `Refund ${refundNumber} already existed${refundId ? ` (refund ${refundId})` : ''}: nothing was refunded` : String(record.refund_description || record.details || 'Success');
			return shape(record, { alreadyExisted: true, created: false, matchedOn, code: resultCodeOf(record), message, ...used, amountFromRefundable: fromRefundable });
		};

		const execution = executionMemory(this, merchant, thisRun);
		const memory = refundNumber ? execution : undefined;
		const knownOrder = payment.orderNumber || String(payment.record?.order_number ?? '').trim();
		const wanted: Wanted = {
			refundNumber,
			paymentId: payment.paymentId,
			amount: givenAmount,
			currency: currency || undefined,
			fullWithoutAmount: fromRefundable,
			orderNumber: knownOrder || undefined,
			refundType: chosenType === 'byAmount' ? undefined : chosenType,
		};
		if (memory) {
			const sent = memory.sentRefunds.get(refundNumber);
			if (sent) {
				const record = matchSentRefund(this, parameters, sent, wanted);
				return found(record, ['refundNumber', 'paymentId', ...(givenAmount === undefined ? [] : ['amount']), ...(wanted.fullWithoutAmount || wanted.refundType ? ['refundType'] : [])]);
			}
			if (skipExisting) {
				const check = await checkExistingRefund.call(this, parameters, refundNumber, notFoundCodes, request, memory);
				if (check.found) {
					wanted.orderNumber ??= await confirmedOrder.call(this, parameters, check.found, payment.paymentId, request);
					const matchedOn = matchExistingRefund(this, parameters, check.found, wanted);
					stopOnFailedRefund(this, parameters, check.found, wanted);
					return found(check.found, matchedOn);
				}
			}
		}

		// Only for a refund to send: a repeat of a full refund has nothing left to refund, and is found above.
		const earlier = execution.refundsByPayment.get(payment.paymentId) ?? [];
		if (givenAmount === undefined || chosenType === 'byAmount') stopOnStaleStatus(parameters, payment.record ?? {}, earlier, fromRefundable ? 'Amount' : 'Refund Type');
		const amount = givenAmount ?? remainingAmount(parameters, payment.record ?? {});
		const refundType = chosenType === 'byAmount' ? typeByAmount(parameters, amount, payment.record) : chosenType;
		// Remembered before it is sent: whatever happens, this execution never sends the number again
		// (until the gateway's answer says otherwise, the outcome is unknown), and the payment's
		// later items know that a status answer without it is out of date.
		const sending: SentRefund = { itemIndex: parameters.itemIndex ?? 0, paymentId: payment.paymentId, amount, refundNumber, refundType, outcome: 'unknown' };
		if (refundNumber) memory?.sentRefunds.set(refundNumber, sending);
		execution.refundsByPayment.set(payment.paymentId, [...earlier, sending]);
		const reply = await oceanpaymentApiRequest.call(
			this,
			'refund',
			{
				payment_id: payment.paymentId,
				refund_number: refundNumber,
				refund_type: refundType,
				refund_amount: amount,
				refund_description: reason,
				refund_reference: refundReference,
			},
			request,
		);
		const record = { refund_number: refundNumber, refund_type: refundType, refund_amount: amount, payment_id: payment.paymentId, ...reply.data };
		Object.assign(sending, { outcome: 'made', record });
		const shown = `${amount}${currency ? ` ${currency}` : ''}`;
		if (fromRefundable) remainders.push(`${refundNumber ? `Refund ${refundNumber}` : `The refund of payment ${payment.paymentId}`} refunded ${shown}, what was still refundable (Amount was empty)`);
		const message = v2
			? `Refund${refundNumber ? ` ${refundNumber}` : ''} sent: ${shown} of payment ${payment.paymentId}${fromRefundable ? ', what was still refundable' : ''}`
			: reply.outcome.message;
		return shape(record, { alreadyExisted: false, created: true, matchedOn: [], code: reply.outcome.code, message, ...used, amountFromRefundable: fromRefundable });
	});
	addHints(this, existed.length === 1 ? [`Refund ${existed[0]} already existed: nothing was refunded`] : existed.length > 1 ? [`${existed.length} refunds already existed: nothing was refunded for ${listed(existed)}`] : []);
	addHints(this, remainders);
	return output;
}

/**
 * Version 2, Full: an empty Amount refunds what is still refundable. An Amount whose expression
 * resolves to nothing (null, undefined: a missing or misnamed field, an item of another shape) is
 * a mapping mistake, not that choice: the item stops. Left empty, or an expression giving empty
 * text on purpose (e.g. {{ $json.amount ?? '' }}), it is the choice.
 */
function refuseMissingAmount(parameters: ItemParameters): void {
	const value = parameters.raw('amount', '');
	if (value !== null && value !== undefined) return;
	throw parameters.fail(
		'Amount',
		`its expression resolved to ${value === null ? 'null' : 'nothing (undefined: a missing field?)'}, so the amount to refund is unknown`,
		"Nothing was sent. Map a field that holds the amount; to refund what is still refundable, leave Amount empty (or make the expression give empty text, e.g. {{ $json.amount ?? '' }}).",
	);
}

/**
 * The No-Such-Refund Codes, refused when the package's code table knows one as a refusal
 * (signature, account, parameters, IP, busy): listing it would make a refusal mean "no refund
 * exists", and a rerun would refund again.
 */
function checkNotFoundCodes(parameters: ItemParameters, codes: string[]): string[] {
	const refusal = codes.find((code) => REFUSAL_CODES.includes(code));
	if (refusal) {
		throw parameters.fail(
			'No-Such-Refund Codes',
			`code ${refusal} is how the gateway refuses a request (${refusalName(refusal)}), not how it says that no refund has the number`,
			'Remove it from the option: a refusal must stop the refund, never let it through. Nothing was sent.',
		);
	}
	return codes;
}
