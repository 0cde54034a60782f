import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { compareDecimals, parseDecimal } from '../../helpers/amounts';
import type { SentRefund } from '../../helpers/executionMemory';
import { maskCardLikeNumbers, type ItemParameters } from '../../helpers/parameters';
import { refundOutcomeOf } from './refundable';

/**
 * Whether a refund found under a refund number is the refund an item asks for: the refund
 * number must match, and the payment, amount and currency wherever the answer carries them.
 * `matchedOn` names the fields that were compared, for the item's output.
 */

export type MatchField = 'refundNumber' | 'paymentId' | 'amount' | 'currency';

export interface Wanted {
	refundNumber: string;
	paymentId: string;
	/** As the gateway gets it; undefined for a full refund whose amount the node reads from the payment (what is still refundable), not yet read. */
	amount?: string;
	/** The payment's currency, when the node read it (Identify Payment By › Order Number). */
	currency?: string;
	/** Set for a full refund whose amount is not known yet: a partial refund found under the number is another refund. */
	fullWithoutAmount?: boolean;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
const sameAmount = (a: string, b: string) => {
	const left = parseDecimal(a);
	const right = parseDecimal(b);
	return left !== undefined && right !== undefined && compareDecimals(left, right) === 0;
};

function refusal(context: IExecuteFunctions, parameters: ItemParameters, problem: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Refund › Create: ${maskCardLikeNumbers(problem)}. No refund was sent [item ${parameters.itemIndex}]`, {
		itemIndex: parameters.itemIndex,
		description,
	});
}

/** The fields an existing refund was matched on; throws when it is another refund. */
export function matchExistingRefund(context: IExecuteFunctions, parameters: ItemParameters, record: IDataObject, wanted: Wanted): MatchField[] {
	const refundId = text(record.refund_id);
	const number = text(record.refund_number);
	if (number !== wanted.refundNumber) {
		throw refusal(
			context,
			parameters,
			number === ''
				? `the gateway shows refund ${refundId} for refund number "${wanted.refundNumber}" without saying which refund number it has, so it cannot be matched`
				: `asked for refund number "${wanted.refundNumber}", the gateway answered with refund ${refundId} of refund number "${number}", so whether "${wanted.refundNumber}" exists is unknown`,
			'Look the refund number up with Refund › Get or in the Oceanpayment dashboard before you refund. Account › Self-Check shows how your gateway answers the refund query.',
		);
	}
	const matchedOn: MatchField[] = ['refundNumber'];
	const paymentId = text(record.payment_id);
	const amount = text(record.refund_amount);
	const currency = text(record.refund_currency).toUpperCase();
	const differs: string[] = [];
	if (paymentId !== '') {
		matchedOn.push('paymentId');
		if (paymentId !== wanted.paymentId) differs.push(`payment ${paymentId}, not ${wanted.paymentId}`);
	}
	// A full refund with no amount given matches on the rest: its amount was what was left then.
	if (amount !== '' && wanted.amount !== undefined) {
		matchedOn.push('amount');
		if (!sameAmount(amount, wanted.amount)) differs.push(`amount ${amount}, not ${wanted.amount}`);
	}
	if (wanted.fullWithoutAmount && text(record.refund_type) === '2') differs.push('a partial refund, not a full one');
	if (currency !== '' && wanted.currency) {
		matchedOn.push('currency');
		if (currency !== wanted.currency.toUpperCase()) differs.push(`currency ${currency}, not ${wanted.currency}`);
	}
	if (differs.length > 0) {
		throw refusal(
			context,
			parameters,
			`refund number "${wanted.refundNumber}" already belongs to refund ${refundId} with ${differs.join(', ')}`,
			'Give each refund its own refund number, e.g. built from the Shopify refund ID.',
		);
	}
	return matchedOn;
}

/**
 * A refund number already sent in this execution: the same payment and amount return the refund
 * it made (never a second call); anything else stops the item.
 */
export function matchSentRefund(context: IExecuteFunctions, parameters: ItemParameters, sent: SentRefund, wanted: Wanted): IDataObject {
	const earlier = `item ${sent.itemIndex} of this execution`;
	if (sent.paymentId !== wanted.paymentId || (wanted.amount !== undefined && !sameAmount(sent.amount, wanted.amount))) {
		throw refusal(
			context,
			parameters,
			`refund number "${wanted.refundNumber}" was already sent by ${earlier} for payment ${sent.paymentId}, ${sent.amount}; this item asks for payment ${wanted.paymentId}, ${wanted.amount ?? 'what is still refundable'}`,
			'Give each refund its own refund number, e.g. built from the Shopify refund ID.',
		);
	}
	if (sent.outcome !== 'made' || !sent.record) {
		throw refusal(
			context,
			parameters,
			`refund number "${wanted.refundNumber}" was already sent by ${earlier}, and that refund was refused, failed or its answer was lost`,
			'A refund number is sent at most once per execution. Check the outcome with Refund › Get before you run it again.',
		);
	}
	return sent.record;
}

/**
 * A refund found under the number that failed (API notes §3.6: one pending review fails after 30
 * days) is not "already done": the customer got nothing back, and sending the number again is not
 * this node's call (the gateway may refuse a number it knows). The item stops for a person.
 */
export function stopOnFailedRefund(context: IExecuteFunctions, parameters: ItemParameters, record: IDataObject, wanted: Wanted): void {
	if (refundOutcomeOf(record.refund_status) !== 'failed') return;
	throw refusal(
		context,
		parameters,
		`refund number "${wanted.refundNumber}" belongs to refund ${text(record.refund_id)}, which failed (refund_status ${text(record.refund_status)}): the customer was not refunded under this number`,
		'Check the refund in the Oceanpayment dashboard (e.g. a refund that waited for balance and expired). To refund again, give the new refund its own refund number.',
	);
}
