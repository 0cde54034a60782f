import { NodeApiError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { classifyRejection, DEFAULT_RETRY, type RequestOptions } from '../transport';
import { readPage, type PageRequest } from '../helpers/paging';
import { onTerminal } from '../helpers/terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';
import type { ListEvent } from './events';
import type { RepeatPass } from './state';
import type { GatewayClock } from './windows';

/** The shortest window a busy period is split into; it is read whole, even over budget. */
export const MIN_WINDOW_SECONDS = 60;

export function triggerRequest(title: string, retries: number): RequestOptions {
	return { operation: `Oceanpayment Trigger › ${title}`, retry: { ...DEFAULT_RETRY, retries } };
}

/**
 * How far past the conservative oldest moment (see oldestListed) a window is tried again when the
 * gateway refuses one that begins there: its own count of "the last 30 days / 6 months" is UNKNOWN.
 */
export const OLDEST_SHIFTS = [15 * 60, 3_600, 6 * 3_600, 86_400, 2 * 86_400, 4 * 86_400];

/** A refusal that may mean "too far back": not a fault, and not about signature, account, IP or load. */
function mayBeRangeRefusal(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || !/^\d+$/.test(String(error.httpCode ?? ''))) return false;
	return classifyRejection({ code: String(error.httpCode), message: error.message }) === 'other';
}

/** Gateway calls a part of a poll may still make. */
export interface Budget {
	left: number;
}

/** A window read completely. Moments are Unix seconds. */
export interface WindowRecords {
	records: IDataObject[];
	start: number;
	/** The window's end, or now if that is earlier: the records' dates are at or before it. */
	end: number;
	/** The window's end as asked (after now when it covers a repeated local time). */
	askedEnd: number;
	/**
	 * Whether the window lies wholly after the previous cursor. Every remembered event was first
	 * seen in a window ending at or before that cursor, so nothing in a fresh window is remembered.
	 */
	fresh: boolean;
}

type WindowRead =
	/** `start`: later than asked when the gateway refused the asked one as too far back. */
	| { kind: 'records'; records: IDataObject[]; start: number }
	/** Its pages do not fit in the budget (one call spent to learn that). */
	| { kind: 'tooBig'; pages: number }
	/** The list changed while its pages were read: records shifted between pages. */
	| { kind: 'changed' }
	| { kind: 'noBudget' };

/**
 * The terminal each record of this poll was read from (issue 29). Records are per poll objects,
 * so this holds nothing between polls.
 */
const recordTerminals = new WeakMap<IDataObject, CredentialTerminal>();
export const terminalOfRecord = (record: IDataObject): CredentialTerminal | undefined => recordTerminals.get(record);
/**
 * The terminal an item names: none for a one-terminal credential (items as before); with two,
 * the terminal the record was read from, and a record read without one (the trigger watches the
 * main terminal alone) is the main terminal's.
 */
export function itemTerminal(record: IDataObject, terminals: CredentialTerminal[]): CredentialTerminal | undefined {
	return terminals.length > 1 ? (terminalOfRecord(record) ?? terminals[0]) : undefined;
}
/** Marks a record as read from `terminal`; returns it. */
export function tagged(record: IDataObject, terminal: CredentialTerminal): IDataObject {
	recordTerminals.set(record, terminal);
	return record;
}

export interface ReaderOptions {
	/** The terminals to read, main first; default the credential's main terminal only. */
	terminals?: CredentialTerminal[];
	event: ListEvent;
	title: string;
	filters: IDataObject;
	retries: number;
	clock: GatewayClock;
	now: number;
	/** The oldest moment the gateway surely still lists (oldestListed), before what was learned. */
	oldest: number;
	/** Seconds past `oldest` the gateway was found to begin its list (learned from refusals). */
	shift?: number;
	/** The end of the last window read before this poll (the cursor, or later past a pass): windows beginning after it are fresh. */
	cursor?: number;
	/** The pass over a repeated-time window that the previous poll left unfinished. */
	pass?: RepeatPass;
}

