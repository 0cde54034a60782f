import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { fromGatewayDate } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { simplifyDispute, withoutEnvelope } from '../helpers/simplify';
import { LIST_EVENTS } from './events';
import { eventKey, listReader, SAMPLE_SIZE, sampleRecords, toIso, toSeconds } from './listRecords';
import { terminalOfRecord } from './reader';
import { configKey, type TriggerSettings } from './settings';
import { digest, emptyState, StateStore, type TriggerState } from './state';

/**
 * Dispute Reply Deadline: an alarm when a Klarna dispute's `reply_deadline` is less than a lead
 * time away, and optionally a second one closer to it.
 *
 * The dispute list is asked for by a date range, and that range does not filter on the deadline
 * (the simulator filters on the dispute date; which date the gateway uses is not documented). A
 * deadline therefore comes near long after its dispute left the recent windows the other events
 * read. So this event reads the whole list the gateway serves (the last 30 days) again and
 * again, in passes: each poll continues the pass within Max Gateway Calls per Poll, and a new
 * pass starts when one ends (usually one call per poll). It fires from the deadlines it reads
 * and remembers only which alarms it fired. It thereby sees disputes listed late and deadlines
 * that move, whatever date the range filters on, for as long as the gateway lists the dispute.
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

/** The alarm level due at `now` for a deadline (0: none yet). */
function levelDue(settings: TriggerSettings, deadline: number, now: number): 0 | 1 | 2 {
	if (settings.secondLeadHours > 0 && now >= deadline - settings.secondLeadHours * HOUR_SECONDS) return 2;
	return now >= deadline - settings.leadHours * HOUR_SECONDS ? 1 : 0;
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
			...(run.terminals.length > 1 && terminalOfRecord(alarm.record) ? { terminal: terminalOfRecord(alarm.record)?.terminal } : {}),
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

export async function pollDeadlines(this: IPollFunctions, settings: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') return await sample(this, settings, run);

	const store = new StateStore(this);
	const config = configKey(settings);
	const next: TriggerState = store.read(config) ?? emptyState(config);
	const reader = listReader(this, settings, run, LIST_EVENTS.newDispute);
	const { now: readTo, oldest } = reader.bounds;
	const now = Math.floor(run.now.toSeconds());
	// Deadlines already passed at activation never fire; any later one does, also if n8n was stopped at its time.
	next.activatedAt ??= toIso(now);
	const activatedAt = toSeconds(next.activatedAt);
	const alarms = (next.alarms ??= {});

	const passAt = next.passAt ? toSeconds(next.passAt) : undefined;
	const from = passAt !== undefined && passAt < readTo - 1 ? Math.max(passAt + 1, oldest) : oldest;
	const windows = await reader.readForward({ from, to: readTo }, { left: settings.maxCalls });
	if (!windows.length) {
		store.write(next);
		return null;
	}
	const reached = windows[windows.length - 1].end;
	if (reached >= readTo) delete next.passAt;
	else next.passAt = toIso(reached);

	const due: DueAlarm[] = [];
	const unreadable: string[] = [];
	for (const record of windows.flatMap((window) => window.records)) {
		const deadline = deadlineOf(record, run.gatewayZone);
		if (deadline === undefined) {
			unreadable.push(String(record.payment_id ?? '?'));
			continue;
		}
		if (deadline <= activatedAt) continue;
		const key = digest(eventKey(LIST_EVENTS.newDispute, record));
		const level = levelDue(settings, deadline, now);
		if (level > (alarms[key]?.[0] ?? 0)) {
			due.push({ record, deadline, level: level as 1 | 2 });
			alarms[key] = [level, Math.floor(now / 60)];
		}
	}
	for (const [key, [, firedMinute]] of Object.entries(alarms)) if (firedMinute * 60 < now - ALARM_MEMORY_SECONDS) delete alarms[key];
	if (unreadable.length) {
		this.logger.warn(`Oceanpayment Trigger › Dispute Reply Deadline: no readable reply_deadline for the disputes of payments ${unreadable.join(', ')}; no alarm for them`, {
			workflowId: this.getWorkflow().id,
			nodeId: this.getNode().id,
		});
	}
	store.write(next);
	const items = due.sort((a, b) => a.deadline - b.deadline).map((alarm) => toItem(settings, run, alarm));
	return items.length ? [items] : null;
}
