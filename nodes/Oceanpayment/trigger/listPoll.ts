import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { RunContext } from '../helpers/execute';
import { LIST_EVENTS, type ListEvent, type ListEventName } from './events';
import { eventKey, listReader, newestSample, toIso, toItem, toSeconds, wanted } from './listRecords';
import { coveredUntil, type ListReader, type WindowRecords } from './reader';
import { configKey, type TriggerSettings } from './settings';
import { digest, emptyState, prune, remember, rememberedCounts, StateStore, type TriggerState } from './state';
import { forgetAdded, markAdded, postponedSettings, recordTerminalId, switchTerminals } from './terminalSwitch';
import { GatewayClock, secondPass } from './windows';

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
async function readDue(reader: ListReader, settings: TriggerSettings, state: TriggerState, due: { checked: number; cursor: number; now: number; quietAt: number[] }): Promise<{ busy?: boolean; reReadFrom?: number }> {
	const { checked, cursor, now, quietAt } = due;
	const budget = settings.maxCalls;
	const endsBy = Math.min(now - settings.overlapMinutes * 60, cursor);
	// No window straddles the end of a baseline (the trigger's, or that of a terminal added).
	const quietInside = quietAt.some((at) => at > checked && at < now);
	// Under 3 calls a failed whole read would leave the ending part nothing: every mode reads as Once, as It Ends.
	if ((settings.reRead === 'everyPoll' || (settings.reRead === 'auto' && !state.busy)) && !quietInside && budget >= 3) {
		const limit = settings.reRead === 'everyPoll' ? budget : Math.min(budget, AUTO_WHOLE_PAGES);
		const whole = await reader.readWhole({ from: checked + 1, to: now }, { left: limit });
		if (whole === 'read') return { busy: false };
		if (whole === 'tooBig' && settings.reRead === 'auto') state.busy = true;
	}
	const endingBudget = Math.ceil(budget / 2) - reader.calls;
	const ending = checked + 1 < endsBy ? await reader.readForward({ from: checked + 1, to: endsBy, splitAt: quietAt }, { left: endingBudget }, endingBudget > 0) : [];
	const endingEnd = ending.length ? ending[ending.length - 1].askedEnd : checked;
	const freshStart = reader.startAt(Math.max(reader.startAt(cursor + 1), endingEnd + 1));
	await reader.readForward({ from: freshStart, to: now, splitAt: quietAt }, { left: budget - reader.calls });
	if (settings.reRead !== 'everyPoll') return {};
	// A pass over a repeated local time left unfinished reads its window over the next polls: the
	// re-read starts after it (its begin, snapped out of the repeated time, would read it again).
	const passEnd = reader.pass && reader.pass.start <= endsBy + 1 ? reader.pass.end : -Infinity;
	const back = await reader.readBack({ from: Math.max(endsBy, endingEnd, passEnd) + 1, to: freshStart - 1 }, { left: budget - reader.calls });
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
export async function pollList(this: IPollFunctions, chosen: TriggerSettings, run: RunContext): Promise<INodeExecutionData[][] | null> {
	const event = LIST_EVENTS[chosen.event as ListEventName];

	if (this.getMode() === 'manual') return await newestSample(this, chosen, run, event);

	const store = new StateStore(this);
	const config = configKey(chosen);
	const previous = store.read(config);
	const next: TriggerState = previous ?? emptyState(config);
	const postponed = postponedSettings(previous, chosen, run, new GatewayClock(run.gatewayZone).repeatAt(Math.floor(run.now.toSeconds()) - 1) !== undefined);
	if (postponed) {
		this.logger.info(`Oceanpayment Trigger › ${event.title}: Options › Terminal was changed inside a repeated local time (a clock set back in the Gateway Time Zone); the change takes effect when that time is over`, {
			workflowId: this.getWorkflow().id,
			nodeId: this.getNode().id,
		});
	}
	const settings = postponed ?? chosen;
	const { added, changed } = switchTerminals(previous, next, settings);
	// A pass over a repeated local time goes over the terminals watched by their place: it starts again.
	if (changed) delete next.repeatPass;
	const overlap = settings.overlapMinutes * 60;
	const previousCursor = previous?.cursor ? toSeconds(previous.cursor) : undefined;
	const readUntil = previous?.readUntil ? toSeconds(previous.readUntil) : undefined;
	const freshAfter = previousCursor === undefined ? undefined : Math.max(previousCursor, readUntil ?? previousCursor);
	const reader = listReader(this, settings, run, event, { cursor: freshAfter, shift: previous?.oldestShift, pass: next.repeatPass });
	const { now, oldest } = reader.bounds;
	let quietUntil = next.quietUntil ? toSeconds(next.quietUntil) : undefined;

	// `cursor`: everything dated up to it has been read. `checked`: everything dated up to it has
	// also been read at least Overlap after its date.
	let cursor: number;
	let checked: number;
	let logged: { busy?: boolean; reReadFrom?: number } = {};
	if (previousCursor === undefined) {
		// A baseline covers every terminal watched.
		delete next.added;
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
			const repeat = baseline ? undefined : reader.clock.repeatAt(now);
			// Activated inside a repeated local time: its window is read by the next polls, and what it
			// held at activation is told apart there (baselineQuiet).
			if (repeat) next.repeatBaseline = { at: now, first: repeat.first, last: repeat.last };
			const takenUntil = repeat ? Math.min(start, repeat.first - 1) - 1 : start - 1;
			if (takenUntil >= cursor + 1) {
				this.logger.warn(
					`Oceanpayment Trigger › ${event.title}: the records of ${reader.period(cursor + 1, takenUntil)} (gateway time) were too many to remember in Max Gateway Calls per Poll at activation; they are taken as already there, also if listed later`,
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
		// A terminal added to the running trigger starts now, as a new trigger would; the others go on.
		markAdded(next, added, toIso(now), toIso(checked));
		logged = await readDue(reader, settings, next, { checked, cursor, now, quietAt: [...(quietUntil === undefined ? [] : [quietUntil]), ...addedMoments(next).values()] });
	}
	const windows = [...reader.windows].sort((a, b) => a.start - b.start);
	const passWindow = reader.passWindow();
	const band = baselineQuiet(next, event, reader, now);
	const emitted = emitNew(next, settings, event, run, passWindow ? [...windows, passWindow] : windows, { quietUntil, added: addedMoments(next) }, band.quiet);
	if (band.uncertain.length && next.repeatBaseline) logUncertain(this, event, reader.period(next.repeatBaseline.first - 1, next.repeatBaseline.at), band.uncertain.length);
	if (next.repeatBaseline) {
		const { at, last } = next.repeatBaseline;
		// A complete read of the repeated time's window has remembered what it held at activation.
		if (reader.windows.some((window) => window.start <= at && window.askedEnd >= last + 1)) delete next.repeatBaseline;
	}
	if (reader.pass) {
		next.repeatPass = reader.pass;
		const { start, end, page, pages } = reader.pass;
		this.logger.info(`Oceanpayment Trigger › ${event.title}: ${reader.period(start, end)} (gateway time) covers a repeated local time and holds more pages than Max Gateway Calls per Poll; it is read over several polls (next page ${page} of ${pages})`, {
			workflowId: this.getWorkflow().id,
			nodeId: this.getNode().id,
		});
	} else delete next.repeatPass;
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
		const lastRead = Math.max(readUntil ?? newCursor, ...windows.map((window) => window.end));
		if (lastRead > newCursor) next.readUntil = toIso(lastRead);
		else delete next.readUntil;
		// A pass over a window that no poll asks for any more (read whole, new and again).
		if (next.repeatPass && next.repeatPass.end <= Math.min(newCursor, newChecked)) delete next.repeatPass;
		if (quietUntil !== undefined && newCursor >= quietUntil) delete next.quietUntil;
		settleAdded(next, windows, newChecked);
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

/**
 * Activated inside a repeated local time (state.repeatBaseline) before its window was read whole:
 * the records of that window dated at a local time up to the activation's (or undated) may have
 * been listed before activation (first pass) or after it (second pass): only being read before the
 * second pass began tells them apart. Until a complete read of the window, such records are
 * remembered without being emitted: for certain when dated and read before the second pass,
 * otherwise taken as already there and named in the log (`uncertain`). Records dated later in
 * local time come after activation and are emitted as usual.
 */
function baselineQuiet(state: TriggerState, event: ListEvent, reader: ListReader, now: number): { quiet: (window: WindowRecords, record: IDataObject) => boolean; uncertain: IDataObject[] } {
	const uncertain: IDataObject[] = [];
	const baseline = state.repeatBaseline;
	if (!baseline) return { quiet: () => false, uncertain };
	const atLocal = reader.clock.format(baseline.at);
	return {
		uncertain,
		quiet: (window, record) => {
			if (!(window.start <= baseline.at && window.askedEnd > baseline.at)) return false;
			const dated = event.timeField ? /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.exec(String(record[event.timeField] ?? '').trim())?.[0] : undefined;
			if (dated !== undefined && dated > atLocal) return false;
			if (dated === undefined || now >= secondPass(baseline)) uncertain.push(record);
			return true;
		},
	};
}

function logUncertain(context: IPollFunctions, event: ListEvent, period: string, count: number) {
	context.logger.warn(
		`Oceanpayment Trigger › ${event.title}: ${count} record(s) of ${period} (gateway time, a repeated local time around the activation) could not be told from those listed at activation (the state was not saved since, or the window took until the second pass to read); they are taken as already there`,
		{ workflowId: context.getWorkflow().id, nodeId: context.getNode().id },
	);
}

/** When each terminal added to the running trigger was added (Unix seconds), by id. */
function addedMoments(state: TriggerState): Map<string, number> {
	return new Map(Object.entries(state.added ?? {}).map(([id, entry]) => [id, toSeconds(entry.at)]));
}

/**
 * A terminal added is at its baseline until everything due to be read again up to when it was
 * added has been read on it since: the windows read from the moment checked at the change on,
 * without a gap, or the moment checked itself, reach it. Records listed later are new, as after
 * a trigger's own baseline.
 */
function settleAdded(state: TriggerState, windows: WindowRecords[], checked: number): void {
	for (const [id, entry] of Object.entries(state.added ?? {})) {
		const at = toSeconds(entry.at);
		const readTo = coveredUntil(entry.readTo ? toSeconds(entry.readTo) : at, windows, at);
		if (readTo >= at || checked >= at) forgetAdded(state, id);
		else entry.readTo = toIso(readTo);
	}
}

/**
 * The records of the windows that are new, remembered in `state`; quiet ones remembered only:
 * those of windows ending by `quietUntil` (the trigger's baseline), and those of a terminal added
 * to the running trigger in windows ending by when it was added (its baseline).
 */
function emitNew(
	state: TriggerState,
	settings: TriggerSettings,
	event: ListEvent,
	run: RunContext,
	windows: WindowRecords[],
	baselines: { quietUntil?: number; added: Map<string, number> },
	baselineQuiet: (window: WindowRecords, record: IDataObject) => boolean = () => false,
): INodeExecutionData[] {
	const { quietUntil, added } = baselines;
	const reRead = windows.filter((window) => !window.fresh);
	const remembered = rememberedCounts(state, (reRead.length ? Math.min(...reRead.map((window) => window.start)) : Infinity) - CLOCK_MARGIN_SECONDS);
	const seenThisPoll = new Map<string, number>();
	const emitted: INodeExecutionData[] = [];
	for (const window of windows) {
		const quiet = quietUntil !== undefined && window.end <= quietUntil;
		for (const record of window.records) {
			const addedAt = added.size ? added.get(recordTerminalId(record)) : undefined;
			const key = digest(eventKey(event, record));
			if (!window.fresh) {
				const copy = (seenThisPoll.get(key) ?? 0) + 1;
				seenThisPoll.set(key, copy);
				if (copy <= (remembered.get(key) ?? 0)) continue;
			}
			remember(state, key, window.end);
			if (!quiet && !(addedAt !== undefined && window.end <= addedAt) && !baselineQuiet(window, record) && wanted(settings, record)) emitted.push(toItem(settings, event, record, run));
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
