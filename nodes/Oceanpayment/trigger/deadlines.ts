import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { fromGatewayDate } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { simplifyDispute, withoutEnvelope } from '../helpers/simplify';
import { LIST_EVENTS } from './events';
import { eventKey, listReader, SAMPLE_SIZE, sampleRecords, toIso, toSeconds } from './listRecords';
import { coveredUntil, itemTerminal } from './reader';
import { configKey, type TriggerSettings } from './settings';
import { digest, emptyState, StateStore, type TriggerState } from './state';
import { forgetAdded, markAdded, recordTerminalId, switchTerminals } from './terminalSwitch';

/**
 * Dispute Reply Deadline: an alarm when a Klarna dispute's `reply_deadline` is less than a lead
 * time away, and optionally a second one closer to it.
 *
 * The dispute list is asked for by a date range, and that range does not filter on the deadline
 * (the simulator filters on the dispute date; which date the gateway uses is not documented). So
 * each poll, within Max Gateway Calls per Poll:
 * - fires the alarms that fall due from an index of the deadlines read before (`deadlines`),
 *   reading each such dispute again by its payment ID first (its deadline may have moved);
 * - reads the disputes dated since the previous poll (`newAt`), so a new one is indexed at once;
 * - continues a pass over the whole list the gateway serves (the last 30 days), which keeps the
 *   index fresh: disputes listed late, deadlines that move.
 * Alarms are remembered per dispute (`alarms`), also across edits of Dispute Type.
 */

const HOUR_SECONDS = 3_600;
/** Fired alarms are remembered this long: the gateway lists a dispute at most 30 days. */
const ALARM_MEMORY_SECONDS = 31 * 86_400;

interface DueAlarm {
	record: IDataObject;
	deadline: number;
	/** 1: the first lead time, 2: the second. */
	level: 1 | 2;
}

/** The deadline of a dispute (Unix seconds), or undefined when the gateway gave none it can read. */
export function deadlineOf(record: IDataObject, zone: string): number | undefined {
	const iso = fromGatewayDate(record.reply_deadline, zone);
	return iso ? toSeconds(iso) : undefined;
}

/**
 * The alarm level due at `now` for a deadline (0: none yet). A deadline exactly a lead time away
 * counts as due: "48 hours before" fires then, not a poll later.
 */
function levelDue(settings: TriggerSettings, deadline: number, now: number): 0 | 1 | 2 {
	if (settings.secondLeadHours > 0 && deadline - now <= settings.secondLeadHours * HOUR_SECONDS) return 2;
	return deadline - now <= settings.leadHours * HOUR_SECONDS ? 1 : 0;
}

function toItem(settings: TriggerSettings, run: RunContext, alarm: DueAlarm): INodeExecutionData {
	const now = Math.floor(run.now.toSeconds());
	const dispute = settings.simplify ? simplifyDispute(alarm.record, run.gatewayZone) : withoutEnvelope(alarm.record);
	return {
		json: {
			event: settings.event,
			...dispute,
			replyDeadline: fromGatewayDate(alarm.record.reply_deadline, run.gatewayZone),
			hoursLeft: Math.floor((alarm.deadline - now) / 360) / 10,
			alarmHours: alarm.level === 2 ? settings.secondLeadHours : settings.leadHours,
			...(itemTerminal(alarm.record, run.terminals) ? { terminal: itemTerminal(alarm.record, run.terminals)?.terminal } : {}),
		},
	};
}

/** Fetch Test Event: the disputes whose deadlines come next, as the alarms would show them. */
async function sample(context: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	const now = Math.floor(run.now.toSeconds());
	const upcoming = (await sampleRecords(context, settings, run, LIST_EVENTS.newDispute))
		.map((record) => ({ record, deadline: deadlineOf(record, run.gatewayZone) ?? -Infinity }))
		.filter(({ deadline }) => deadline > now)
		.sort((a, b) => a.deadline - b.deadline)
		.slice(0, SAMPLE_SIZE);
	return upcoming.length ? [upcoming.map(({ record, deadline }) => toItem(settings, run, { record, deadline, level: 1 }))] : null;
}

/** A new state of this trigger; after an edit of Dispute Type, with the alarms already fired. */
function freshState(store: StateStore, config: string): TriggerState {
	const fresh = emptyState(config);
	const other = store.readAny();
	if (other && (JSON.parse(other.config) as unknown[])[0] === 'disputeReplyDeadline') {
		fresh.alarms = other.alarms;
		fresh.oldestShift = other.oldestShift;
	}
	return fresh;
}

