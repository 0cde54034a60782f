import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { RunContext } from '../helpers/execute';
import { LIST_EVENTS, type ListEvent, type ListEventName } from './events';
import { eventKey, listReader, newestSample, toIso, toItem, toSeconds, wanted } from './listRecords';
import { coveredUntil, type ListReader, type WindowRecords } from './reader';
import { configKey, type TriggerSettings } from './settings';
import { digest, emptyState, prune, remember, rememberedCounts, StateStore, type TriggerState } from './state';

/** The list events' poll: what is due to be read, what is new, and the state it leaves. */

/**
 * How long a remembered event is still counted (and kept) after the re-read has passed the end of
 * the window in which it was first seen: slack for a gateway date that moves a little later.
 */
const CLOCK_MARGIN_SECONDS = 10 * 60;
/** Automatic reads the whole overlap at once when it takes at most this many calls. */
const AUTO_WHOLE_PAGES = 2;
/** The documented default page size of the business-event and dispute lists (until a full page shows it). */
const DEFAULT_PAGE_SIZE = 10;

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

	if (this.getMode() === 'manual') return await newestSample(this, settings, run, event);

	const store = new StateStore(this);
	const config = configKey(settings);
	const previous = store.read(config);
	const next: TriggerState = previous ?? emptyState(config);
	const overlap = settings.overlapMinutes * 60;
	const previousCursor = previous?.cursor ? toSeconds(previous.cursor) : undefined;
	const reader = listReader(this, settings, run, event, previousCursor);
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
		await reader.readForward({ from: cursor + 1, to: now, splitAt: quietUntil }, { left: settings.maxCalls });
	} else {
		cursor = Math.max(previousCursor, oldest - 1);
		// State of an Every Poll trigger before 0.2.0 has no `checkedUntil`: it had read the whole overlap.
		checked = Math.max(previous?.checkedUntil ? toSeconds(previous.checkedUntil) : previousCursor - overlap, oldest - 1);
		logged = await readDue(reader, settings, next, { checked, cursor, now, quietUntil });
	}
	const windows = [...reader.windows].sort((a, b) => a.start - b.start);
	const emitted = emitNew(next, settings, event, run, windows, quietUntil);

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
			const key = digest(eventKey(event, record));
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
