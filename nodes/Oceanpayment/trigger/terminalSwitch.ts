import type { IDataObject } from 'n8n-workflow';

import type { RunContext } from '../helpers/execute';
import type { CredentialTerminal } from '../transport/terminals';
import { terminalOfRecord } from './reader';
import type { TriggerSettings } from './settings';
import type { TriggerState } from './state';

/**
 * Changing Options › Terminal of a running trigger (issue 29). The state belongs to the event and
 * its filters, not to the terminals watched, so a change keeps it: a terminal watched before and
 * after goes on from where it was (nothing made in between is lost), a terminal dropped is no
 * longer read, and a terminal added starts at the change as a new trigger would (a baseline: what
 * it already lists is remembered, not emitted). The state keeps which terminals it was polled
 * with; the main terminal is 'main' (its event keys carry no terminal), another one its number.
 */

export const MAIN_ID = 'main';

export const terminalId = (terminal: CredentialTerminal | undefined): string => (!terminal || terminal.role === 'main' ? MAIN_ID : terminal.terminal);

/** The terminal a record of this poll was read from, as an id. */
export const recordTerminalId = (record: IDataObject): string => terminalId(terminalOfRecord(record));

/** The ids of the terminals the trigger watches now, main first. */
export function watchedIds(settings: TriggerSettings): string[] {
	return settings.terminals?.length ? settings.terminals.map(terminalId) : [MAIN_ID];
}

/** The ids of the terminals the state was last polled with (a state of before: the main one). */
export const polledIds = (state: TriggerState): string[] => state.terminals ?? [MAIN_ID];

/**
 * Records the terminals watched now in `next` (a copy of `previous`, or a new state). Returns
 * those added since `previous` was saved (none for a new state: its baseline covers them all) and
 * whether the set changed at all. Terminals dropped lose their entry in `added`.
 */
export function switchTerminals(previous: TriggerState | undefined, next: TriggerState, settings: TriggerSettings): { added: string[]; changed: boolean } {
	const now = watchedIds(settings);
	const before = previous ? polledIds(previous) : now;
	if (now.length === 1 && now[0] === MAIN_ID) delete next.terminals;
	else next.terminals = now;
	for (const id of Object.keys(next.added ?? {})) if (!now.includes(id)) forgetAdded(next, id);
	return { added: now.filter((id) => !before.includes(id)), changed: now.join() !== before.join() };
}

/** Marks terminals as added at `at` (ISO); `readTo`: the list events' progress (see listPoll). */
export function markAdded(next: TriggerState, ids: string[], at: string, readTo?: string): void {
	if (ids.length === 0) return;
	next.added ??= {};
	for (const id of ids) next.added[id] = readTo === undefined ? { at } : { at, readTo };
}

/** Forgets a terminal's addition (its baseline is complete). */
export function forgetAdded(next: TriggerState, id: string): void {
	delete next.added?.[id];
	if (next.added && Object.keys(next.added).length === 0) delete next.added;
}

/**
 * The settings a list poll runs with. Inside a repeated local time (a clock set back) no window
 * may begin or end at the moment of a change, so what a terminal added listed before it could not
 * be told from what comes after: a change made then takes effect once that time is over, and the
 * terminals watched before go on meanwhile (undefined: no change is waiting).
 */
export function postponedSettings(previous: TriggerState | undefined, settings: TriggerSettings, run: RunContext, insideRepeat: boolean): TriggerSettings | undefined {
	if (!previous || !insideRepeat) return undefined;
	const before = polledIds(previous);
	if (before.join() === watchedIds(settings).join()) return undefined;
	const terminals = run.terminals.filter((terminal) => before.includes(terminalId(terminal)));
	return terminals.length ? { ...settings, terminals } : undefined;
}
