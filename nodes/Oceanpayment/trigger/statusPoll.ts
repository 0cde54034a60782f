import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import type { RunContext } from '../helpers/execute';
import { adviceFor, describeUnclear, unclearAbsence } from '../helpers/orderAbsence';
import { MAX_ORDER_NUMBERS_PER_CALL, queryOrderStatus, type OrderStatusAnswer } from '../helpers/orderStatus';
import { notFoundStatus, simplifyPaymentInfo, withoutEnvelope } from '../helpers/simplify';
import { WATCHED_STATUS_FIELDS } from './events';
import { SAMPLE_SIZE } from './listRecords';
import { itemTerminal, tagged, triggerRequest } from './reader';
import { configKey, watchesOtherTerminals, type TriggerSettings } from './settings';
import { onTerminal } from '../helpers/terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';
import { emptyState, StateStore, type TriggerState } from './state';
import { MAIN_ID, recordTerminalId, switchTerminals, watchedIds } from './terminalSwitch';

/** Order Status Changed: snapshots of the watched orders' payments, compared poll by poll. */

const requestFor = (title: string, settings: TriggerSettings) => triggerRequest(title, settings.retries);

type Snapshot = Map<string, string[]>;

/** A payment's key in a snapshot: its ID, with the terminal's number before it for a terminal other than the main one. */
function snapshotKey(payment: IDataObject): string {
	const id = recordTerminalId(payment);
	return id === MAIN_ID ? String(payment.payment_id) : `${id}|${String(payment.payment_id)}`;
}

/** The terminal (id) of a snapshot key. */
const keyTerminal = (key: string): string => (key.includes('|') ? key.slice(0, key.indexOf('|')) : MAIN_ID);

/** Payments of one order as `paymentId:v1/v2/…;…`, compact enough to keep for every watched order. */
function snapshotOf(payments: IDataObject[]): string {
	return payments
		.map((payment) => `${snapshotKey(payment)}:${WATCHED_STATUS_FIELDS.map(([field]) => String(payment[field] ?? '')).join('/')}`)
		.sort()
		.join(';');
}

