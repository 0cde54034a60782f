import type { IWebhookFunctions } from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../transport';
import { CONFIRMATION_SOURCES } from '../transport/notices';
import {
	confirmOptions,
	allowsOwnCut,
	agreeingFields,
	answered,
	cutsOf,
	describeCut,
	differences,
	fittings,
	notConfirmed,
	sameCutAsOwn,
	unavailable,
	type Confirmation,
	type ConfirmRequest,
} from './confirm';
import { forLog } from './logText';

const SOURCE = CONFIRMATION_SOURCES.payment;
/** payment_results as documented (D-QO): -1 pending, 0 failed, 1 success. */
const RESULTS = ['-1', '0', '1'];

/**
 * A payment notification against the order status query: the record of its payment ID must hold
 * every signed field the query carries (order number, currency, amount, notes, payment ID, status,
 * details, risk), exactly. card_number and payment_authType are not in the answer; with the fields
 * around them confirmed, the signed string leaves each exactly one value (splits.ts).
 */
export async function confirmPayment(this: IWebhookFunctions, request: ConfirmRequest): Promise<Confirmation> {
	const { fields } = request;
	const order = fields.order_number ?? '';
	const paymentId = fields.payment_id ?? '';
	if (order.includes(',')) return notConfirmed(`its order number ${forLog(order)} holds a comma, which the order status query reads as two order numbers`);
	const reply = await oceanpaymentApiRequest.call(this, 'orderStatus', { order_number: order }, confirmOptions(request, 'Confirming a notification (order status query)'));
	// The gateway's text may echo what was sent: quoted like every value in a log line.
	if (!reply.outcome.success) return unavailable(`the order status query was refused: ${forLog(reply.outcome.message)} (code ${forLog(reply.outcome.code)})`);
	// Records without a payment ID ("order does not exist") hold no payment to compare with.
	const records = reply.records.filter((record) => (answered(record, 'payment_id') ?? '') !== '');
	const candidates = records.filter((record) => answered(record, 'payment_id') === paymentId);
	for (const record of candidates) {
		const result = answered(record, 'payment_results') ?? '';
		if (!RESULTS.includes(result)) return unavailable(`the order status query gives payment_results ${forLog(result)} for payment ${forLog(paymentId)}, not one of -1, 0, 1`);
		// -1 is the gateway saying "not final yet, wait for the notification": no "no".
		if (result === '-1' && fields.payment_status !== '-1') {
			return unavailable(`the order status query still gives payment_results "-1" (pending) for payment ${forLog(paymentId)}, the notification ${forLog(fields.payment_status ?? '')}`);
		}
	}
	const fitting = fittings(SOURCE, request, records);
	const cuts = cutsOf(fitting);
	if (!cuts || cuts.length > 1) return unavailable('records of the order status query fit several cuts of the signed values');
	const match = fitting.find((entry) => allowsOwnCut(entry, request));
	if (match) {
		// The status query has no notice type: only the documented one of payments counts as confirmed.
		return { status: 'confirmed', fields: [...agreeingFields(SOURCE, request, match.record), ...(request.noticeType === 'transaction' ? ['notice_type'] : [])], detail: `order status query: payment_results ${answered(match.record, 'payment_results') ?? ''}` };
	}
	if (cuts.length === 1 && !sameCutAsOwn(request, cuts[0])) {
		return notConfirmed(`its signed values are those of a payment the order status query lists, cut differently (there: ${describeCut(request, cuts[0])})`);
	}
	if (candidates.length === 0) {
		return notConfirmed(`the order status query lists no payment ${forLog(paymentId)} for order ${forLog(order)}${records.length ? '' : ' (the order is not known)'}`);
	}
	const [first, ...others] = candidates.map((record) => differences(SOURCE, request, record));
	if (others.some((other) => other !== first)) return unavailable(`the order status query gives ${candidates.length} different records of payment ${forLog(paymentId)}`);
	return notConfirmed(`the order status query gives ${first || 'values that fit no cut of the signed values'}`);
}
