import { DateTime } from 'luxon';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readPage, type PageRequest } from '../helpers/paging';
import { oceanpaymentApiRequest } from '../transport';
import { GATEWAY_DATE_FORMAT, toGatewayDate } from '../transport/dates';
import { CONFIRMATION_SOURCES } from '../transport/notices';
import {
	confirmOptions,
	allowsOwnCut,
	agreeingFields,
	agrees,
	answered,
	cutsOf,
	describeCut,
	differences,
	fittings,
	knownValues,
	notConfirmed,
	sameCutAsOwn,
	splitsWith,
	unavailable,
	type Confirmation,
	type ConfirmRequest,
} from './confirm';
import { forLog } from './logText';

const LIST = CONFIRMATION_SOURCES.business;
const REFUND = CONFIRMATION_SOURCES.refund;
const LIST_TYPE = LIST.fields.find((field) => field.notice === 'notice_type') as (typeof LIST.fields)[number];

/** The notice types the refund query can confirm (its refund_type tells only these two apart). */
const REFUND_QUERY_TYPES = ['refund', 'partialRefund'];

/**
 * Where the business orders list is searched: events reviewed from an hour before the push time
 * (not signed: it only chooses where to look, never what counts) to a few minutes after now, in
 * pages of 10 (the page size whose signature is CONFIRMED), at most `calls` calls: page 1, then
 * from the last page back (the list holds the window's events in time order).
 */
export const LIST_LOOKUP = { calls: 6, beforeMs: 60 * 60 * 1000, afterMs: 5 * 60 * 1000, maxAgeMs: 3 * 24 * 60 * 60 * 1000 };

/**
 * A business notification: refunds and partial refunds first against the refund query (one call,
 * no time window), which can only confirm; everything else, and whatever the refund query does
 * not confirm, against the business orders list.
 */
export async function confirmBusiness(this: IWebhookFunctions, request: ConfirmRequest): Promise<Confirmation> {
	if (REFUND_QUERY_TYPES.includes(request.noticeType)) {
		const byRefund = await confirmByRefundQuery.call(this, request);
		if (byRefund) return byRefund;
	}
	return await confirmByList.call(this, request);
}

/**
 * The refund query's answer is not documented (§3.7), so it is trusted only where it identifies
 * the refund: refund_id = push_id, of this payment (and order, where it says), leaving exactly the
 * notification's own cut. Then its refund_type confirms the notice type, or says clearly that the
 * refund is of the other kind (a full refund sent as a partial one, or the reverse). Anything
 * else goes to the list.
 */
async function confirmByRefundQuery(this: IWebhookFunctions, request: ConfirmRequest): Promise<Confirmation | undefined> {
	const { fields } = request;
	const refundId = fields.push_id ?? '';
	let data: IDataObject;
	try {
		const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', { refund_id: refundId }, confirmOptions(request, 'Confirming a notification (refund query)'));
		if (!reply.outcome.success) return undefined;
		data = reply.data;
	} catch {
		return undefined;
	}
	let otherKind: string | undefined;
	for (const correspondence of REFUND.fields) {
		const value = answered(data, correspondence.answer);
		if (value === undefined && correspondence.notice === 'order_number') continue;
		if (value !== undefined && correspondence.compare === 'refundType' && ['1', '2'].includes(value) && !agrees(correspondence, request.noticeType, value)) {
			otherKind = value;
			continue;
		}
		if (value === undefined || !agrees(correspondence, fields[correspondence.notice] ?? '', value)) return undefined;
	}
	const found = splitsWith(request, knownValues(REFUND, request.definition, data));
	if (!found.complete || found.splits.length !== 1 || !sameCutAsOwn(request, found.splits[0])) return undefined;
	if (otherKind !== undefined) {
		return notConfirmed(`the refund query gives refund_type ${forLog(otherKind)} (${otherKind === '1' ? 'a full refund' : 'a partial refund'}) for refund ${forLog(refundId)}, not a ${request.noticeType}`);
	}
	return { status: 'confirmed', fields: agreeingFields(REFUND, request, data), detail: `refund query: refund ${forLog(refundId)} of payment ${forLog(fields.payment_id ?? '')}` };
}

interface ListRead {
	records: IDataObject[];
	/** Every page of the window was read. */
	complete: boolean;
	window: string;
}

