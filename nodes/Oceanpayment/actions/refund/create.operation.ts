import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { compareDecimals, currencyDecimals, DECIMALS_WITHOUT_CURRENCY, exactAmountText, parseDecimal, subtractDecimals } from '../../helpers/amounts';
import { executionMemory, merchantOf, type ExecutionMemory, type SentRefund } from '../../helpers/executionMemory';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { identifyPayment, identifyPaymentFields } from '../../helpers/identifyPayment';
import type { ItemParameters } from '../../helpers/parameters';
import type { OperationOutput } from '../../helpers/output';
import { REFUND_FIELDS, simplifyRefund, withoutEnvelope } from '../../helpers/simplify';
import { allowAgentField, writeOptions } from '../common.descriptions';
import { checkExistingRefund } from './existingRefund';
import { matchExistingRefund, matchSentRefund, stopOnFailedRefund } from './match';
import { refundableOf } from './refundable';

const OPERATION = 'Refund › Create';

export const movesMoney = OPERATION;

const properties: INodeProperties[] = [
	allowAgentField,
	...identifyPaymentFields('refund'),
	{
		displayName: 'Refund Type',
		name: 'refundType',
		type: 'options',
		options: [
			{ name: 'Full', value: '1', description: 'Refund the whole remaining amount' },
			{ name: 'Partial', value: '2', description: 'Refund part of the payment' },
			{
				name: 'Full or Partial by Amount',
				value: 'byAmount',
				description:
					"Full when the amount is what is still refundable (the paid or captured amount less the refunds listed), partial when it is less (needs Identify Payment By: Order Number, which reads the payment)",
			},
		],
		default: '1',
		description: 'Whether to refund the whole payment or part of it',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 10.50',
		description:
			"Amount to refund in the payment currency, with no more decimals than the currency has (JPY none, USD 2, BHD 3; up to 2 when the payment is given by ID, as the node then does not know its currency). For a full refund, the amount still refundable.",
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Product damaged',
		description:
			'Reason for the refund, shown in the Oceanpayment dashboard, up to 255 characters (a limit this node chose: Oceanpayment does not document one). Avoid the characters &lt; &gt; \' ".',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Refund Number',
				name: 'refundNumber',
				type: 'string',
				default: '',
				description:
					'Your own unique ID for this refund, e.g. the Shopify refund ID (up to 50 characters, a limit this node chose). Needed to skip refunds that already exist.',
			},
			{
				displayName: 'Refund Reference',
				name: 'refundReference',
				type: 'string',
				default: '',
				description: 'Free reference stored with the refund. Up to 100 characters (a limit this node chose: Oceanpayment does not document one).',
			},
			{
				displayName: 'Skip If This Refund Number Already Exists',
				name: 'skipExisting',
				type: 'boolean',
				default: true,
				description:
					'Whether to look the Refund Number up first and return the existing refund instead of refunding twice (e.g. when a run is repeated after a timeout). A refund is sent only when the gateway answers as it does for a refund number that cannot exist and that answer says "not found"; any other answer stops the item. Within one execution a Refund Number is never sent twice, whatever this option says.',
			},
			{
				displayName: 'No-Such-Refund Codes',
				name: 'notFoundCodes',
				type: 'string',
				default: '',
				description:
					'Leave empty to let the node learn how your gateway says "no such refund" (the same answer as for a refund number that cannot exist, and one that says "not found"). List a result code here, separated by commas, only if Oceanpayment confirms it means that no refund has the number. A refusal (signature, account, IP, busy) never counts as "no such refund", whatever is listed.',
			},
			...writeOptions,
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return stable camelCase fields instead of the raw gateway fields',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['create'] } }, properties);

export const output: OperationOutput = {
	title: 'The refund sent now, or the one found under the same Refund Number',
	fields: {
		...REFUND_FIELDS,
		alreadyExisted: { type: 'boolean', description: 'Whether a refund with this Refund Number existed already (then none was sent now)' },
		matchedOn: {
			type: 'array',
			items: 'string',
			optional: true,
			description: 'When the refund existed already: the fields it was matched on (refundNumber, and paymentId, amount, currency where the answer carried them)',
		},
		created: { type: 'boolean', description: 'Whether a refund was sent now' },
		code: { type: 'string', optional: true, description: "The gateway's result code (only when a refund was sent now)" },
		message: { type: 'string', optional: true, description: "The gateway's result text (only when a refund was sent now)" },
		identifiedBy: { type: 'string', description: 'paymentId or orderNumber: how the payment was identified' },
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
 * Submits a refund. Never retried: a refund whose answer was lost may have been made. With a
 * Refund Number, a number already sent in this execution is never sent again, and an earlier
 * refund under that number is found first (see existingRefund.ts): the same refund is returned
 * instead of refunding again; another payment or amount stops the item.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	const thisRun: { memory?: ExecutionMemory } = {};
	// The memory belongs to the merchant account, whichever n8n credential record names it.
	const merchant = merchantOf(await this.getCredentials('oceanpaymentApi'));
	return await forEachItem(this, items, run, async (parameters) => {
		// Every input is checked before the first call, the payment lookup included.
		const chosenType = parameters.choice('refundType', 'Refund Type', ['1', '2', 'byAmount'], '1');
		const amountAsGiven = parameters.amount('amount', 'Amount', { required: true, maxDecimals: Infinity });
		const reason = parameters.text('description', 'Description', { required: true, maxLength: 255, guessedLimit: true });
		const refundNumber = parameters.id('options.refundNumber', 'Refund Number', { maxLength: 50, guessedLimit: true });
		const refundReference = parameters.text('options.refundReference', 'Refund Reference', { maxLength: 100, guessedLimit: true });
		const skipExisting = parameters.flag('options.skipExisting', 'Skip If This Refund Number Already Exists', true);
		const notFoundCodes = parameters.list('options.notFoundCodes', 'No-Such-Refund Codes', { maxLength: 10, fallback: '' });
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const request = requestOptionsFrom(parameters, OPERATION);
		const identifyBy = parameters.choice('identifyBy', 'Identify Payment By', ['paymentId', 'orderNumber'], 'paymentId');
		if (chosenType === 'byAmount' && identifyBy !== 'orderNumber') {
			throw parameters.fail('Refund Type', '"Full or Partial by Amount" needs the payment\'s amount, which only Identify Payment By › Order Number reads', 'Choose Full or Partial, or identify the payment by its order number.');
		}
		// Without a currency to read (a payment given by ID), the amount is checked before any call.
		const amountByPaymentId = identifyBy === 'paymentId' ? refundAmount(parameters, amountAsGiven, '') : undefined;
		const payment = await identifyPayment.call(this, parameters, 'refund', OPERATION);
		const used = { paymentId: payment.paymentId, identifiedBy: payment.identifiedBy };
		const currency = currencyOf(payment.record);
		const amount = amountByPaymentId ?? refundAmount(parameters, amountAsGiven, currency);

		const shape = (record: IDataObject, extra: IDataObject): IDataObject =>
			simplify ? { ...simplifyRefund(record, run.gatewayZone), ...extra } : { ...withoutEnvelope(record), ...extra };

		const memory = refundNumber ? executionMemory(this, merchant, thisRun) : undefined;
		const wanted = { refundNumber, paymentId: payment.paymentId, amount, currency: currency || undefined };
		if (memory) {
			const sent = memory.sentRefunds.get(refundNumber);
			if (sent) return shape(matchSentRefund(this, parameters, sent, wanted), { alreadyExisted: true, created: false, matchedOn: ['refundNumber', 'paymentId', 'amount'], ...used });
			if (skipExisting) {
				const check = await checkExistingRefund.call(this, parameters, refundNumber, notFoundCodes, request, memory);
				if (check.found) {
					const matchedOn = matchExistingRefund(this, parameters, check.found, wanted);
					stopOnFailedRefund(this, parameters, check.found, wanted);
					return shape(check.found, { alreadyExisted: true, created: false, matchedOn, ...used });
				}
			}
		}

		// Only for a refund to send: a repeat of a full refund has nothing left to refund, and is found above.
		const refundType = chosenType === 'byAmount' ? typeByAmount(parameters, amount, payment.record) : chosenType;
		// Remembered before it is sent: whatever happens, this execution never sends the number again
		// (until the gateway's answer says otherwise, the outcome is unknown).
		const sending: SentRefund | undefined = refundNumber ? { itemIndex: parameters.itemIndex ?? 0, paymentId: payment.paymentId, amount, outcome: 'unknown' } : undefined;
		if (sending) memory?.sentRefunds.set(refundNumber, sending);
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
		if (sending) Object.assign(sending, { outcome: 'made', record });
		return shape(record, { alreadyExisted: false, created: true, code: reply.outcome.code, message: reply.outcome.message, ...used });
	});
}