/**
 * Reads list windows for one poll: every window it asks for begins and ends where the gateway's
 * local time is unambiguous (see windows.ts), and is kept, in the order read, in `windows`.
 */
export class ListReader {
	readonly windows: WindowRecords[] = [];

	calls = 0;

	/** Records on a full page, when a window had several pages. */
	pageSize?: number;

	/** Periods read over the budget because they could not be split (for the log). */
	readonly overBudget: string[] = [];

	/** Seconds past the conservative oldest moment that the gateway refused; kept in the state. */
	shift: number;

	/** The pass over a repeated-time window still unfinished after this poll; kept in the state. */
	pass?: RepeatPass;

	/** Records this poll read in a pass it did not finish: emitted (deduplicated), but not covered. */
	readonly passRecords: IDataObject[] = [];

	/** Whether `pass.total` was answered in this poll (a change within a poll means a shift). */
	private passTotalNow = false;

	/** Whether this poll began the pass. */
	private passBegunNow = false;

	constructor(
		private readonly context: IPollFunctions,
		private readonly options: ReaderOptions,
	) {
		this.shift = options.shift ?? 0;
		this.pass = options.pass;
	}

	get clock(): GatewayClock {
		return this.options.clock;
	}

	get bounds(): { now: number; oldest: number } {
		return { now: this.options.now, oldest: this.options.oldest + this.shift };
	}

	/**
	 * Runs `attempt` for a window from `start`. When the gateway refuses a window that begins near
	 * the oldest moment, the start moves on to the next of OLDEST_SHIFTS and the window is asked
	 * again, while `mayRetry` allows; a refusal raises `shift` (the gateway's list begins later).
	 * The first refusal comes back when no shift is left or the window would be empty; undefined
	 * when `mayRetry` stopped it.
	 */
	async fromOldest<T>(start: number, end: number, attempt: (start: number) => Promise<T>, mayRetry: () => boolean): Promise<{ start: number; result: T } | undefined> {
		const { clock, oldest } = this.options;
		let first: unknown;
		for (;;) {
			try {
				return { start, result: await attempt(start) };
			} catch (error) {
				first ??= error;
				const next = OLDEST_SHIFTS.find((shift) => oldest + shift > start);
				if (next === undefined || !mayBeRangeRefusal(error)) throw first;
				const moved = clock.startAtOrAfter(oldest + next);
				if (moved >= end) throw first;
				this.shift = Math.max(this.shift, next);
				if (!mayRetry()) return undefined;
				start = moved;
			}
		}
	}

	/** The list request of one window (on one terminal: default the main one). */
	query(start: number, end: number, terminal?: CredentialTerminal): PageRequest {
		const { event, filters, clock, title, retries } = this.options;
		const request = triggerRequest(title, retries);
		return {
			endpoint: event.endpoint,
			fields: { ...clock.dates({ start, end }), ...filters },
			omitFirstPage: event.omitFirstPage,
			request: terminal ? onTerminal(request, terminal) : request,
		};
	}

	/** The terminals read; `undefined` stands for the main terminal of a one-terminal reader. */
	get terminals(): Array<CredentialTerminal | undefined> {
		return this.options.terminals?.length ? this.options.terminals : [undefined];
	}

