import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { DEFAULT_RETRY, type RequestOptions } from '../transport';
import { fromGatewayDate, toGatewayDate } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { MAX_ORDER_NUMBERS_PER_CALL, queryOrderStatus, type OrderStatusAnswer } from '../helpers/orderStatus';
import { fetchPages, readPage, type PageRequest } from '../helpers/paging';
import { notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../helpers/simplify';
import { LIST_EVENTS, WATCHED_STATUS_FIELDS, type ListEvent, type ListEventName } from './events';
import { digest, emptyState, prune, remember, rememberedCounts, StateStore, type TriggerState } from './state';

export interface TriggerSettings {
	event: ListEventName | 'orderStatusChanged';
	disputeType: string;
	eventTypes: string[];
	watchedOrders: string[];
	overlapMinutes: number;
	backfillHours: number;
	simplify: boolean;
	/** Retries of each read call on network errors within one poll. */
	retries: number;
	/** Gateway calls one poll may make; a longer catch-up continues on the next polls. */
	maxCalls: number;
	/** When the overlap is read again: every poll, or once, as each period leaves it. */
	reRead: 'everyPoll' | 'once';
}

/** Items returned by "Fetch Test Event". */
const SAMPLE_SIZE = 5;
/**
 * How long a remembered event is still counted (and kept) after the re-read has passed the end of
 * the window in which it was first seen: slack for a gateway date that moves a little later.
 */
const CLOCK_MARGIN_MINUTES = 10;
/** Pages read per window by "Fetch Test Event", so a sample never reads a whole history. */
const SAMPLE_MAX_PAGES = 10;
/** The shortest window a catch-up splits a busy period into; it is read whole, even over budget. */
const MIN_WINDOW_SECONDS = 60;

function requestFor(title: string, settings: TriggerSettings): RequestOptions {
	return { operation: `Oceanpayment Trigger › ${title}`, retry: { ...DEFAULT_RETRY, retries: settings.retries } };
}

/**
 * Event and filters. The trailing '0' is the business-event date type of 0.1.0 (review time,
 * the only one that catches every event), kept so that state saved by 0.1.0 still matches.
 */
function configKey(settings: TriggerSettings): string {
	return JSON.stringify([settings.event, settings.disputeType, [...settings.eventTypes].sort(), '0']);
}

function filterFields(settings: TriggerSettings): IDataObject {
	if (settings.event === 'newDispute' && settings.disputeType) return { notice_type: settings.disputeType };
	return {};
}

function wanted(settings: TriggerSettings, record: IDataObject): boolean {
	if (settings.event !== 'newBusinessEvent' || settings.eventTypes.length === 0) return true;
	const type = String(record.type ?? '').toLowerCase();
	return settings.eventTypes.some((wantedType) => wantedType.toLowerCase() === type);
}

function eventSeconds(event: ListEvent, record: IDataObject, run: RunContext): number {
	if (event.timeField) {
		const iso = fromGatewayDate(record[event.timeField], run.gatewayZone);
		if (iso) return Math.floor(DateTime.fromISO(iso).toSeconds());
	}
	return Math.floor(run.now.toSeconds());
}

function toItem(settings: TriggerSettings, event: ListEvent, record: IDataObject, run: RunContext): INodeExecutionData {
	const json = settings.simplify ? event.simplify(record, run.gatewayZone) : withoutEnvelope(record);
	return { json: { event: settings.event, ...json } };
}

function windowQuery(event: ListEvent, settings: TriggerSettings, run: RunContext, start: DateTime, end: DateTime): PageRequest {
	return {
		endpoint: event.endpoint,
		fields: {
			order_beginDate: toGatewayDate(start, run.gatewayZone),
			order_endDate: toGatewayDate(end, run.gatewayZone),
			...filterFields(settings),
		},
		omitFirstPage: event.omitFirstPage,
		request: requestFor(event.title, settings),
	};
}

interface WindowRecords {
	records: IDataObject[];
	/** End of the window the records came from: their filter date is at or before it. */
	end: DateTime;
	/**
	 * Whether the window lies wholly after the previous cursor. Every remembered event was first
	 * seen in a window ending at or before that cursor, so nothing in a fresh window is remembered.
	 */
	fresh: boolean;
}

/** Gateway calls left in this poll. */
interface Budget {
	left: number;
}

type WindowRead =
	| { kind: 'records'; records: IDataObject[] }
	/** Its pages do not fit in the budget (one call spent to learn that). */
	| { kind: 'tooBig'; pages: number }
	/** The list changed while its pages were read: records shifted between pages. */
	| { kind: 'changed' }
	| { kind: 'noBudget' };

/**
 * Reads every page of [start, end] if they fit in the budget. With `progress`, the window is read
 * even over budget when it is a shortest window, so that a poll that has read nothing yet moves on.
 */
async function readWindow(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	window: { start: DateTime; end: DateTime },
	budget: Budget,
	progress = false,
): Promise<WindowRead> {
	if (budget.left <= 0 && !progress) return { kind: 'noBudget' };
	const query = windowQuery(event, settings, run, window.start, window.end);
	const first = await readPage.call(context, query, 1);
	budget.left--;
	const pages = first.totalPages ?? 1;
	const shortest = window.end.diff(window.start, 'seconds').seconds <= MIN_WINDOW_SECONDS;
	if (pages - 1 > budget.left && !(progress && shortest)) return { kind: 'tooBig', pages };
	// `count` is the number of matching records when it exceeds the first page (INFERRED). A record
	// added or removed while the pages are read moves the others between pages, so one would be read
	// twice (and counted as two identical events) or not at all: such a window is read again.
	const total = first.total !== undefined && first.total > first.records.length ? first.total : undefined;
	const records = [...first.records];
	for (let page = 2; page <= pages && first.records.length > 0; page++) {
		const next = await readPage.call(context, query, page);
		budget.left--;
		if (total !== undefined && next.total !== undefined && next.total !== total) return { kind: 'changed' };
		if (next.records.length === 0) break;
		for (const record of next.records) records.push(record);
	}
	return { kind: 'records', records };
}

/**
 * Reads [from, to] forward in consecutive windows within the budget. A window whose pages would
 * not fit is shrunk (in proportion to its page count) and asked again; windows never straddle
 * `splitAt`. Appends the windows read completely to `windows`, in order, and returns them; the
 * rest is left for the next poll.
 */
async function readForward(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	range: { from: DateTime; to: DateTime; splitAt?: DateTime },
	budget: Budget,
	fresh: boolean,
	windows: WindowRecords[] = [],
): Promise<WindowRecords[]> {
	let start = range.from;
	while (start <= range.to) {
		let end = range.splitAt && range.splitAt >= start && range.splitAt < range.to ? range.splitAt : range.to;
		for (;;) {
			// Only a poll that has read nothing yet goes over budget, by as little as it takes to move on.
			const progress = windows.length === 0;
			const read = await readWindow(context, event, settings, run, { start, end }, budget, progress);
			if (read.kind === 'records') {
				windows.push({ records: read.records, end, fresh });
				break;
			}
			if (read.kind === 'noBudget' || (budget.left <= 0 && !progress)) return windows;
			if (read.kind === 'changed') {
				if (budget.left <= 0) return windows;
				continue;
			}
			const span = end.diff(start, 'seconds').seconds;
			if (span <= MIN_WINDOW_SECONDS) return windows;
			end = start.plus({ seconds: Math.max(MIN_WINDOW_SECONDS, Math.floor((span * Math.max(budget.left, 1)) / read.pages)) });
		}
		start = end.plus({ seconds: 1 });
	}
	return windows;
}

/**
 * Re-reads the newest part of [from, to] (the overlap before the cursor) that fits in `calls`
 * calls, as one window ending at `to`. Returns it, with the start actually re-read.
 */
async function readBack(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	range: { from: DateTime; to: DateTime },
	calls: number,
): Promise<{ window?: WindowRecords; start: DateTime; calls: number }> {
	const budget = { left: calls };
	let start = range.from;
	while (budget.left > 0) {
		const read = await readWindow(context, event, settings, run, { start, end: range.to }, budget);
		if (read.kind === 'records') return { window: { records: read.records, end: range.to, fresh: false }, start, calls: calls - budget.left };
		if (read.kind === 'tooBig') {
			const span = range.to.diff(start, 'seconds').seconds;
			const shorter = Math.floor((span * budget.left) / read.pages);
			if (shorter < 1) break;
			start = range.to.minus({ seconds: shorter });
		}
	}
	return { start: range.to.plus({ seconds: 1 }), calls: calls - budget.left };
}

/**
 * Reads [from, to] within the poll's call budget. `resumeAt` is the previous cursor: what lies
 * before it is a re-read of the overlap, what lies after it is new. Usually both fit in one
 * window. When they do not, new records are read first with half of the calls left, so the
 * cursor always moves forward; the re-read gets the rest (the newest part of the overlap that
 * fits), and what it leaves goes to new records again.
 */
async function readRange(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	range: { from: DateTime; to: DateTime; resumeAt?: DateTime; splitAt?: DateTime },
): Promise<{ windows: WindowRecords[]; reReadFrom: DateTime }> {
	const budget: Budget = { left: settings.maxCalls };
	const resumeAt = range.resumeAt && range.resumeAt > range.from && range.resumeAt < range.to ? range.resumeAt : undefined;
	if (!resumeAt) return { windows: await readForward(context, event, settings, run, range, budget, false), reReadFrom: range.from };
	if (!(range.splitAt && range.splitAt >= range.from && range.splitAt < range.to)) {
		const whole = await readWindow(context, event, settings, run, { start: range.from, end: range.to }, budget);
		if (whole.kind === 'records') return { windows: [{ records: whole.records, end: range.to, fresh: false }], reReadFrom: range.from };
	}
	const reserved = Math.floor(budget.left / 2);
	budget.left -= reserved;
	const ahead = { from: resumeAt.plus({ seconds: 1 }), to: range.to, splitAt: range.splitAt };
	const forward = await readForward(context, event, settings, run, ahead, budget, true);
	budget.left = reserved + Math.max(budget.left, 0);
	const back = await readBack(context, event, settings, run, { from: range.from, to: resumeAt }, budget.left);
	budget.left -= back.calls;
	// What the re-read did not need goes to new records again.
	const readUpTo = forward.length ? forward[forward.length - 1].end : resumeAt;
	if (readUpTo < range.to && budget.left > 0) await readForward(context, event, settings, run, { ...ahead, from: readUpTo.plus({ seconds: 1 }) }, budget, true, forward);
	return { windows: back.window ? [back.window, ...forward] : forward, reReadFrom: back.start };
}

/**
 * Re-Read the Overlap "Once, as It Ends": what is new since the previous cursor is read, and the
 * overlap is read again only where it ends with this poll, from where the last such re-read
 * stopped (`checkedFrom`) up to now minus the overlap. A record that reaches the gateway up to
 * Overlap minutes after its date is listed by then, so nothing within the overlap is missed, and
 * every period is read twice in all, however busy the account. The ending part gets at most half
 * of the calls, so new records always move on; `checkedUntil` is where the re-read got to.
 */
async function readNewAndEnding(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	range: { checkedFrom: DateTime; resumeAt: DateTime; to: DateTime; splitAt?: DateTime },
): Promise<{ windows: WindowRecords[]; checkedUntil: DateTime }> {
	const endsBy = range.to.minus({ minutes: settings.overlapMinutes });
	const endingTo = DateTime.min(endsBy, range.resumeAt);
	const ending: Budget = { left: Math.ceil(settings.maxCalls / 2) };
	const ended = range.checkedFrom <= endingTo ? await readForward(context, event, settings, run, { from: range.checkedFrom, to: endingTo, splitAt: range.splitAt }, ending, false) : [];
	let checkedUntil = ended.length ? ended[ended.length - 1].end : range.checkedFrom.minus({ seconds: 1 });
	const budget: Budget = { left: settings.maxCalls - Math.ceil(settings.maxCalls / 2) + Math.max(ending.left, 0) };
	const fresh = await readForward(context, event, settings, run, { from: range.resumeAt.plus({ seconds: 1 }), to: range.to, splitAt: range.splitAt }, budget, true);
	// New records read now that are older than the overlap are read as late as a re-read would be.
	if (checkedUntil >= range.resumeAt && fresh.length) checkedUntil = DateTime.max(checkedUntil, DateTime.min(fresh[fresh.length - 1].end, endsBy));
	return { windows: [...ended, ...fresh], checkedUntil };
}

/**
 * New records of a list. The first active poll records a baseline (emitting nothing unless a
 * backfill is asked for); each later poll reads from the cursor minus the overlap towards now,
 * within its call budget, emits what it has not seen, and moves the cursor to the end of what it
 * read completely.
 *
 * Records have no event ID, so records that agree in every field of the event's key are counted:
 * a poll that re-reads more copies than the state remembers (of those first seen late enough to
 * be in the re-read) emits the extra ones. Records read after the previous cursor are all new.
 */
export async function pollList(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	const event = LIST_EVENTS[settings.event as ListEventName];
	const now = run.now.startOf('second');
	const oldestServed = now.minus({ days: event.windowDays }).plus({ minutes: 1 });

	if (this.getMode() === 'manual') {
		// Fetch Test Event: the newest real records, without reading or touching the state.
		for (const days of [1, 7, event.windowDays]) {
			const start = DateTime.max(now.minus({ days }), oldestServed);
			const { records } = await fetchPages.call(this, { ...windowQuery(event, settings, run, start, now), returnAll: true, limit: 0, maxPages: SAMPLE_MAX_PAGES });
			const matching = records.filter((record) => wanted(settings, record));
			if (matching.length) {
				const newest = matching
					.map((record, index) => ({ record, index, time: eventSeconds(event, record, run) }))
					.sort((a, b) => b.time - a.time || b.index - a.index)
					.slice(0, SAMPLE_SIZE);
				return [newest.map(({ record }) => toItem(settings, event, record, run))];
			}
			if (days >= event.windowDays) break;
		}
		return null;
	}

	const store = new StateStore(this);
	const config = configKey(settings);
	const previous = store.read(config);
	const overlap = { minutes: settings.overlapMinutes };
	const next: TriggerState = previous ?? emptyState(config);

	const previousCursor = previous?.cursor ? DateTime.fromISO(previous.cursor) : undefined;
	// Where a re-read "once, as it ends" got to; without one, the overlap before the cursor.
	const checkedUntil = previous?.checkedUntil && previousCursor ? DateTime.fromISO(previous.checkedUntil) : undefined;
	let from: DateTime;
	if (previousCursor) {
		from = checkedUntil ? DateTime.min(previousCursor.minus(overlap), checkedUntil.plus({ seconds: 1 })) : previousCursor.minus(overlap);
	} else if (settings.backfillHours > 0) {
		// Backfill: the past hours are emitted once instead of only remembered.
		from = now.minus({ hours: settings.backfillHours });
	} else {
		// Baseline: remember what is already there, so late arrivals of old events stay quiet.
		from = now.minus(overlap);
		next.quietUntil = now.toISO() ?? undefined;
	}
	from = DateTime.max(from, oldestServed).startOf('second');
	const quietUntil = next.quietUntil ? DateTime.fromISO(next.quietUntil) : undefined;

	let windows: WindowRecords[];
	let reReadFrom = from;
	delete next.checkedUntil;
	if (settings.reRead === 'once' && previousCursor && previousCursor >= from && previousCursor < now) {
		reReadFrom = DateTime.max((checkedUntil ?? previousCursor.minus(overlap)).plus({ seconds: 1 }), from);
		const read = await readNewAndEnding(this, event, settings, run, { checkedFrom: reReadFrom, resumeAt: previousCursor, to: now, splitAt: quietUntil });
		windows = read.windows;
		next.checkedUntil = read.checkedUntil.toISO() ?? undefined;
	} else {
		({ windows, reReadFrom } = await readRange(this, event, settings, run, { from, to: now, resumeAt: previousCursor, splitAt: quietUntil }));
	}
	if (settings.reRead === 'everyPoll' && reReadFrom > from) {
		this.logger.warn(
			`Oceanpayment Trigger › ${event.title}: the overlap holds more records than half of Max Gateway Calls per Poll can read, so only records from ${reReadFrom.toISO()} on were read again`,
		);
	}

	const remembered = rememberedCounts(next, Math.floor(reReadFrom.minus({ minutes: CLOCK_MARGIN_MINUTES }).toSeconds()));
	const seenThisPoll = new Map<string, number>();
	const emitted: INodeExecutionData[] = [];
	for (const window of windows) {
		const quiet = quietUntil !== undefined && window.end <= quietUntil;
		for (const record of window.records) {
			const key = digest(event.key(record));
			if (!window.fresh) {
				const copy = (seenThisPoll.get(key) ?? 0) + 1;
				seenThisPoll.set(key, copy);
				if (copy <= (remembered.get(key) ?? 0)) continue;
			}
			remember(next, key, Math.floor(window.end.toSeconds()));
			if (!quiet && wanted(settings, record)) emitted.push(toItem(settings, event, record, run));
		}
	}

	if (windows.length) {
		// The cursor never moves back: what lies before it was read completely by earlier polls.
		const lastEnd = windows[windows.length - 1].end;
		const cursor = previousCursor && previousCursor > lastEnd ? previousCursor : lastEnd;
		next.cursor = cursor.toISO() ?? undefined;
		if (quietUntil && cursor >= quietUntil) delete next.quietUntil;
		const keepFrom = next.checkedUntil ? DateTime.min(cursor.minus(overlap), DateTime.fromISO(next.checkedUntil)) : cursor.minus(overlap);
		prune(next, Math.floor(keepFrom.minus({ minutes: CLOCK_MARGIN_MINUTES }).toSeconds()));
	}
	store.write(next);
	return emitted.length ? [emitted] : null;
}

type Snapshot = Map<string, string[]>;

/** Payments of one order as `paymentId:v1/v2/…;…`, compact enough to keep for every watched order. */
function snapshotOf(payments: IDataObject[]): string {
	return payments
		.map((payment) => `${String(payment.payment_id)}:${WATCHED_STATUS_FIELDS.map(([field]) => String(payment[field] ?? '')).join('/')}`)
		.sort()
		.join(';');
}

function parseSnapshot(snapshot: string): Snapshot {
	const map: Snapshot = new Map();
	for (const part of snapshot.split(';').filter(Boolean)) {
		const separator = part.lastIndexOf(':');
		map.set(part.slice(0, separator), part.slice(separator + 1).split('/'));
	}
	return map;
}

function statusObject(values: string[] | undefined): IDataObject | null {
	if (!values) return null;
	return Object.fromEntries(WATCHED_STATUS_FIELDS.map(([, name], index) => [name, values[index] ?? '']));
}

/** The answer for one order, or an error: an answer that leaves an order out tells nothing about it. */
function answerFor(context: IPollFunctions, answers: Map<string, OrderStatusAnswer | undefined>, order: string): OrderStatusAnswer {
	const answer = answers.get(order);
	if (!answer) {
		throw new NodeApiError(context.getNode(), { message: `no entry for order number ${order}` }, {
			message: `Oceanpayment Trigger › Order Status Changed: the gateway's answer had no entry for order number "${order}", so nothing was compared or saved`,
			description: 'The next poll asks again.',
		});
	}
	return answer;
}

/**
 * Watches order numbers: fires once per payment whose payment result, refund, chargeback,
 * authorization or duplicate status changed since the last poll, with previous and current.
 * Each poll asks for at most `maxCalls` chunks of 100 orders, taking turns over the list.
 */
export async function pollOrderStatus(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	if (settings.watchedOrders.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Watched Order Numbers: enter at least one order number', {
			description: 'Separate several order numbers with commas, or use an expression that returns them.',
		});
	}
	const payment = (record: IDataObject) => (settings.simplify ? simplifyPaymentInfo(record, run.gatewayZone) : withoutEnvelope(record));
	const request = requestFor('Order Status Changed', settings);

	if (this.getMode() === 'manual') {
		const sampleOrders = settings.watchedOrders.slice(0, MAX_ORDER_NUMBERS_PER_CALL);
		const answers = await queryOrderStatus.call(this, sampleOrders, request);
		const items: INodeExecutionData[] = [];
		for (const order of sampleOrders) {
			for (const record of answerFor(this, answers, order).payments) {
				const values = WATCHED_STATUS_FIELDS.map(([field]) => String(record[field] ?? ''));
				items.push({
					json: { event: settings.event, orderNumber: order, paymentId: String(record.payment_id), changedFields: [], previous: null, current: statusObject(values), payment: payment(record) },
				});
			}
			if (items.length >= SAMPLE_SIZE) break;
		}
		if (!items.length) {
			const first = sampleOrders[0];
			return [[{ json: { event: settings.event, ...notFoundStatus(first, answers.get(first)?.emptyEntry) } }]];
		}
		return [items.slice(0, SAMPLE_SIZE)];
	}

	const store = new StateStore(this);
	const previous = store.read(configKey(settings));
	const next: TriggerState = previous ?? emptyState(configKey(settings));
	const chunks = Math.ceil(settings.watchedOrders.length / MAX_ORDER_NUMBERS_PER_CALL);
	const firstChunk = (next.nextChunk ?? 0) % chunks;
	const chunkCount = Math.min(chunks, settings.maxCalls);
	const emitted: INodeExecutionData[] = [];

	// Orders no longer watched are forgotten; the others keep their snapshot until asked again.
	const watched = new Set(settings.watchedOrders);
	next.orders = Object.fromEntries(Object.entries(next.orders).filter(([order]) => watched.has(order)));

	for (let turn = 0; turn < chunkCount; turn++) {
		const chunk = (firstChunk + turn) % chunks;
		const orders = settings.watchedOrders.slice(chunk * MAX_ORDER_NUMBERS_PER_CALL, (chunk + 1) * MAX_ORDER_NUMBERS_PER_CALL);
		const answers = await queryOrderStatus.call(this, orders, request);
		for (const order of orders) {
			const { payments } = answerFor(this, answers, order);
			const snapshot = snapshotOf(payments);
			const before = previous?.orders[order];
			if (before && snapshot === '') {
				throw new NodeApiError(this.getNode(), { message: `order ${order} reported without payments` }, {
					message: `Oceanpayment Trigger › Order Status Changed: the gateway reported order number "${order}" without payments, although it had payments before; nothing was compared or saved`,
					description: 'Payments do not disappear, so this answer cannot be trusted. The next poll asks again; remove the order from Watched Order Numbers if this persists.',
				});
			}
			next.orders[order] = snapshot;
			// A newly watched order (or the first poll) is a baseline, not a change.
			if (before === undefined || before === snapshot) continue;
			const old = parseSnapshot(before);
			for (const record of payments) {
				const paymentId = String(record.payment_id);
				const values = WATCHED_STATUS_FIELDS.map(([field]) => String(record[field] ?? ''));
				const was = old.get(paymentId);
				const changedFields = WATCHED_STATUS_FIELDS.filter((_, index) => !was || was[index] !== values[index]).map(([, name]) => name);
				if (was && changedFields.length === 0) continue;
				emitted.push({
					json: {
						event: settings.event,
						orderNumber: order,
						paymentId,
						changedFields,
						previous: statusObject(was),
						current: statusObject(values),
						payment: payment(record),
					},
				});
			}
		}
	}
	next.nextChunk = (firstChunk + chunkCount) % chunks;
	next.cursor = run.now.toISO() ?? undefined;
	store.write(next);
	return emitted.length ? [emitted] : null;
}
