import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { compareDecimals, parseDecimal } from '../../helpers/amounts';
import type { SentRefund } from '../../helpers/executionMemory';
import { maskCardLikeNumbers, type ItemParameters } from '../../helpers/parameters';
import { refundOutcomeOf } from './refundable';

/**
 * Whether a refund found under a refund number is the refund an item asks for: the refund
 * number must match, and the payment, order, amount, refund type and currency wherever the
 * answer carries them. A Full refund with no Amount must find a full refund: its amount was
 * what was left then, so only the type says that it is this refund. `matchedOn` names the
 * fields that were compared, for the item's output.
 */

export type MatchField = 'refundNumber' | 'paymentId' | 'orderNumber' | 'amount' | 'refundType' | 'currency';

export interface Wanted {
	refundNumber: string;
	paymentId: string;
	/** As the gateway gets it; undefined for a full refund whose amount the node reads from the payment (what is still refundable), not yet read. */
	amount?: string;
	/** The payment's currency, when the node read it (Identify Payment By › Order Number). */
	currency?: string;
	/**
	 * The payment's order number, when the node knows it (given, read from the payment, or
	 * confirmed by the status query of the order an answer names); undefined when unknown.
	 */
	orderNumber?: string;
	/** '1' full or '2' partial when the item chose it; undefined when the amount decides ("Full or Partial by Amount"). */
	refundType?: '1' | '2';
	/** Set for a full refund whose amount is not known yet: a partial refund found under the number is another refund. */
	fullWithoutAmount?: boolean;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
/** A refund type as the gateway writes it: '1' full, '2' partial (API notes §3.6); undefined for anything else. */
const typeOf = (value: unknown): '1' | '2' | undefined => {
	const type = text(value).toLowerCase();
	return type === '1' || type === 'full' ? '1' : type === '2' || type === 'partial' ? '2' : undefined;
};
const sameAmount = (a: string, b: string) => {
	const left = parseDecimal(a);
	const right = parseDecimal(b);
	return left !== undefined && right !== undefined && compareDecimals(left, right) === 0;
};

function refusal(context: IExecuteFunctions, parameters: ItemParameters, problem: string, description: string, record?: IDataObject): NodeOperationError {
	const ids = record ? [text(record.refund_id), text(record.payment_id)] : [];
	return new NodeOperationError(context.getNode(), `Refund › Create: ${maskCardLikeNumbers(problem, ids)}. No refund was sent [item ${parameters.itemIndex}]`, {
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
			record,
		);
	}
	const matchedOn: MatchField[] = ['refundNumber'];
	const paymentId = text(record.payment_id);
	const orderNumber = text(record.order_number);
	const amount = text(record.refund_amount);
	const refundType = typeOf(record.refund_type);
	const currency = text(record.refund_currency).toUpperCase();
	const differs: string[] = [];
	if (paymentId !== '') {
		matchedOn.push('paymentId');
		if (paymentId !== wanted.paymentId) differs.push(`payment ${paymentId}, not ${wanted.paymentId}`);
	}
	if (orderNumber !== '') {
		// The caller resolves the order of a payment given by ID when the answer names no payment.
		if (wanted.orderNumber === undefined) {
			if (paymentId === '') {
				throw refusal(
					context,
					parameters,
					`the gateway shows refund ${refundId} under refund number "${wanted.refundNumber}" for order "${orderNumber}" without its payment, and the node does not know the order of payment ${wanted.paymentId}, so whether it is this refund is unknown`,
					'Look the refund number up with Refund › Get or in the Oceanpayment dashboard, or identify the payment by Order Number.',
					record,
				);
			}
		} else {
			matchedOn.push('orderNumber');
			if (orderNumber !== wanted.orderNumber) differs.push(`order ${orderNumber}, not ${wanted.orderNumber}`);
		}
	}
	// A full refund with no amount given matches on the rest: its amount was what was left then.
	if (amount !== '' && wanted.amount !== undefined) {
		matchedOn.push('amount');
		if (!sameAmount(amount, wanted.amount)) differs.push(`amount ${amount}, not ${wanted.amount}`);
	}
	const typeWanted = wanted.fullWithoutAmount ? '1' : wanted.refundType;
	if (typeWanted !== undefined && refundType !== undefined) {
		matchedOn.push('refundType');
		if (refundType !== typeWanted) differs.push(refundType === '2' ? 'a partial refund, not a full one' : 'a full refund, not a partial one');
	}
	if (wanted.fullWithoutAmount && refundType === undefined) {
		throw refusal(
			context,
			parameters,
			`the gateway shows refund ${refundId} under refund number "${wanted.refundNumber}" without saying whether it is full or partial (refund_type "${text(record.refund_type)}"), and with Amount empty only a full refund of this payment is this refund`,
			'Look the refund number up with Refund › Get or in the Oceanpayment dashboard, or give the Amount.',
			record,
		);
	}
	if (wanted.fullWithoutAmount && paymentId === '' && orderNumber === '') {
		throw refusal(
			context,
			parameters,
			`the gateway shows refund ${refundId} under refund number "${wanted.refundNumber}" without its payment or order, and with Amount empty nothing else can tell whether it is a refund of payment ${wanted.paymentId}`,
			'Look the refund number up with Refund › Get or in the Oceanpayment dashboard, or give the Amount.',
			record,
		);
	}
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
			record,
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
	// The same checks as for a refund the gateway shows (matchExistingRefund): payment, amount, full or partial.
	const typeWanted = wanted.fullWithoutAmount ? '1' : wanted.refundType;
	const sentAs = sent.refundType === '1' ? 'a full refund' : 'a partial refund';
	if (
		sent.paymentId !== wanted.paymentId ||
		(wanted.amount !== undefined && !sameAmount(sent.amount, wanted.amount)) ||
		(typeWanted !== undefined && sent.refundType !== typeWanted)
	) {
		throw refusal(
			context,
			parameters,
			`refund number "${wanted.refundNumber}" was already sent by ${earlier} as ${sentAs} of payment ${sent.paymentId}, ${sent.amount}; this item asks for ${
				typeWanted === '1' ? 'a full refund' : typeWanted === '2' ? 'a partial refund' : 'a refund'
			} of payment ${wanted.paymentId}, ${wanted.amount ?? 'what is still refundable'}`,
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
		record,
	);
}
