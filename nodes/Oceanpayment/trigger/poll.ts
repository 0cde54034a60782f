import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { fromGatewayDate, oldestListed } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { MAX_ORDER_NUMBERS_PER_CALL, queryOrderStatus, type OrderStatusAnswer } from '../helpers/orderStatus';
import { fetchPages } from '../helpers/paging';
import { notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../helpers/simplify';
import { LIST_EVENTS, WATCHED_STATUS_FIELDS, type ListEvent, type ListEventName } from './events';
import { coveredUntil, ListReader, triggerRequest, type WindowRecords } from './reader';
import { digest, emptyState, prune, remember, rememberedCounts, StateStore, type TriggerState } from './state';
import { GatewayClock } from './windows';

export type ReReadMode = 'auto' | 'everyPoll' | 'once';

export interface TriggerSettings {
	event: ListEventName | 'orderStatusChanged' | 'disputeReplyDeadline';
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
	/** When the overlap is read again besides as each period leaves it (see pollList). */
	reRead: ReReadMode;
	/** Dispute Reply Deadline: hours before the deadline of the first and the optional second alarm (0: none). */
	leadHours: number;
	secondLeadHours: number;
}

/** Items returned by "Fetch Test Event". */
export const SAMPLE_SIZE = 5;
/**
 * How long a remembered event is still counted (and kept) after the re-read has passed the end of
 * the window in which it was first seen: slack for a gateway date that moves a little later.
 */
const CLOCK_MARGIN_SECONDS = 10 * 60;
/** Pages read per window by "Fetch Test Event", so a sample never reads a whole history. */
const SAMPLE_MAX_PAGES = 10;
/** Automatic reads the whole overlap at once when it takes at most this many calls. */
const AUTO_WHOLE_PAGES = 2;
/** The documented default page size of the business-event and dispute lists (until a full page shows it). */
const DEFAULT_PAGE_SIZE = 10;
const DAY_SECONDS = 86_400;
/** Kept from the oldest moment the gateway surely lists: slack for its clock. */
const OLDEST_MARGIN_SECONDS = 10 * 60;

const requestFor = (title: string, settings: TriggerSettings) => triggerRequest(title, settings.retries);
export const toSeconds = (iso: string): number => Math.floor(DateTime.fromISO(iso).toSeconds());
export const toIso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * Event and filters. The trailing '0' is the business-event date type of 0.1.0 (review time,
 * the only one that catches every event), kept so that state saved by 0.1.0 still matches.
 */
export function configKey(settings: TriggerSettings): string {
	return JSON.stringify([settings.event, settings.disputeType, [...settings.eventTypes].sort(), '0']);
}

export function filterFields(settings: TriggerSettings): IDataObject {
	if ((settings.event === 'newDispute' || settings.event === 'disputeReplyDeadline') && settings.disputeType) return { notice_type: settings.disputeType };
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

/**
 * A reader of the event's list for this poll, up to the last second that is over. The gateway's
 * times have whole seconds: a record of the current second may still be listed after this poll,
 * and would then count as late (read again only as it leaves the overlap, on a busy account).
 * The next poll reads it as new instead.
 */
export function listReader(context: IPollFunctions, settings: TriggerSettings, run: RunContext, event: ListEvent, known: { cursor?: number; shift?: number } = {}): ListReader {
	const now = Math.floor(run.now.toSeconds()) - 1;
	return new ListReader(context, {
		event,
		title: event.title,
		filters: filterFields(settings),
		retries: settings.retries,
		clock: new GatewayClock(run.gatewayZone),
		now,
		oldest: oldestListed(now, run.gatewayZone, event.span, OLDEST_MARGIN_SECONDS),
		shift: known.shift,
		cursor: known.cursor,
	});
}

/** Fetch Test Event: the records of the last day, week or whole list, without reading or touching the state. */
export async function sampleRecords(context: IPollFunctions, settings: TriggerSettings, run: RunContext, event: ListEvent): Promise<IDataObject[]> {
	const reader = listReader(context, settings, run, event);
	const { now } = reader.bounds;
	const end = reader.clock.endAtOrAfter(now);
	for (const days of [1, 7, Infinity]) {
		const from = reader.startAt(days === Infinity ? reader.bounds.oldest : now - days * DAY_SECONDS);
		const fetched = await reader.fromOldest(
			from,
			end,
			async (start) => await fetchPages.call(context, { ...reader.query(start, end), returnAll: true, limit: 0, maxPages: SAMPLE_MAX_PAGES }),
			() => true,
		);
		const matching = (fetched?.result.records ?? []).filter((record) => wanted(settings, record));
		if (matching.length || days === Infinity) return matching;
	}
	return [];
}

/**
 * Reads what this poll is due to read, within Max Gateway Calls per Poll. Three parts of time:
 * - ending: from where every period has been read again after it left the overlap
 *   (`checked`) up to now minus the overlap. Read again now, a record listed up to Overlap after
 *   its date cannot be missed. At most half of the calls, so new records always move on; what
 *   does not fit stays due and is read by the next polls.
 * - new: from the previous cursor up to now.
 * - the rest of the overlap, read again so that a late record comes out at once: Every Poll as
 *   much of it as the calls left allow (the newest part first), Automatic when the whole overlap
 *   fits in one or two calls (then all three parts are one window), Once, as It Ends never.
 */
async function readDue(reader: ListReader, settings: TriggerSettings, state: TriggerState, due: { checked: number; cursor: number; now: number; quietUntil?: number }): Promise<{ busy?: boolean; reReadFrom?: number }> {
	const { checked, cursor, now, quietUntil } = due;
	const budget = settings.maxCalls;
	const endsBy = Math.min(now - settings.overlapMinutes * 60, cursor);
	const quietInside = quietUntil !== undefined && quietUntil > checked && quietUntil < now;
	// Under 3 calls a failed whole read would leave the ending part nothing: every mode reads as Once, as It Ends.
	if ((settings.reRead === 'everyPoll' || (settings.reRead === 'auto' && !state.busy)) && !quietInside && budget >= 3) {
		const limit = settings.reRead === 'everyPoll' ? budget : Math.min(budget, AUTO_WHOLE_PAGES);
		const whole = await reader.readWhole({ from: checked + 1, to: now }, { left: limit });
		if (whole === 'read') return { busy: false };
		if (whole === 'tooBig' && settings.reRead === 'auto') state.busy = true;
	}
	const endingBudget = Math.ceil(budget / 2) - reader.calls;
	const ending = checked + 1 < endsBy ? await reader.readForward({ from: checked + 1, to: endsBy, splitAt: quietUntil }, { left: endingBudget }, endingBudget > 0) : [];
	const endingEnd = ending.length ? ending[ending.length - 1].askedEnd : checked;
	const freshStart = reader.startAt(Math.max(reader.startAt(cursor + 1), endingEnd + 1));
	await reader.readForward({ from: freshStart, to: now, splitAt: quietUntil }, { left: budget - reader.calls });
	if (settings.reRead !== 'everyPoll') return {};
	const back = await reader.readBack({ from: Math.max(endsBy, endingEnd) + 1, to: freshStart - 1 }, { left: budget - reader.calls });
	return { reReadFrom: back ? back.start : freshStart };
}

/**
 * New records of a list. The first active poll records a baseline (emitting nothing unless a
 * backfill is asked for); each later poll reads what is due (readDue), emits what it has not
 * seen, and moves the cursor to the end of what it read completely.
 *
 * Records have no event ID, so records that agree in every field of the event's key are counted:
 * a poll that re-reads more copies than the state remembers (of those first seen late enough to
 * be in the re-read) emits the extra ones. Records read after the previous cursor are all new.
 */
export async function pollList(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	const event = LIST_EVENTS[settings.event as ListEventName];

	if (this.getMode() === 'manual') {
		const newest = (await sampleRecords(this, settings, run, event))
			.map((record, index) => ({ record, index, time: eventSeconds(event, record, run) }))
			.sort((a, b) => b.time - a.time || b.index - a.index)
			.slice(0, SAMPLE_SIZE);
		return newest.length ? [newest.map(({ record }) => toItem(settings, event, record, run))] : null;
	}

	const store = new StateStore(this);
	const config = configKey(settings);
	const previous = store.read(config);
	const next: TriggerState = previous ?? emptyState(config);
	const overlap = settings.overlapMinutes * 60;
	const previousCursor = previous?.cursor ? toSeconds(previous.cursor) : undefined;
	const reader = listReader(this, settings, run, event, { cursor: previousCursor, shift: previous?.oldestShift });
	const { now, oldest } = reader.bounds;
	let quietUntil = next.quietUntil ? toSeconds(next.quietUntil) : undefined;

	// `cursor`: everything dated up to it has been read. `checked`: everything dated up to it has
	// also been read at least Overlap after its date.
	let cursor: number;
	let checked: number;
	let logged: { busy?: boolean; reReadFrom?: number } = {};
	if (previousCursor === undefined) {
		let from = now - overlap;
		if (settings.backfillHours > 0) {
			// Backfill: the past hours are emitted once instead of only remembered.
			from = now - settings.backfillHours * 3600;
		} else {
			// Baseline: remember what is already there, so late arrivals of old events stay quiet.
			quietUntil = now;
			next.quietUntil = toIso(now);
		}
		cursor = checked = Math.max(from, oldest) - 1;
		if (quietUntil === undefined) await reader.readForward({ from: cursor + 1, to: now }, { left: settings.maxCalls });
		else {
			// n8n saves the state of a poll that emits nothing only at activation: a baseline spread
			// over several polls would start over at each restart. So it is what this poll can read,
			// the newest part first; records dated before it are taken as already there.
			const baseline = await reader.readBack({ from: cursor + 1, to: reader.clock.endAtOrAfter(now) }, { left: settings.maxCalls });
			const start = baseline ? baseline.start : reader.clock.endAtOrAfter(now) + 1;
			if (start > cursor + 1) {
				this.logger.warn(
					`Oceanpayment Trigger › ${event.title}: the records of ${reader.period(cursor + 1, start - 1)} (gateway time) were too many to remember in Max Gateway Calls per Poll at activation; they are taken as already there, also if listed later`,
					{ workflowId: this.getWorkflow().id, nodeId: this.getNode().id },
				);
			}
			cursor = checked = Math.max(cursor, Math.min(start, now + 1) - 1);
			// Nothing before the baseline's end is new: the cursor moves there even if nothing was read.
			if (!baseline) reader.windows.push({ records: [], start: cursor + 1, end: now, askedEnd: now, fresh: false });
		}
	} else {
		cursor = Math.max(previousCursor, oldest - 1);
		// State of an Every Poll trigger before 0.2.0 has no `checkedUntil`: it had read the whole overlap.
		checked = Math.max(previous?.checkedUntil ? toSeconds(previous.checkedUntil) : previousCursor - overlap, oldest - 1);
		logged = await readDue(reader, settings, next, { checked, cursor, now, quietUntil });
	}
	const windows = [...reader.windows].sort((a, b) => a.start - b.start);
	const emitted = emitNew(next, settings, event, run, windows, quietUntil);
	if (reader.shift) {
		// The gateway refused a window as too far back: nothing before its list's start is due.
		next.oldestShift = reader.shift;
		cursor = Math.max(cursor, reader.bounds.oldest - 1);
		checked = Math.max(checked, reader.bounds.oldest - 1);
	}

	if (windows.length) {
		// Neither moves back: what lies before them was read completely by earlier polls.
		const newCursor = Math.max(cursor, coveredUntil(cursor, windows, now));
		const newChecked = Math.max(checked, coveredUntil(checked, windows, now - overlap));
		next.cursor = toIso(newCursor);
		next.checkedUntil = toIso(newChecked);
		if (quietUntil !== undefined && newCursor >= quietUntil) delete next.quietUntil;
		if (reader.pageSize) next.pageSize = Math.max(next.pageSize ?? 0, reader.pageSize);
		if (logged.busy === false || (next.busy && rememberedTotal(next, now - overlap) <= (next.pageSize ?? DEFAULT_PAGE_SIZE))) delete next.busy;
		const { clock } = reader;
		prune(next, Math.min(clock.startAtOrBefore(newChecked + 1), clock.startAtOrBefore(newCursor + 1)) - CLOCK_MARGIN_SECONDS);
		logLeftovers(this, reader, event, { endsBy: Math.min(now - overlap, cursor), checked: newChecked, reReadFrom: logged.reReadFrom });
	}
	store.write(next);
	return emitted.length ? [emitted] : null;
}

function rememberedTotal(state: TriggerState, sinceSeconds: number): number {
	let total = 0;
	for (const count of rememberedCounts(state, sinceSeconds).values()) total += count;
	return total;
}

/** The records of the windows that are new, remembered in `state`; quiet ones remembered only. */
function emitNew(state: TriggerState, settings: TriggerSettings, event: ListEvent, run: RunContext, windows: WindowRecords[], quietUntil?: number): INodeExecutionData[] {
	const reRead = windows.filter((window) => !window.fresh);
	const remembered = rememberedCounts(state, (reRead.length ? Math.min(...reRead.map((window) => window.start)) : Infinity) - CLOCK_MARGIN_SECONDS);
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
			remember(state, key, window.end);
			if (!quiet && wanted(settings, record)) emitted.push(toItem(settings, event, record, run));
		}
	}
	return emitted;
}

