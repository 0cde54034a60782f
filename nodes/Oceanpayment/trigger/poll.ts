import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { DEFAULT_RETRY, oceanpaymentApiRequest, type RequestOptions } from '../transport';
import { fromGatewayDate, toGatewayDate } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { fetchPages } from '../helpers/paging';
import { notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../helpers/simplify';
import { LIST_EVENTS, WATCHED_STATUS_FIELDS, type ListEvent, type ListEventName } from './events';
import { digest, emptyState, prune, readState, remember, seenDigests, writeState, type TriggerState } from './state';

export interface TriggerSettings {
	event: ListEventName | 'orderStatusChanged';
	disputeType: string;
	eventTypes: string[];
	dateType: string;
	watchedOrders: string[];
	overlapMinutes: number;
	backfillHours: number;
	simplify: boolean;
	/** Retries of each read call on network errors within one poll. */
	retries: number;
}

/** Largest status query: the gateway takes at most 100 order numbers per call. */
const STATUS_BATCH = 100;
/** Items returned by "Fetch Test Event". */
const SAMPLE_SIZE = 5;
/** Slack for clock differences between n8n and the gateway when forgetting old events. */
const CLOCK_MARGIN_MINUTES = 10;
/** Pages read per window by "Fetch Test Event", so a sample never reads a whole history. */
const SAMPLE_MAX_PAGES = 10;

function requestFor(title: string, settings: TriggerSettings): RequestOptions {
	return { operation: `Oceanpayment Trigger › ${title}`, retry: { ...DEFAULT_RETRY, retries: settings.retries } };
}

function configKey(settings: TriggerSettings): string {
	return JSON.stringify([settings.event, settings.disputeType, [...settings.eventTypes].sort(), settings.dateType]);
}

/** The list event with the business-event date type applied. */
function listEventFor(settings: TriggerSettings): ListEvent {
	const event = LIST_EVENTS[settings.event as ListEventName];
	if (settings.event !== 'newBusinessEvent') return event;
	// Review time (0) is not returned with the record; transaction and exception times are.
	const timeField = settings.dateType === '1' ? 'payment_dateTime' : settings.dateType === '2' ? 'payment_cpdTime' : undefined;
	return { ...event, timeField };
}

function filterFields(settings: TriggerSettings): IDataObject {
	if (settings.event === 'newDispute' && settings.disputeType) return { notice_type: settings.disputeType };
	if (settings.event === 'newBusinessEvent' && settings.dateType !== '0') return { date_type: settings.dateType };
	return {};
}

function wanted(settings: TriggerSettings, record: IDataObject): boolean {
	if (settings.event !== 'newBusinessEvent' || settings.eventTypes.length === 0) return true;
	const type = String(record.type ?? '').toLowerCase();
	return settings.eventTypes.some((wantedType) => wantedType.toLowerCase() === type);
}

async function fetchWindow(
	context: IPollFunctions,
	event: ListEvent,
	settings: TriggerSettings,
	run: RunContext,
	start: DateTime,
	end: DateTime,
	maxPages?: number,
): Promise<IDataObject[]> {
	const oldest = end.minus({ days: event.windowDays }).plus({ minutes: 1 });
	const from = start < oldest ? oldest : start;
	const { records } = await fetchPages.call(context, {
		endpoint: event.endpoint,
		fields: {
			order_beginDate: toGatewayDate(from, run.gatewayZone),
			order_endDate: toGatewayDate(end, run.gatewayZone),
			...filterFields(settings),
		},
		returnAll: true,
		limit: 0,
		maxPages,
		omitFirstPage: event.omitFirstPage,
		request: requestFor(event.title, settings),
	});
	return records;
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
 * New records of a list. The first active poll records a baseline (emitting nothing unless a
 * backfill is asked for); each later poll reads from the last cursor minus the overlap, emits
 * what it has not seen, and only then moves the cursor.
 */
export async function pollList(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	const event = listEventFor(settings);
	const now = run.now;

	if (this.getMode() === 'manual') {
		// Fetch Test Event: the newest real records, without reading or touching the state.
		for (const days of [1, 7, event.windowDays]) {
			const records = (await fetchWindow(this, event, settings, run, now.minus({ days }), now, SAMPLE_MAX_PAGES)).filter((r) =>
				wanted(settings, r),
			);
			if (records.length) {
				const newest = records
					.map((record, index) => ({ record, index, time: eventSeconds(event, record, run) }))
					.sort((a, b) => b.time - a.time || b.index - a.index)
					.slice(0, SAMPLE_SIZE);
				return [newest.map(({ record }) => toItem(settings, event, record, run))];
			}
			if (days >= event.windowDays) break;
		}
		return null;
	}

	const staticData = this.getWorkflowStaticData('node');
	const config = configKey(settings);
	const previous = readState(staticData, config);
	const overlap = { minutes: settings.overlapMinutes };
	const next: TriggerState = previous ? { ...previous, seen: { ...previous.seen } } : emptyState(config);

	let start: DateTime;
	let emitBaseline = false;
	if (previous?.cursor) {
		start = DateTime.fromISO(previous.cursor).minus(overlap);
	} else if (settings.backfillHours > 0) {
		start = now.minus({ hours: settings.backfillHours });
		emitBaseline = true;
	} else {
		// Baseline: remember what is already there, so late arrivals of old events stay quiet.
		start = now.minus(overlap);
	}

	const records = await fetchWindow(this, event, settings, run, start, now);
	const known = seenDigests(next);
	const emitted: INodeExecutionData[] = [];
	for (const record of records) {
		const key = digest(event.key(record));
		if (known.has(key)) continue;
		known.add(key);
		remember(next, key, eventSeconds(event, record, run));
		if ((previous?.cursor || emitBaseline) && wanted(settings, record)) emitted.push(toItem(settings, event, record, run));
	}

	next.cursor = now.toISO() ?? undefined;
	prune(next, Math.floor(now.minus(overlap).minus({ minutes: CLOCK_MARGIN_MINUTES }).toSeconds()));
	writeState(staticData, next);
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

async function fetchStatuses(context: IPollFunctions, orders: string[], settings: TriggerSettings): Promise<Map<string, IDataObject[]>> {
	const byOrder = new Map<string, IDataObject[]>(orders.map((order) => [order, []]));
	for (let start = 0; start < orders.length; start += STATUS_BATCH) {
		const chunk = orders.slice(start, start + STATUS_BATCH);
		const reply = await oceanpaymentApiRequest.call(context, 'orderStatus', { order_number: chunk.join(',') }, requestFor('Order Status Changed', settings));
		for (const record of reply.records) {
			if (String(record.payment_id ?? '') === '') continue;
			byOrder.get(String(record.order_number ?? ''))?.push(record);
		}
	}
	return byOrder;
}

/**
 * Watches order numbers: fires once per payment whose payment result, refund, chargeback,
 * authorization or duplicate status changed since the last poll, with previous and current.
 */
export async function pollOrderStatus(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	if (settings.watchedOrders.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Watched Order Numbers: enter at least one order number', {
			description: 'Separate several order numbers with commas, or use an expression that returns them.',
		});
	}
	const payment = (record: IDataObject) => (settings.simplify ? simplifyPaymentInfo(record, run.gatewayZone) : withoutEnvelope(record));

	if (this.getMode() === 'manual') {
		const sampleOrders = settings.watchedOrders.slice(0, STATUS_BATCH);
		const current = await fetchStatuses(this, sampleOrders, settings);
		const items: INodeExecutionData[] = [];
		for (const order of sampleOrders) {
			for (const record of current.get(order) ?? []) {
				const values = WATCHED_STATUS_FIELDS.map(([field]) => String(record[field] ?? ''));
				items.push({
					json: { event: settings.event, orderNumber: order, paymentId: String(record.payment_id), changedFields: [], previous: null, current: statusObject(values), payment: payment(record) },
				});
			}
			if (items.length >= SAMPLE_SIZE) break;
		}
		if (!items.length) return [[{ json: { event: settings.event, ...notFoundStatus(sampleOrders[0]) } }]];
		return [items.slice(0, SAMPLE_SIZE)];
	}

	const staticData = this.getWorkflowStaticData('node');
	const config = configKey(settings);
	const previous = readState(staticData, config);
	const current = await fetchStatuses(this, settings.watchedOrders, settings);
	const next: TriggerState = { ...(previous ?? emptyState(config)), orders: {} };
	const emitted: INodeExecutionData[] = [];

	for (const order of settings.watchedOrders) {
		const payments = current.get(order) ?? [];
		const snapshot = snapshotOf(payments);
		next.orders[order] = snapshot;
		const before = previous?.orders[order];
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
	next.cursor = run.now.toISO() ?? undefined;
	writeState(staticData, next);
	return emitted.length ? [emitted] : null;
}
