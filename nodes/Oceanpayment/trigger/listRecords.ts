import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { fromGatewayDate, oldestListed } from '../transport/dates';
import type { RunContext } from '../helpers/execute';
import { fetchPages } from '../helpers/paging';
import { withoutEnvelope } from '../helpers/simplify';
import type { ListEvent } from './events';
import { itemTerminal, ListReader, tagged, terminalOfRecord } from './reader';
import { filterFields, watchesOtherTerminals, type TriggerSettings } from './settings';
import type { RepeatPass } from './state';
import { GatewayClock } from './windows';

/** A list event's records for the trigger: its reader, its sample for "Fetch Test Event", its items. */

/** Items returned by "Fetch Test Event". */
export const SAMPLE_SIZE = 5;
/** Pages read per window by "Fetch Test Event", so a sample never reads a whole history. */
const SAMPLE_MAX_PAGES = 10;
const DAY_SECONDS = 86_400;
/** Kept from the oldest moment the gateway surely lists: slack for its clock. */
const OLDEST_MARGIN_SECONDS = 10 * 60;

export const toSeconds = (iso: string): number => Math.floor(DateTime.fromISO(iso).toSeconds());
export const toIso = (seconds: number): string => new Date(seconds * 1000).toISOString();

export function wanted(settings: TriggerSettings, record: IDataObject): boolean {
	if (settings.event !== 'newBusinessEvent' || settings.eventTypes.length === 0) return true;
	const type = String(record.type ?? '').toLowerCase();
	return settings.eventTypes.some((wantedType) => wantedType.toLowerCase() === type);
}

export function eventSeconds(event: ListEvent, record: IDataObject, run: RunContext): number {
	if (event.timeField) {
		const iso = fromGatewayDate(record[event.timeField], run.gatewayZone);
		if (iso) return Math.floor(DateTime.fromISO(iso).toSeconds());
	}
	return Math.floor(run.now.toSeconds());
}

export function toItem(settings: TriggerSettings, event: ListEvent, record: IDataObject, run: RunContext): INodeExecutionData {
	const json = settings.simplify ? event.simplify(record, run.gatewayZone) : withoutEnvelope(record);
	// With two terminals each event says its terminal (issue 29).
	const terminal = itemTerminal(record, run.terminals);
	return { json: { event: settings.event, ...json, ...(terminal ? { terminal: terminal.terminal } : {}) } };
}

/**
 * The identity of an event: its list key, and for a terminal other than the main one that
 * terminal too (the same record on two terminals is two events). The main terminal's keys are
 * those of before, so its remembered events stay remembered.
 */
export function eventKey(event: ListEvent, record: IDataObject): string {
	const terminal = terminalOfRecord(record);
	return terminal && terminal.role !== 'main' ? `${terminal.terminal}|${event.key(record)}` : event.key(record);
}

/**
 * A reader of the event's list for this poll, up to the last second that is over. The gateway's
 * times have whole seconds: a record of the current second may still be listed after this poll,
 * and would then count as late (read again only as it leaves the overlap, on a busy account).
 * The next poll reads it as new instead.
 */
export function listReader(context: IPollFunctions, settings: TriggerSettings, run: RunContext, event: ListEvent, known: { cursor?: number; shift?: number; pass?: RepeatPass } = {}): ListReader {
	const now = Math.floor(run.now.toSeconds()) - 1;
	return new ListReader(context, {
		event,
		title: event.title,
		filters: filterFields(settings),
		retries: settings.retries,
		clock: new GatewayClock(run.gatewayZone),
		terminals: watchesOtherTerminals(settings) ? settings.terminals : undefined,
		now,
		oldest: oldestListed(now, run.gatewayZone, event.span, OLDEST_MARGIN_SECONDS),
		shift: known.shift,
		cursor: known.cursor,
		pass: known.pass,
	});
}

/** Fetch Test Event: the records of the last day, week or whole list, without reading or touching the state. */
export async function sampleRecords(context: IPollFunctions, settings: TriggerSettings, run: RunContext, event: ListEvent): Promise<IDataObject[]> {
	const reader = listReader(context, settings, run, event);
	const { now } = reader.bounds;
	const end = reader.clock.endAtOrAfter(now);
	for (const days of [1, 7, Infinity]) {
		const from = reader.startAt(days === Infinity ? reader.bounds.oldest : now - days * DAY_SECONDS);
		// Each terminal watched (issue 29), its records marked with it.
		const records: IDataObject[] = [];
		for (const terminal of reader.terminals) {
			const fetched = await reader.fromOldest(
				from,
				end,
				async (start) => await fetchPages.call(context, { ...reader.query(start, end, terminal), returnAll: true, limit: 0, maxPages: SAMPLE_MAX_PAGES }),
				() => true,
			);
			for (const record of fetched?.result.records ?? []) records.push(terminal ? tagged(record, terminal) : record);
		}
		const matching = records.filter((record) => wanted(settings, record));
		if (matching.length || days === Infinity) return matching;
	}
	return [];
}

/** Fetch Test Event: the newest records, newest first. */
export async function newestSample(context: IPollFunctions, settings: TriggerSettings, run: RunContext, event: ListEvent): Promise<INodeExecutionData[][] | null> {
	const newest = (await sampleRecords(context, settings, run, event))
		.map((record, index) => ({ record, index, time: eventSeconds(event, record, run) }))
		.sort((a, b) => b.time - a.time || b.index - a.index)
		.slice(0, SAMPLE_SIZE);
	return newest.length ? [newest.map(({ record }) => toItem(settings, event, record, run))] : null;
}
