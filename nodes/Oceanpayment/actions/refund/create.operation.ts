import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest, type RequestOptions } from '../../transport';
import { ENDPOINTS } from '../../transport/catalogue';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { identifyPayment, identifyPaymentFields } from '../../helpers/identifyPayment';
import type { ItemParameters } from '../../helpers/parameters';
import type { OperationOutput } from '../../helpers/output';
import { REFUND_FIELDS, simplifyRefund, withoutEnvelope } from '../../helpers/simplify';
import { allowAgentField, writeOptions } from '../common.descriptions';

const OPERATION = 'Refund › Create';

const DEFAULT_NOT_FOUND_CODES = (ENDPOINTS.refundQuery.notFoundCodes ?? []).join(',');

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
				description: "Full when the amount equals the payment's amount, partial when it is less (needs Identify Payment By: Order Number, which reads the payment's amount)",
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
		description: 'Amount to refund in the payment currency, up to 2 decimals. For a full refund, the amount still refundable.',
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
					'Whether to look the Refund Number up first and return the existing refund instead of refunding twice (e.g. when a run is repeated after a timeout). A refund is sent only when the gateway confirms that no refund has this number; any other answer stops the item.',
			},
			{
				displayName: 'No-Such-Refund Codes',
				name: 'notFoundCodes',
				type: 'string',
				default: DEFAULT_NOT_FOUND_CODES,
				description:
					'Result codes with which the refund query says that no refund has the Refund Number, separated by commas. Oceanpayment does not document them; Account › Self-Check shows what your gateway answers.',
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
		created: { type: 'boolean', description: 'Whether a refund was sent now' },
		code: { type: 'string', optional: true, description: "The gateway's result code (only when a refund was sent now)" },
		message: { type: 'string', optional: true, description: "The gateway's result text (only when a refund was sent now)" },
		identifiedBy: { type: 'string', description: 'paymentId or orderNumber: how the payment was identified' },
	},
};

/** Cents of a decimal amount given as text ("10", "10.5", "10.50"), for comparing amounts. */
const cents = (amount: unknown): number | undefined => {
	const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(amount ?? '').trim());
	return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : undefined;
};

/** Full ('1') when the amount is the payment's whole amount, partial ('2') when it is less. */
function typeByAmount(parameters: ItemParameters, amount: string, payment: IDataObject | undefined): '1' | '2' {
	const paid = cents(payment?.order_amount);
	if (paid === undefined) {
		throw parameters.fail('Refund Type', `the payment's amount ("${String(payment?.order_amount ?? '')}") could not be read, so full or partial cannot be decided`, 'Choose Full or Partial.');
	}
	const asked = cents(amount) ?? 0;
	if (asked > paid) {
		throw parameters.fail('Amount', `${amount} is more than the payment's amount ${String(payment?.order_amount)} ${String(payment?.order_currency ?? '')}`.trim(), 'Nothing was sent.');
	}
	return asked === paid ? '1' : '2';
}

/**
 * The refund already made under `refundNumber`, or undefined when the gateway confirms there is
 * none. Fails closed: any other answer (a busy or unknown code, a signature error, an HTTP or
 * network failure, an unreadable body) stops the item, and no refund is sent.
 */
async function existingRefund(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	refundNumber: string,
	notFoundCodes: string[],
	request: RequestOptions,
): Promise<IDataObject | undefined> {
	const check = `${OPERATION} (check for an existing refund)`;
	const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', { refund_number: refundNumber }, { ...request, operation: check, returnRejections: true });
	const stop = (problem: string, description: string) =>
		new NodeApiError(this.getNode(), { message: problem, code: reply.outcome.code }, { message: `${check}: ${problem}. No refund was sent`, description, itemIndex: parameters.itemIndex });
	if (reply.outcome.success) {
		if (String(reply.data.refund_id ?? '').trim() === '') {
			throw stop(`the gateway answered success (code ${reply.outcome.code}) without a refund ID`, 'The answer neither shows the refund nor says there is none. Look the refund number up with Refund › Get before you run this again.');
		}
		return reply.data;
	}
	if (notFoundCodes.includes(reply.outcome.code)) return undefined;
	throw stop(
		`the gateway answered code ${reply.outcome.code || '(none)'} ("${reply.outcome.message}"), which does not confirm that no refund has the number "${refundNumber}"`,
		`If this code is how your gateway says "no such refund", add it to the option No-Such-Refund Codes (now: ${notFoundCodes.join(', ') || 'none'}). Otherwise try again later, or look the number up with Refund › Get.`,
	);
}

