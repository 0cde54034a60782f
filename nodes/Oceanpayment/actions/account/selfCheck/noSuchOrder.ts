import type { IDataObject } from 'n8n-workflow';

import type { GatewayReply } from '../../../transport';
import { maskCardLikeNumbers } from '../../../helpers/cardNumbers';
import { describeUnclear, unclearAbsence } from '../../../helpers/orderAbsence';
import { detailsOf } from '../../../helpers/orderStatus';
import type { Probe } from './probes';

/**
 * How a two-terminal lookup would read this answer to a status query for an order that cannot
 * exist: how the gateway says "no such order" is not documented (API notes §3.1), and a write
 * identified by order number asks both terminals, so each must say it clearly or the item stops.
 */
export function checkNoSuchOrder(probe: Probe, reply: GatewayReply | undefined): IDataObject | undefined {
	if (probe.endpoint !== 'orderStatus' || probe.recent) return undefined;
	const base = { grade: 'UNKNOWN', learnedAtRunTime: false };
	if (!reply) return { ...base, verdict: 'not checked' };
	const asked = String(probe.fields.order_number ?? '');
	const entries = reply.records.filter((record) => String(record.order_number ?? '').trim() === asked);
	const payments = entries.filter((record) => String(record.payment_id ?? '').trim() !== '');
	if (entries.length === 0) return { ...base, verdict: 'differs: the answer has no entry for the order number asked; a lookup by order number stops' };
	if (payments.length > 0) return { ...base, verdict: 'differs: the gateway answered with a payment for an order number that cannot exist; check the Oceanpayment dashboard and report this' };
	const unclear = unclearAbsence({ payments: [], emptyEntry: entries[0] });
	if (unclear) {
		return {
			...base,
			answer: describeUnclear(unclear),
			verdict:
				'differs: the answer does not clearly say that the order does not exist; with two terminals, a write identified by order number stops until you choose its terminal in Options › Terminal (please report this answer so the package can learn it)',
		};
	}
	return { ...base, answer: maskCardLikeNumbers(describeUnclear({ ...detailsOf(entries[0].payment_details), kind: 'other' })), verdict: 'fits: lookups by order number read this answer as "no such order"' };
}

