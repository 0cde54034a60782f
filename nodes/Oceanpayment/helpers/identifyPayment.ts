import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requestOptionsFrom } from './execute';
import { queryOrderStatus } from './orderStatus';
import { maskCardLikeNumbers } from './cardNumbers';
import { refusedLookup } from './lookupErrors';
import { unclearAbsence } from './orderAbsence';
import type { ItemParameters } from './parameters';
import { paymentStatusOf } from './simplify';
import { foundOnBoth, onTerminal } from './terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';

/**
 * "Identify Payment By: Payment ID | Order Number" for the operations that act on one payment
 * (Refund › Create, Pre-Authorization › Capture and Void). With an order number, the node finds
 * the payment through the status query, so a Shopify order number is enough.
 */

export type PaymentPurpose = 'refund' | 'preAuthorization';

const PURPOSES: Record<PaymentPurpose, { wanted: string; accepts: (payment: IDataObject) => boolean }> = {
	// A refund needs the order's one successful payment (payment_results 1).
	refund: { wanted: 'successful payment', accepts: (payment) => String(payment.payment_results ?? '').trim() === '1' },
	// Capture and void need the one payment authorized and awaiting capture. That auth_status 1
	// means exactly that is a guess (its values are not documented); see the README.
	preAuthorization: {
		wanted: 'pre-authorized payment awaiting capture (auth_status 1)',
		accepts: (payment) => String(payment.payment_results ?? '').trim() === '1' && String(payment.auth_status ?? '').trim() === '1',
	},
};

export function identifyPaymentFields(purpose: PaymentPurpose, paymentIdPlaceholder = 'e.g. 231220170723834010513'): INodeProperties[] {
	return [
		{
			displayName: 'Identify Payment By',
			name: 'identifyBy',
			type: 'options',
			options: [
				{ name: 'Payment ID', value: 'paymentId', description: "Oceanpayment's ID of the payment" },
				{
					name: 'Order Number',
					value: 'orderNumber',
					description: `Your order number; the node looks up the order's one ${PURPOSES[purpose].wanted}`,
				},
			],
			default: 'paymentId',
			description: 'How to tell which payment to act on',
		},
		{
			displayName: 'Payment ID',
			name: 'paymentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: paymentIdPlaceholder,
			displayOptions: { show: { identifyBy: ['paymentId'] } },
			description: "Oceanpayment's ID of the payment (not your order number). Pass it as text: long IDs given as numbers lose digits. Up to 50 characters (a limit this node chose: Oceanpayment does not document one).",
		},
		{
			displayName: 'Order Number',
			name: 'orderNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1001',
			displayOptions: { show: { identifyBy: ['orderNumber'] } },
			description: `Your order number as sent to Oceanpayment at checkout (orders of the last 6 months). The order must have exactly one ${PURPOSES[purpose].wanted}; otherwise the node stops and lists the payments it found.`,
		},
	];
}

export interface IdentifiedPayment {
	paymentId: string;
	/** The order number asked for, or '' when the payment was given by ID. */
	orderNumber: string;
	identifiedBy: 'paymentId' | 'orderNumber';
	/** The status query's record of the payment, when it was looked up by order number. */
	record?: IDataObject;
	/** The terminal the order number was found on (only when it was looked up). */
	terminal?: CredentialTerminal;
}

function describePayment(payment: IDataObject): string {
	const amount = [payment.order_amount, payment.order_currency].filter((part) => String(part ?? '') !== '').join(' ');
	return `${String(payment.payment_id)} (${paymentStatusOf(payment.payment_results)}${amount ? `, ${amount}` : ''}${payment.auth_status !== undefined ? `, auth_status ${String(payment.auth_status)}` : ''})`;
}