const ofType = (request: ConfirmRequest, record: IDataObject) => {
	const type = answered(record, LIST_TYPE.answer);
	return type !== undefined && agrees(LIST_TYPE, request.noticeType, type);
};
const confirms = (request: ConfirmRequest, records: IDataObject[]) => fittings(LIST, request, records).find((entry) => ofType(request, entry.record) && allowsOwnCut(entry, request));

/** The list's records of the window, page 1 and then from the last page back, until one confirms or the calls run out. */
async function readList(this: IWebhookFunctions, request: ConfirmRequest): Promise<ListRead> {
	const { zone, fields } = request;
	const now = DateTime.now().setZone(zone);
	const pushed = DateTime.fromFormat(fields.push_dateTime ?? '', GATEWAY_DATE_FORMAT, { zone });
	const anchor = pushed.isValid && pushed <= now && now.toMillis() - pushed.toMillis() <= LIST_LOOKUP.maxAgeMs ? pushed : now;
	const from = toGatewayDate(anchor.minus(LIST_LOOKUP.beforeMs), zone);
	const to = toGatewayDate(now.plus(LIST_LOOKUP.afterMs), zone);
	const query: PageRequest = {
		endpoint: 'businessOrders',
		fields: { order_beginDate: from, order_endDate: to },
		// A refusal is no answer: thrown, it becomes "unavailable".
		request: confirmOptions(request, 'Confirming a notification (business orders list)', { returnRejections: false }),
	};
	const window = `from ${from} to ${to}`;
	const first = await readPage.call(this, query, 1);
	const records = [...first.records];
	const total = first.totalPages;
	let calls = 1;
	let complete = total !== undefined ? total <= 1 : first.records.length === 0;
	const order = total !== undefined ? Array.from({ length: Math.max(0, total - 1) }, (_, i) => total - i) : [];
	for (let next = 2; !complete && calls < LIST_LOOKUP.calls && !confirms(request, records); calls++) {
		const number = total !== undefined ? order.shift() : next++;
		if (number === undefined) break;
		const page = await readPage.call(this, query, number);
		records.push(...page.records);
		complete = total !== undefined ? order.length === 0 : page.records.length === 0;
	}
	return { records, complete, window };
}

async function confirmByList(this: IWebhookFunctions, request: ConfirmRequest): Promise<Confirmation> {
	const { fields, noticeType } = request;
	const paymentId = fields.payment_id ?? '';
	const order = fields.order_number ?? '';
	const { records, complete, window } = await readList.call(this, request);
	const ofPayment = records.filter((record) => answered(record, 'payment_id') === paymentId);
	const orders = [...new Set(ofPayment.map((record) => answered(record, 'order_number')).filter((value): value is string => value !== undefined))];
	if (orders.length > 1) return unavailable(`the business orders list gives payment ${forLog(paymentId)} under ${orders.length} different order numbers`);
	// The order a payment belongs to never changes.
	if (orders.length === 1 && orders[0] !== order) return notConfirmed(`the business orders list has payment ${forLog(paymentId)} under order ${forLog(orders[0])}, not ${forLog(order)}`);

	const fitting = fittings(LIST, request, records);
	const cuts = cutsOf(fitting);
	if (!cuts || cuts.length > 1) return unavailable('events of the business orders list fit several cuts of the signed values');
	const match = fitting.find((entry) => ofType(request, entry.record) && allowsOwnCut(entry, request));
	if (match) {
		const status = answered(match.record, 'status') ?? '';
		return { status: 'confirmed', fields: agreeingFields(LIST, request, match.record), detail: `business orders list: ${noticeType} event of payment ${forLog(paymentId)} with status ${forLog(status)}` };
	}
	if (cuts.length === 1 && !sameCutAsOwn(request, cuts[0])) {
		return notConfirmed(`its signed values are those of an event the business orders list shows, cut differently (there: ${describeCut(request, cuts[0])})`);
	}
	const typed = ofPayment.filter((record) => ofType(request, record));
	if (typed.length > 0 && complete) {
		return notConfirmed(`the business orders list shows ${noticeType} events of payment ${forLog(paymentId)} with other values: ${differences(LIST, request, typed[0])}`);
	}
	// Not listed (yet), or not in the pages read: no "no".
	const read = complete ? '' : `; only some of its pages were read (${LIST_LOOKUP.calls} calls at most)`;
	return unavailable(`the business orders list (events reviewed ${window}) shows no ${noticeType} event of payment ${forLog(paymentId)} with these values${read}`);
}