	/**
	 * The records of the whole list that match `filters` (e.g. one payment ID), every page if they
	 * fit in the budget, on every terminal watched; undefined when they do not (nothing is guessed
	 * from a part).
	 */
	async lookup(filters: IDataObject, budget: Budget): Promise<IDataObject[] | undefined> {
		const { now } = this.bounds;
		const end = this.options.clock.endAtOrAfter(now);
		const records: IDataObject[] = [];
		for (const terminal of this.terminals) {
			const query = (start: number) => ({ ...this.query(start, end, terminal), fields: { ...this.query(start, end, terminal).fields, ...filters } });
			const read = async (start: number, page: number) => {
				budget.left--;
				this.calls++;
				return await readPage.call(this.context, query(start), page);
			};
			if (budget.left <= 0) return undefined;
			const opened = await this.fromOldest(this.startAt(this.bounds.oldest), end, async (start) => await read(start, 1), () => budget.left > 0);
			if (!opened) return undefined;
			const pages = opened.result.totalPages ?? 1;
			if (pages - 1 > budget.left) return undefined;
			const mark = (record: IDataObject) => (terminal ? tagged(record, terminal) : record);
			records.push(...opened.result.records.map(mark));
			for (let page = 2; page <= pages; page++) {
				const next = await read(opened.start, page);
				if (next.records.length === 0) break;
				records.push(...next.records.map(mark));
			}
		}
		return records;
	}

	/** The local period of a window, for the log. */
	period(start: number, end: number): string {
		return `${this.options.clock.format(start)}–${this.options.clock.format(end)}`;
	}

	/** `since`: when the reading began (a pass begun by an earlier poll is never fresh). */
	private keep(records: IDataObject[], start: number, askedEnd: number, since = this.options.now, begunNow = true): WindowRecords {
		const fresh = begunNow && this.options.cursor !== undefined && start > this.options.cursor;
		const window = { records, start, end: Math.min(askedEnd, since), askedEnd, fresh };
		this.windows.push(window);
		return window;
	}

	/**
	 * Reads every page of [start, end] if they fit in the budget. `progress`: a window that cannot
	 * be split further is read even over budget, so that the poll moves on.
	 */
	private async readWindow(from: number, end: number, budget: Budget, progress: boolean, shortest: boolean): Promise<WindowRead> {
		if (budget.left <= 0 && !progress) return { kind: 'noBudget' };
		if (from < this.bounds.oldest) from = this.startAt(from);
		// The first page of the window on every terminal watched, each call out of the one budget; the
		// first terminal finds where the gateway's list begins (fromOldest), the others start there too.
		const [firstTerminal, ...otherTerminals] = this.terminals;
		const opened = await this.fromOldest(
			from,
			end,
			async (begin) => {
				budget.left--;
				this.calls++;
				return await readPage.call(this.context, this.query(begin, end, firstTerminal), 1);
			},
			() => budget.left > 0,
		);
		if (!opened) return { kind: 'noBudget' };
		const { start } = opened;
		const firsts = [{ terminal: firstTerminal, query: this.query(start, end, firstTerminal), first: opened.result, pages: opened.result.totalPages ?? 1 }];
		for (const terminal of otherTerminals) {
			const query = this.query(start, end, terminal);
			const first = await readPage.call(this.context, query, 1);
			budget.left--;
			this.calls++;
			firsts.push({ terminal, query, first, pages: first.totalPages ?? 1 });
		}
		const pages = firsts.reduce((sum, entry) => sum + entry.pages, 0);
		for (const { first, pages: own } of firsts) if (own > 1 && first.records.length) this.pageSize = Math.max(this.pageSize ?? 0, first.records.length);
		// The first pages are paid for: a window of one page per terminal is always taken.
		if (pages - firsts.length > Math.max(budget.left, 0)) {
			if (!(progress && shortest)) return { kind: 'tooBig', pages };
			this.overBudget.push(`${this.period(start, end)} (${pages} pages)`);
		}
		const records: IDataObject[] = [];
		for (const { terminal, query, first, pages: own } of firsts) {
			// `count` is the number of matching records when it exceeds the first page (INFERRED). A record
			// added or removed while the pages are read moves the others between pages, so one would be read
			// twice (and counted as two identical events) or not at all: such a window is read again.
			const total = first.total !== undefined && first.total > first.records.length ? first.total : undefined;
			const ownRecords = [...first.records];
			for (let page = 2; page <= own && first.records.length > 0; page++) {
				const next = await readPage.call(this.context, query, page);
				budget.left--;
				this.calls++;
				if (total !== undefined && next.total !== undefined && next.total !== total) return { kind: 'changed' };
				if (next.records.length === 0) break;
				for (const record of next.records) ownRecords.push(record);
			}
			for (const record of ownRecords) {
				records.push(terminal ? tagged(record, terminal) : record);
			}
		}
		return { kind: 'records', records, start };
	}