/** The payment an item acts on: its Payment ID, or the one fitting payment of its order number. */
export async function identifyPayment(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	purpose: PaymentPurpose,
	operation: string,
	/** The terminals to look an order number up on (default: the main one); found on two stops the item. */
	terminals?: CredentialTerminal[],
	/** Whether errors name the terminal (the credential has two). */
	nameTerminal = false,
): Promise<IdentifiedPayment> {
	const identifyBy = parameters.choice('identifyBy', 'Identify Payment By', ['paymentId', 'orderNumber'], 'paymentId');
	if (identifyBy === 'paymentId') {
		return { paymentId: parameters.id('paymentId', 'Payment ID', { required: true, maxLength: 50, guessedLimit: true }), orderNumber: '', identifiedBy: 'paymentId' };
	}
	const orderNumber = parameters.id('orderNumber', 'Order Number', { required: true, maxLength: 50 });
	const request = requestOptionsFrom(parameters, `${operation} (look up the payment of order ${orderNumber})`);
	if (terminals && terminals.length > 1) return await onEitherTerminal.call(this, parameters, purpose, operation, orderNumber, terminals);
	const answers = await queryOrderStatus.call(this, [orderNumber], terminals ? onTerminal(request, terminals[0]) : request);
	const answer = answers.get(orderNumber);
	const stop = (problem: string) =>
		new NodeOperationError(this.getNode(), `${operation}: ${problem} [item ${parameters.itemIndex}]`, {
			itemIndex: parameters.itemIndex,
			description: 'Nothing was sent. Enter the Payment ID of the payment to use (Identify Payment By › Payment ID).',
		});
	if (!answer) throw stop(`the gateway's answer had no entry for order number "${orderNumber}", so its payments are unknown`);
	const unclear = unclearAbsence(answer);
	if (unclear) throw refusedLookup(this, parameters, operation, orderNumber, unclear, nameTerminal ? terminals?.[0] : undefined);
	if (answer.payments.length === 0) {
		const why = maskCardLikeNumbers(String(answer.emptyEntry?.payment_details ?? '').trim());
		throw stop(`the gateway found no payment for order number "${orderNumber}"${why ? ` ("${why}")` : ''}`);
	}
	const { wanted, accepts } = PURPOSES[purpose];
	const fitting = answer.payments.filter(accepts);
	if (fitting.length !== 1) {
		throw stop(
			`order number "${orderNumber}" has ${fitting.length === 0 ? 'no' : fitting.length} ${wanted}${fitting.length > 1 ? 's' : ''}; its payments are ${answer.payments
				.map(describePayment)
				.join('; ')}`,
		);
	}
	return { paymentId: String(fitting[0].payment_id).trim(), orderNumber, identifiedBy: 'orderNumber', record: fitting[0], terminal: terminals?.[0] };
}

/**
 * The payment of an order number on whichever of the terminals has it: each is asked, and the
 * one with the fitting payment wins. Fitting payments on two terminals stop the item (a write
 * never guesses), as does an answer without the order number (its payments are unknown).
 */
async function onEitherTerminal(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	purpose: PaymentPurpose,
	operation: string,
	orderNumber: string,
	terminals: CredentialTerminal[],
): Promise<IdentifiedPayment> {
	const stop = (problem: string) =>
		new NodeOperationError(this.getNode(), `${operation}: ${problem} [item ${parameters.itemIndex}]`, {
			itemIndex: parameters.itemIndex,
			description: 'Nothing was sent. Enter the Payment ID of the payment to use, and choose its Terminal in the options.',
		});
	const request = requestOptionsFrom(parameters, `${operation} (look up the payment of order ${orderNumber})`);
	const { wanted, accepts } = PURPOSES[purpose];
	const found: Array<{ terminal: CredentialTerminal; payments: IDataObject[] }> = [];
	for (const terminal of terminals) {
		const answer = (await queryOrderStatus.call(this, [orderNumber], onTerminal(request, terminal))).get(orderNumber);
		if (!answer) throw stop(`the ${terminal.label} terminal's answer had no entry for order number "${orderNumber}", so its payments are unknown`);
		// Only a clear "no such order" is absence: a refusal on one terminal never sends the item to the other.
		const unclear = unclearAbsence(answer);
		if (unclear) throw refusedLookup(this, parameters, operation, orderNumber, unclear, terminal, true);
		found.push({ terminal, payments: answer.payments });
	}
	const fitting = found.flatMap(({ terminal, payments }) => payments.filter(accepts).map((payment) => ({ terminal, payment })));
	const on = new Set(fitting.map((entry) => entry.terminal));
	if (on.size > 1) throw foundOnBoth(this, parameters, operation, `order number "${orderNumber}" (its ${wanted})`, [...on]);
	if (fitting.length !== 1) {
		const all = found.flatMap(({ terminal, payments }) => payments.map((payment) => `${describePayment(payment)} on the ${terminal.label} terminal`));
		throw stop(
			all.length === 0
				? `neither terminal found a payment for order number "${orderNumber}"`
				: `order number "${orderNumber}" has ${fitting.length === 0 ? 'no' : fitting.length} ${wanted}${fitting.length > 1 ? 's' : ''}; its payments are ${all.join('; ')}`,
		);
	}
	const [{ terminal, payment }] = fitting;
	return { paymentId: String(payment.payment_id).trim(), orderNumber, identifiedBy: 'orderNumber', record: payment, terminal };
}
