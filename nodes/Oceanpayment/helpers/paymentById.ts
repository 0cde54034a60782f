import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { toGatewayDate } from '../transport/dates';
import { requestOptionsFrom, type RunContext } from './execute';
import { describeUnclear, unclearAbsence } from './orderAbsence';
import { queryOrderStatus } from './orderStatus';
import { readPage, type PageRequest } from './paging';
import type { ItemParameters } from './parameters';
import { onTerminal } from './terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';

/**
 * The status-query record of a payment given by its payment ID. The status query asks by order
 * number only, so the node first finds the payment's order number in the list of successful
 * payments of the last 6 months (the window both queries serve; a day less, so the gateway's own
 * count of 6 months never refuses the start), then reads its status.
 *
 * The list's order and page size are UNKNOWN (API notes §3.2), so the node never relies on them:
 * it searches date windows, newest first. A window whose first page shows more pages is split
 * into narrower windows (as many as it has pages, at most MAX_PARTS) and those are searched
 * newest first; a window of a few pages, one too short to split, or one holding nearly all the
 * payments of the window it was split from (they are bunched: splitting again gains little) is
 * read page by page. Read-only
 * calls; at most MAX_LIST_CALLS list calls per payment, and a payment not found within them stops
 * the item, naming the dates searched (it is never taken as "nothing refunded").
 */
export const MAX_LIST_CALLS = 20;
/** A window of at most this many pages is read page by page rather than split. */
const READ_PAGES_UP_TO = 3;
/** A part holding this share of its parent's payments or more is read page by page: they are bunched. */
const BUNCHED = 0.9;
/** The most windows one window is split into. */
const MAX_PARTS = 16;
const SECOND = 1000;

interface Window {
	/** Inclusive, in whole seconds (ms). Neighbouring windows share their boundary second, so none is skipped. */
	from: number;
	to: number;
	/** The number of payments in the window this one was split from, when the gateway said. */
	parentTotal?: number;
}

/** `window` in `count` parts, oldest first, sharing their boundaries. */
function split(window: Window, count: number, total: number | undefined): Window[] {
	const seconds = (window.to - window.from) / SECOND;
	const parts = Math.max(1, Math.min(count, seconds));
	const bounds = Array.from({ length: parts + 1 }, (_, index) => window.from + Math.round((seconds * index) / parts) * SECOND);
	return bounds.slice(0, -1).map((from, index) => ({ from, to: bounds[index + 1], parentTotal: total }));
}

/**
 * The payment's status record, or `absent` (with the error to show) when the payment is not among
 * the successful payments of the last 6 months and every one of them was read: the only clear
 * "not on this terminal". A search cut short by the budget, a status answer that does not list the
 * payment, a refusal or a failed call throw.
 */
export async function findPaymentById(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	paymentId: string,
	operation: string,
	run: RunContext,
	terminal?: CredentialTerminal,
): Promise<{ record: IDataObject; absent?: undefined } | { record?: undefined; absent: NodeOperationError }> {
	const what = `${operation} (look up payment ${paymentId})`;
	const request = terminal ? onTerminal(requestOptionsFrom(parameters, what), terminal) : requestOptionsFrom(parameters, what);
	// With two terminals every message says which one it is about.
	const on = terminal && run.terminals.length > 1 ? ` on the ${terminal.label} terminal ${terminal.terminal}` : '';
	const stop = (problem: string) =>
		new NodeOperationError(this.getNode(), `${operation}: ${problem}. Nothing was sent [item ${parameters.itemIndex}]`, {
			itemIndex: parameters.itemIndex,
			description: 'Identify the payment by its order number (Identify Payment By › Order Number), or give the Amount.',
		});
	const shown = (ms: number) => `${toGatewayDate(DateTime.fromMillis(ms), run.gatewayZone)} (${run.gatewayZone})`;
	const queryOf = (window: Window): PageRequest => ({
		endpoint: 'successfulOrders',
		fields: { order_beginDate: toGatewayDate(DateTime.fromMillis(window.from), run.gatewayZone), order_endDate: toGatewayDate(DateTime.fromMillis(window.to), run.gatewayZone) },
		request,
		omitFirstPage: true,
	});
	const start = Math.ceil(run.now.minus({ months: 6 }).plus({ days: 1 }).toMillis() / SECOND) * SECOND;
	const end = Math.floor(run.now.toMillis() / SECOND) * SECOND;

	let orderNumber = '';
	let calls = 0;
	/** Everything from `searchedFrom` to `end` has been read (windows are searched newest first). */
	let searchedFrom = end;
	const read = async (window: Window, page: number) => {
		calls++;
		const result = await readPage.call(this, queryOf(window), page);
		orderNumber = String(result.records.find((record) => String(record.payment_id ?? '').trim() === paymentId)?.order_number ?? '').trim();
		return result;
	};
	// A stack: the newest window is on top.
	const windows: Window[] = [{ from: start, to: end }];
	search: while (windows.length > 0 && calls < MAX_LIST_CALLS) {
		const window = windows.pop() as Window;
		const first = await read(window, 1);
		if (orderNumber !== '') break;
		const pages = first.records.length === 0 ? 1 : (first.totalPages ?? 1);
		const bunched = first.total !== undefined && window.parentTotal !== undefined && first.total >= BUNCHED * window.parentTotal;
		if (pages > READ_PAGES_UP_TO && !bunched && window.to - window.from >= 2 * SECOND) {
			windows.push(...split(window, Math.min(pages, MAX_PARTS), first.total));
			continue;
		}
		for (let page = 2; page <= pages; page++) {
			if (calls >= MAX_LIST_CALLS) break search;
			const next = await read(window, page);
			if (orderNumber !== '') break search;
			if (next.records.length === 0) break;
		}
		searchedFrom = window.from;
	}
	if (orderNumber === '') {
		const all = searchedFrom <= start;
		const error = stop(
			`payment ${paymentId} is not among the successful payments of the last 6 months${on} that the node read: it searched those from ${shown(searchedFrom)} to ${shown(end)}${
				all ? '' : `; older ones, back to ${shown(start)}, were not searched within its budget of ${MAX_LIST_CALLS} list calls`
			}, so what is still refundable on it is unknown`,
		);
		if (all) return { absent: error };
		throw error;
	}
	const answer = (await queryOrderStatus.call(this, [orderNumber], request)).get(orderNumber);
	const record = answer?.payments.find((payment) => String(payment.payment_id ?? '').trim() === paymentId);
	if (record) return { record };
	// A refusal inside the record (busy, signature, terminal) is named, so the user knows to try again.
	const unclear = answer && unclearAbsence(answer);
	const said = unclear ? `: it answered ${describeUnclear(unclear)}` : '';
	throw stop(`the status of order ${orderNumber}${on} does not list payment ${paymentId}${said}, so what is still refundable on it is unknown`);
}

/** The status record of a payment given by ID; a payment not found stops the item. */
export async function paymentRecordById(
	this: IExecuteFunctions,
	parameters: ItemParameters,
	paymentId: string,
	operation: string,
	run: RunContext,
	terminal?: CredentialTerminal,
): Promise<IDataObject> {
	const outcome = await findPaymentById.call(this, parameters, paymentId, operation, run, terminal);
	if (outcome.absent) throw outcome.absent;
	return outcome.record;
}
