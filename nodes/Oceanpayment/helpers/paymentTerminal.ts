import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { CredentialTerminal } from '../transport/terminals';
import { requestOptionsFrom, type RunContext } from './execute';
import { identifyPayment, type IdentifiedPayment, type PaymentPurpose } from './identifyPayment';
import { queryOrderStatus } from './orderStatus';
import { refusedLookup } from './lookupErrors';
import { unclearAbsence } from './orderAbsence';
import { findPaymentById } from './paymentById';
import type { ItemParameters } from './parameters';
import { describeTerminals, foundOnBoth, onTerminal, writeTerminal } from './terminalChoice';

/**
 * Which terminal a write goes to (issue 29): the one chosen in Options › Terminal, or, by
 * default, the one the payment belongs to. A credential with one terminal always uses it, with
 * no extra call. With two, the payment is looked up on both: by order number through the status
 * query, by payment ID through the successful payments of the last 6 months. Found on both, or
 * on neither, stops the item before anything is sent; so does a terminal that refuses the
 * lookup or does not say clearly that it has no such payment (never read as "not there").
 */

function stop(context: IExecuteFunctions, parameters: ItemParameters, operation: string, problem: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${operation}: ${problem} [item ${parameters.itemIndex}]`, {
		itemIndex: parameters.itemIndex,
		description: 'Nothing was sent. Choose the payment\'s Terminal in the options (Main or 3-D Secure).',
	});
}

/** The terminal that holds a payment given by ID, and its status record. */
export async function terminalOfPaymentId(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	paymentId: string,
	operation: string,
	run: RunContext,
): Promise<{ terminal: CredentialTerminal; record: IDataObject }> {
	const found: Array<{ terminal: CredentialTerminal; record: IDataObject }> = [];
	for (const terminal of run.terminals) {
		// Absent only when every successful payment of the last 6 months on this terminal was read;
		// anything else (a refusal, a search cut short, a failed call) stops the item.
		const outcome = await findPaymentById.call(this, parameters, paymentId, operation, run, terminal);
		if (outcome.record) found.push({ terminal, record: outcome.record });
	}
	if (found.length > 1) throw foundOnBoth(this, parameters, operation, `payment ${paymentId}`, found.map((entry) => entry.terminal));
	if (found.length === 0) {
		throw stop(this, parameters, operation, `payment ${paymentId} is not among the successful payments of the last 6 months on either terminal (${describeTerminals(run.terminals)}), so its terminal is unknown`);
	}
	return found[0];
}

/** The terminal whose status query knows an order number (any payment of it). */
export async function terminalOfOrderNumber(this: IExecuteFunctions, parameters: ItemParameters, orderNumber: string, operation: string, run: RunContext): Promise<CredentialTerminal> {
	const request = requestOptionsFrom(parameters, `${operation} (look up order ${orderNumber})`);
	const holding: CredentialTerminal[] = [];
	for (const terminal of run.terminals) {
		const answer = (await queryOrderStatus.call(this, [orderNumber], onTerminal(request, terminal))).get(orderNumber);
		if (!answer) throw stop(this, parameters, operation, `the ${terminal.label} terminal's answer had no entry for order number "${orderNumber}", so its terminal is unknown`);
		// Only a clear "no such order" is absence: a refusal on one terminal never sends the item to the other.
		const unclear = unclearAbsence(answer);
		if (unclear) throw refusedLookup(this, parameters, operation, orderNumber, unclear, terminal, true);
		if (answer.payments.length > 0) holding.push(terminal);
	}
	if (holding.length > 1) throw foundOnBoth(this, parameters, operation, `order number "${orderNumber}"`, holding);
	if (holding.length === 0) throw stop(this, parameters, operation, `neither terminal (${describeTerminals(run.terminals)}) has a payment for order number "${orderNumber}"`);
	return holding[0];
}

/** The payment an item acts on (Identify Payment By) and the terminal it belongs to. */
export async function identifyPaymentAndTerminal(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	purpose: PaymentPurpose,
	operation: string,
	run: RunContext,
): Promise<{ payment: IdentifiedPayment; terminal: CredentialTerminal }> {
	const chosen = writeTerminal(parameters, run.terminals);
	if (chosen !== 'payment') {
		const payment = await identifyPayment.call(this, parameters, purpose, operation, [chosen], run.terminals.length > 1);
		return { payment, terminal: chosen };
	}
	const payment = await identifyPayment.call(this, parameters, purpose, operation, run.terminals);
	if (payment.terminal) return { payment, terminal: payment.terminal };
	const { terminal, record } = await terminalOfPaymentId.call(this, parameters, payment.paymentId, operation, run);
	return { payment: { ...payment, record: payment.record ?? record }, terminal };
}