/** A snapshot without the payments of the terminals no longer watched. */
function onTerminals(snapshot: string, ids: string[]): string {
	return snapshot
		.split(';')
		.filter((part) => part !== '' && ids.includes(keyTerminal(part.slice(0, part.lastIndexOf(':')))))
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

type PaymentItem = (record: IDataObject) => IDataObject;

/** The terminal a payment was read from, as an item field, when the credential has two. */
const terminalField = (record: IDataObject, terminals: CredentialTerminal[]): IDataObject => {
	const terminal = itemTerminal(record, terminals);
	return terminal ? { terminal: terminal.terminal } : {};
};

/** Fetch Test Event: the current status of the first watched orders' payments, changing nothing. */
async function sampleStatus(context: IPollFunctions, settings: TriggerSettings, request: ReturnType<typeof requestFor>, payment: PaymentItem, terminals: CredentialTerminal[]): Promise<INodeExecutionData[][]> {
	const sampleOrders = settings.watchedOrders.slice(0, MAX_ORDER_NUMBERS_PER_CALL);
	const answers = await queryEveryTerminal(context, sampleOrders, request, settings);
	const items: INodeExecutionData[] = [];
	for (const order of sampleOrders) {
		for (const record of answerFor(context, answers, order).payments) {
			const values = WATCHED_STATUS_FIELDS.map(([field]) => String(record[field] ?? ''));
			items.push({
				json: { event: settings.event, orderNumber: order, paymentId: String(record.payment_id), changedFields: [], previous: null, current: statusObject(values), payment: payment(record), ...terminalField(record, terminals) },
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

/** One item per payment of the order whose watched fields differ from the snapshot before (or that is new). */
function changesOf(settings: TriggerSettings, order: string, payments: IDataObject[], before: string, payment: PaymentItem, terminals: CredentialTerminal[]): INodeExecutionData[] {
	const old = parseSnapshot(before);
	const emitted: INodeExecutionData[] = [];
	for (const record of payments) {
		const paymentId = String(record.payment_id);
		const values = WATCHED_STATUS_FIELDS.map(([field]) => String(record[field] ?? ''));
		const was = old.get(snapshotKey(record));
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
				...terminalField(record, terminals),
			},
		});
	}
	return emitted;
}

/**
 * Watches order numbers: fires once per payment whose payment result, refund, chargeback,
 * authorization or duplicate status changed since the last poll, with previous and current.
 * Each poll asks for at most `maxCalls` chunks of 100 orders, taking turns over the list.
 */
/**
 * The status answers of every terminal watched, merged: an order's payments on each terminal,
 * each payment marked with its terminal (issue 29). One call per terminal.
 */
async function queryEveryTerminal(context: IPollFunctions, orders: string[], request: ReturnType<typeof requestFor>, settings: TriggerSettings): Promise<Map<string, OrderStatusAnswer | undefined>> {
	if (!watchesOtherTerminals(settings)) return await queryOrderStatus.call(context, orders, request);
	const merged = new Map<string, OrderStatusAnswer | undefined>(orders.map((order) => [order, { payments: [] }]));
	for (const terminal of settings.terminals ?? []) {
		const answers = await queryOrderStatus.call(context, orders, onTerminal(request, terminal));
		for (const order of orders) {
			const answer = answers.get(order);
			const into = merged.get(order);
			// One terminal's answer without the order leaves the order unknown.
			if (!answer || !into) {
				merged.set(order, undefined);
				continue;
			}
			// A refusal in one terminal's record is no "no payments there": its payments would seem gone, then new.
			const unclear = unclearAbsence(answer);
			if (unclear) {
				throw new NodeApiError(context.getNode(), { message: `order ${order} not answered by terminal ${terminal.terminal}` }, {
					message: `Oceanpayment Trigger › Order Status Changed: the ${terminal.label} terminal ${terminal.terminal} did not answer about order number "${order}": it said ${describeUnclear(unclear)}; nothing was compared or saved`,
					description: `${adviceFor(unclear, terminal)} The next poll asks again.`,
				});
			}
			for (const payment of answer.payments) into.payments.push(tagged(payment, terminal));
			into.emptyEntry ??= answer.emptyEntry;
		}
	}
	return merged;
}

export async function pollOrderStatus(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	if (settings.watchedOrders.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Watched Order Numbers: enter at least one order number', {
			description: 'Separate several order numbers with commas, or use an expression that returns them.',
		});
	}
	const payment = (record: IDataObject) => (settings.simplify ? simplifyPaymentInfo(record, run.gatewayZone) : withoutEnvelope(record));
	const request = requestFor('Order Status Changed', settings);

	if (this.getMode() === 'manual') return await sampleStatus(this, settings, request, payment, run.terminals);

	const store = new StateStore(this);
	const previous = store.read(configKey(settings));
	const next: TriggerState = previous ?? emptyState(configKey(settings));
	const chunks = Math.ceil(settings.watchedOrders.length / MAX_ORDER_NUMBERS_PER_CALL);
	const firstChunk = (next.nextChunk ?? 0) % chunks;
	// One budget: each chunk costs a call per terminal watched.
	const perChunk = watchesOtherTerminals(settings) ? (settings.terminals ?? []).length : 1;
	const chunkCount = Math.min(chunks, Math.max(1, Math.floor(settings.maxCalls / perChunk)));
	const emitted: INodeExecutionData[] = [];

	// Orders no longer watched are forgotten; the others keep their snapshot until asked again.
	const watched = new Set(settings.watchedOrders);
	next.orders = Object.fromEntries(Object.entries(next.orders).filter(([order]) => watched.has(order)));
	if (next.orderTerminals) next.orderTerminals = Object.fromEntries(Object.entries(next.orderTerminals).filter(([order]) => watched.has(order)));
	// Terminals changed (Options › Terminal): each order's snapshot says which terminals it covers.
	// Payments of a terminal it did not cover are a baseline, those of a terminal dropped are forgotten.
	switchTerminals(previous, next, settings);
	const ids = watchedIds(settings);

	for (let turn = 0; turn < chunkCount; turn++) {
		const chunk = (firstChunk + turn) % chunks;
		const orders = settings.watchedOrders.slice(chunk * MAX_ORDER_NUMBERS_PER_CALL, (chunk + 1) * MAX_ORDER_NUMBERS_PER_CALL);
		const answers = await queryEveryTerminal(this, orders, request, settings);
		for (const order of orders) {
			const { payments } = answerFor(this, answers, order);
			const snapshot = snapshotOf(payments);
			const covered = (previous?.orderTerminals?.[order] ?? [MAIN_ID]).filter((id) => ids.includes(id));
			const saved = previous?.orders[order];
			const before = saved === undefined ? undefined : onTerminals(saved, covered);
			// Per terminal: with Both, one terminal's payments may vanish while the other still lists its own.
			const vanished = before ? covered.find((id) => onTerminals(before, [id]) !== '' && onTerminals(snapshot, [id]) === '') : undefined;
			if (vanished !== undefined) {
				const number = vanished === MAIN_ID ? run.terminals?.find((terminal) => terminal.role === 'main')?.terminal : vanished;
				const on = ids.length > 1 || vanished !== MAIN_ID ? ` on terminal ${number ?? vanished}` : '';
				throw new NodeApiError(this.getNode(), { message: `order ${order} reported without payments` }, {
					message: `Oceanpayment Trigger › Order Status Changed: the gateway reported order number "${order}" without payments${on}, although it had payments there before; nothing was compared or saved`,
					description: 'Payments do not disappear, so this answer cannot be trusted. The next poll asks again; remove the order from Watched Order Numbers if this persists.',
				});
			}
			next.orders[order] = snapshot;
			if (ids.length === 1 && ids[0] === MAIN_ID) delete next.orderTerminals?.[order];
			else (next.orderTerminals ??= {})[order] = ids;
			// A newly watched order (or the first poll) is a baseline, not a change.
			if (before === undefined || before === snapshot) continue;
			emitted.push(...changesOf(settings, order, payments.filter((record) => covered.includes(recordTerminalId(record))), before, payment, run.terminals));
		}
	}
	if (next.orderTerminals && Object.keys(next.orderTerminals).length === 0) delete next.orderTerminals;
	next.nextChunk = (firstChunk + chunkCount) % chunks;
	next.cursor = run.now.toISO() ?? undefined;
	store.write(next);
	return emitted.length ? [emitted] : null;
}