	/** The end of the shortest window from `start` that may end near `wanted`. */
	private shrunkEnd(start: number, wanted: number): number {
		const { clock } = this.options;
		const end = clock.endAtOrBefore(Math.max(wanted, start + MIN_WINDOW_SECONDS));
		return end > start ? end : clock.endAtOrAfter(Math.max(wanted, start + 1));
	}

	/** The first moment a window may begin at, at or before `moment`, within what the gateway lists. */
	startAt(moment: number): number {
		const { clock } = this.options;
		const { oldest } = this.bounds;
		const start = clock.startAtOrBefore(moment);
		return start >= oldest ? start : clock.startAtOrAfter(oldest);
	}

	/**
	 * Reads [from, to] forward in consecutive windows within the budget. A window whose pages would
	 * not fit is shrunk (in proportion to its page count) and asked again; windows never straddle
	 * a moment of `splitAt`. A range of a single second waits for the next poll (a window has a begin before
	 * its end). Returns the windows read, in order; the rest is left for the next poll.
	 */
	async readForward(range: { from: number; to: number; splitAt?: number[] }, budget: Budget, progress = true): Promise<WindowRecords[]> {
		const { clock } = this.options;
		const read: WindowRecords[] = [];
		let start = this.startAt(range.from);
		while (start < range.to) {
			const split = Math.min(range.to, ...(range.splitAt ?? []).filter((at) => at > start && at < range.to));
			let end = clock.endAtOrAfter(split);
			for (;;) {
				// A refusal as too far back may have moved the oldest moment on.
				if (start < this.bounds.oldest) start = this.startAt(start);
				// A pass under way goes on first: a longer window from its start would not fit either.
				if (this.pass?.start === start && this.pass.end < end) end = this.pass.end;
				const shortest = this.shrunkEnd(start, start) >= end;
				if (shortest && this.clock.repeatAt(start + 1)?.first === start + 1) {
					// Around a repeated local time the shortest window may hold more pages than a poll may read.
					const whole = await this.readRepeat(start, end, budget);
					if (!whole) return read;
					read.push(whole);
					break;
				}
				// Only a part of a poll that has read nothing yet goes over budget, by as little as it takes to move on.
				const moving = progress && read.length === 0;
				const outcome = await this.readWindow(start, end, budget, moving, shortest);
				if (outcome.kind === 'records') {
					read.push(this.keep(outcome.records, outcome.start, end));
					break;
				}
				if (outcome.kind === 'noBudget' || (budget.left <= 0 && (!moving || outcome.kind === 'changed'))) return read;
				if (outcome.kind === 'changed') continue;
				if (shortest) return read;
				// With the budget spent (a part that must move), the share one page holds: it is taken.
				end = this.shrunkEnd(start, start + Math.floor(((end - start) * Math.max(budget.left, 1)) / outcome.pages));
			}
			start = end + 1;
		}
		return read;
	}