/** What this poll left for the next ones, in n8n's log by gateway time: it is read later, never skipped. */
function logLeftovers(context: IPollFunctions, reader: ListReader, event: ListEvent, left: { endsBy: number; checked: number; reReadFrom?: number }) {
	const meta = { workflowId: context.getWorkflow().id, nodeId: context.getNode().id };
	if (reader.overBudget.length) {
		context.logger.warn(`Oceanpayment Trigger › ${event.title}: ${reader.overBudget.join(', ')} (gateway time) could not be split further and was read whole, over Max Gateway Calls per Poll`, meta);
	}
	if (left.checked < left.endsBy) {
		context.logger.warn(
			`Oceanpayment Trigger › ${event.title}: the records of ${reader.period(left.checked + 1, left.endsBy)} (gateway time) are due to be read again as they leave the overlap, but did not fit in half of Max Gateway Calls per Poll; the next polls read them`,
			meta,
		);
	}
	if (left.reReadFrom !== undefined && left.reReadFrom > Math.max(left.endsBy, left.checked) + 1) {
		context.logger.warn(
			`Oceanpayment Trigger › ${event.title}: the overlap holds more records than the calls left in this poll can read again, so only those from ${reader.clock.format(left.reReadFrom)} (gateway time) on were read again now; the older ones are read again as they leave the overlap`,
			meta,
		);
	}
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