export async function pollDeadlines(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') return await sample(this, settings, run);

	const store = new StateStore(this);
	const previous = store.read(configKey(settings));
	const next = previous ?? freshState(store, configKey(settings));
	// A terminal added to the running trigger (Options › Terminal) starts now, as a new trigger
	// would: its deadlines passed by now never fire. A new pass reads its disputes at once.
	const { added } = switchTerminals(previous, next, settings);
	if (added.length) {
		markAdded(next, added, toIso(Math.floor(run.now.toSeconds())));
		delete next.passAt;
	}
	const reader = listReader(this, settings, run, LIST_EVENTS.newDispute, { shift: next.oldestShift });
	const { now: readTo, oldest } = reader.bounds;
	const now = Math.floor(run.now.toSeconds());
	// Deadlines already passed at activation never fire; any later one does, also if n8n was stopped at its time.
	next.activatedAt ??= toIso(now);
	const activatedAt = toSeconds(next.activatedAt);
	const addedAt = new Map(Object.entries(next.added ?? {}).map(([id, entry]) => [id, toSeconds(entry.at)]));
	const alarms = (next.alarms ??= {});
	const index = (next.deadlines ??= {});
	const budget = { left: settings.maxCalls };

	const due: DueAlarm[] = [];
	const unreadable = new Set<string>();
	const read = new Set<string>();
	const consider = (record: IDataObject) => {
		const deadline = deadlineOf(record, run.gatewayZone);
		if (deadline === undefined) {
			unreadable.add(String(record.payment_id ?? '?'));
			return;
		}
		const key = digest(eventKey(LIST_EVENTS.newDispute, record));
		read.add(key);
		if (deadline <= Math.max(activatedAt, addedAt.get(recordTerminalId(record)) ?? 0)) {
			delete index[key];
			return;
		}
		if (deadline > now) index[key] = [deadline, String(record.payment_id ?? '')];
		else delete index[key];
		const level = levelDue(settings, deadline, now);
		if (level > (alarms[key]?.[0] ?? 0)) {
			due.push({ record, deadline, level: level as 1 | 2 });
			alarms[key] = [level, Math.floor(now / 60)];
		}
	};

	// Alarms the index has due at this poll.
	const dueByIndex = Object.entries(index)
		.filter(([key, [deadline]]) => levelDue(settings, deadline, now) > (alarms[key]?.[0] ?? 0))
		.sort((a, b) => a[1][0] - b[1][0]);

	// 1. Disputes dated since the previous poll (`newAt`), so one listed inside its lead time fires
	// at the first poll that can see it, also when that poll begins a pass: a pass taking several
	// polls reaches the newest disputes last. Within the calls left but one for the pass.
	const newAt = next.newAt ? Math.max(toSeconds(next.newAt), oldest - 1) : undefined;
	const readNew = async (left: number) => {
		const after = next.newAt ? Math.max(toSeconds(next.newAt), oldest - 1) : undefined;
		if (after === undefined || after >= readTo - 1 || left <= 0) return;
		const fresh = await reader.readForward({ from: after + 1, to: readTo }, { left }, false);
		for (const window of fresh) for (const record of window.records) consider(record);
		next.newAt = toIso(coveredUntil(after, fresh, readTo));
	};
	if (next.passAt) await readNew(budget.left - 1);
	budget.left = settings.maxCalls - reader.calls;

	// 2. The pass over the whole list, with the calls left but those the index needs. A poll that
	// begins a pass keeps one call back for the new disputes, read after it only if the pass does
	// not end in this poll (one that ends has read them: it reaches now).
	const passAt = next.passAt ? toSeconds(next.passAt) : undefined;
	const begins = passAt === undefined || passAt >= readTo - 1;
	const from = begins ? oldest : Math.max(passAt + 1, oldest);
	const lookups = Math.min(new Set(dueByIndex.map(([, [, paymentId]]) => paymentId)).size, budget.left - 1);
	const keepForNew = begins && newAt !== undefined && newAt < readTo - 1 && budget.left - lookups >= 2 ? 1 : 0;
	// Over the budget only by a window that cannot be split, and only when nothing else was read.
	const passBudget = { left: budget.left - lookups - keepForNew };
	const windows = passBudget.left > 0 ? await reader.readForward({ from, to: readTo }, passBudget, reader.calls === 0) : [];
	for (const window of windows) for (const record of window.records) consider(record);
	if (windows.length) {
		const reached = windows[windows.length - 1].end;
		if (reached >= readTo) {
			delete next.passAt;
			next.newAt = toIso(Math.max(next.newAt ? toSeconds(next.newAt) : 0, readTo));
		} else next.passAt = toIso(reached);
	}
	// Never over the budget: a pass that had to go over it to move on leaves them to the next poll.
	if (begins && next.passAt) await readNew(settings.maxCalls - reader.calls - lookups);
	budget.left = settings.maxCalls - reader.calls;
	// 3. Alarms due by the index whose disputes this poll did not read: read again by payment ID
	// first (one call each, usually), as the deadline may have moved.
	const looked = new Set<string>();
	for (const [key, [, paymentId]] of dueByIndex) {
		if (read.has(key)) continue;
		if (looked.has(paymentId) || budget.left <= 0) continue;
		looked.add(paymentId);
		const records = await reader.lookup({ payment_id: paymentId }, budget);
		if (!records) continue;
		for (const record of records) consider(record);
		// No longer listed (or listed with another key): the pass indexes it again if it comes back.
		if (!read.has(key)) delete index[key];
	}

	// The first poll: what comes after it is new; the pass reads what came before.
	next.newAt ??= toIso(readTo);
	if (reader.shift) next.oldestShift = reader.shift;

	for (const [key, [deadline]] of Object.entries(index)) if (deadline <= now) delete index[key];
	for (const [key, [, firedMinute]] of Object.entries(alarms)) if (firedMinute * 60 < now - ALARM_MEMORY_SECONDS) delete alarms[key];
	// No dispute listed at a terminal's addition is listed any more: its moment no longer matters.
	for (const [id, at] of addedAt) if (at < now - ALARM_MEMORY_SECONDS) forgetAdded(next, id);
	if (unreadable.size) {
		this.logger.warn(`Oceanpayment Trigger › Dispute Reply Deadline: no readable reply_deadline for the disputes of payments ${[...unreadable].join(', ')}; no alarm for them`, {
			workflowId: this.getWorkflow().id,
			nodeId: this.getNode().id,
		});
	}
	store.write(next);
	const items = due.sort((a, b) => a.deadline - b.deadline).map((alarm) => toItem(settings, run, alarm));
	return items.length ? [items] : null;
}