	/**
	 * Reads the window [start, end] around a repeated local time page by page, going on where the
	 * previous poll's pass stopped, within the budget. Returns the window once the pass has read its
	 * last page (covering what was listed when the pass began), else undefined (the records read so
	 * far are in `passRecords`, the pass in `pass`). A record listed meanwhile moves the later ones
	 * on by a page position at most, so none listed at the start is skipped, and one read twice is
	 * caught by the memory, as a re-read is. Records leaving the list (fewer than before) or a change
	 * between two pages of one poll could move one back past the pages read: the pass starts again.
	 */
	private async readRepeat(start: number, end: number, budget: Budget): Promise<WindowRecords | undefined> {
		const { now } = this.options;
		const terminals = this.terminals;
		const restart = (): RepeatPass => {
			this.passRecords.length = 0;
			this.passTotalNow = false;
			this.passBegunNow = true;
			return { start, end, page: 1, pages: 1, since: now };
		};
		let pass = this.pass?.start === start && this.pass.end === end ? this.pass : restart();
		while (budget.left > 0) {
			// The terminals watched one after the other, each page by page.
			const terminal = terminals[pass.terminal ?? 0];
			const answer = await readPage.call(this.context, this.query(start, end, terminal), pass.page);
			budget.left--;
			this.calls++;
			if (pass.total !== undefined && answer.total !== undefined && (answer.total < pass.total || (answer.total !== pass.total && this.passTotalNow))) {
				pass = restart();
				continue;
			}
			this.passTotalNow = true;
			pass.total = answer.total ?? pass.total;
			pass.pages = answer.totalPages ?? pass.pages;
			if (pass.pages > 1 && pass.page === 1 && answer.records.length) this.pageSize = Math.max(this.pageSize ?? 0, answer.records.length);
			for (const record of answer.records) this.passRecords.push(terminal ? tagged(record, terminal) : record);
			if (answer.records.length === 0 || pass.page >= pass.pages) {
				if ((pass.terminal ?? 0) + 1 < terminals.length) {
					pass = { ...pass, terminal: (pass.terminal ?? 0) + 1, page: 1, pages: 1, total: undefined };
					this.passTotalNow = false;
					continue;
				}
				this.pass = undefined;
				return this.keep(this.passRecords.splice(0), start, end, pass.since, this.passBegunNow);
			}
			pass.page++;
		}
		this.pass = pass;
		return undefined;
	}

	/** The records of this poll's unfinished pass as a window to emit from (never fresh, never covered). */
	passWindow(): WindowRecords | undefined {
		const pass = this.pass;
		if (!pass || this.passRecords.length === 0) return undefined;
		return { records: this.passRecords, start: pass.start, end: Math.min(pass.end, this.options.now), askedEnd: pass.end, fresh: false };
	}

	/** Reads [from, to] as one window if its pages fit in the budget (again while the list changes under it). */
	async readWhole(range: { from: number; to: number }, budget: Budget): Promise<'read' | 'tooBig' | 'changed'> {
		const start = this.startAt(range.from);
		const end = this.options.clock.endAtOrAfter(range.to);
		for (;;) {
			const outcome = await this.readWindow(start, end, budget, false, false);
			if (outcome.kind === 'records') {
				this.keep(outcome.records, outcome.start, end);
				return 'read';
			}
			if (outcome.kind !== 'changed') return 'tooBig';
			if (budget.left <= 0) return 'changed';
		}
	}

	/**
	 * Reads the newest part of [from, to] that fits in the budget, as one window ending at `to` (a
	 * moment a window may end at). Returns it, or nothing when not even its last minute fits.
	 */
	async readBack(range: { from: number; to: number }, budget: Budget): Promise<WindowRecords | undefined> {
		const { clock } = this.options;
		// From inside a repeated local time, from the second before it: the only window that reaches `to`.
		let start = this.startAt(range.from);
		while (budget.left > 0 && start < range.to) {
			const outcome = await this.readWindow(start, range.to, budget, false, false);
			if (outcome.kind === 'records') return this.keep(outcome.records, outcome.start, range.to);
			if (outcome.kind === 'tooBig') {
				const shorter = Math.floor(((range.to - start) * budget.left) / outcome.pages);
				if (shorter < 1) break;
				start = clock.startAtOrAfter(range.to - shorter);
			}
		}
		return undefined;
	}
}

/**
 * How far [from …] is covered without a gap by `windows`, starting right after `after`: the end
 * of the last window that joins on, at most `cap`.
 */
export function coveredUntil(after: number, windows: WindowRecords[], cap: number): number {
	let covered = after;
	for (const window of [...windows].sort((a, b) => a.start - b.start)) {
		if (window.start > covered + 1) break;
		covered = Math.max(covered, Math.min(window.end, cap));
	}
	return covered;
}