/**
 * Submits a refund. Never retried: a refund whose answer was lost may have been made. With a
 * Refund Number, an earlier refund under that number is found first: the same payment and amount
 * return it instead of refunding again; a different payment or amount stops the item.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		// Every input is checked before the first call, the payment lookup included.
		const chosenType = parameters.choice('refundType', 'Refund Type', ['1', '2', 'byAmount'], '1');
		const amount = parameters.amount('amount', 'Amount');
		const reason = parameters.text('description', 'Description', { required: true, maxLength: 255, guessedLimit: true });
		const refundNumber = parameters.id('options.refundNumber', 'Refund Number', { maxLength: 50, guessedLimit: true });
		const refundReference = parameters.text('options.refundReference', 'Refund Reference', { maxLength: 100, guessedLimit: true });
		const skipExisting = parameters.flag('options.skipExisting', 'Skip If This Refund Number Already Exists', true);
		const notFoundCodes = parameters.list('options.notFoundCodes', 'No-Such-Refund Codes', { maxLength: 10, fallback: DEFAULT_NOT_FOUND_CODES });
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const request = requestOptionsFrom(parameters, OPERATION);
		if (chosenType === 'byAmount' && parameters.choice('identifyBy', 'Identify Payment By', ['paymentId', 'orderNumber'], 'paymentId') !== 'orderNumber') {
			throw parameters.fail('Refund Type', '"Full or Partial by Amount" needs the payment\'s amount, which only Identify Payment By › Order Number reads', 'Choose Full or Partial, or identify the payment by its order number.');
		}
		const payment = await identifyPayment.call(this, parameters, 'refund', OPERATION);
		const used = { paymentId: payment.paymentId, identifiedBy: payment.identifiedBy };
		const refundType = chosenType === 'byAmount' ? typeByAmount(parameters, amount, payment.record) : chosenType;

		const shape = (record: IDataObject, extra: IDataObject): IDataObject =>
			simplify ? { ...simplifyRefund(record, run.gatewayZone), ...extra } : { ...withoutEnvelope(record), ...extra };

		if (refundNumber && skipExisting) {
			const existing = await existingRefund.call(this, parameters, refundNumber, notFoundCodes, request);
			if (existing) {
				const samePayment = String(existing.payment_id ?? '').trim() === payment.paymentId;
				const sameAmount = cents(existing.refund_amount) !== undefined && cents(existing.refund_amount) === cents(amount);
				if (!samePayment || !sameAmount) {
					throw new NodeOperationError(
						this.getNode(),
						`${OPERATION}: refund number "${refundNumber}" already belongs to refund ${String(existing.refund_id)} of payment ${String(existing.payment_id ?? '(unknown)')} for ${String(existing.refund_amount ?? '(unknown amount)')} ${String(existing.refund_currency ?? '')}`.trim() +
							`; this item asks for payment ${payment.paymentId}, ${amount}. No refund was sent [item ${parameters.itemIndex}]`,
						{ itemIndex: parameters.itemIndex, description: 'Give each refund its own refund number, e.g. built from the Shopify refund ID.' },
					);
				}
				return shape(existing, { alreadyExisted: true, created: false, ...used });
			}
		}

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
		return shape(
			{ refund_number: refundNumber, refund_type: refundType, refund_amount: amount, payment_id: payment.paymentId, ...reply.data },
			{ alreadyExisted: false, created: true, code: reply.outcome.code, message: reply.outcome.message, ...used },
		);
	});
}
