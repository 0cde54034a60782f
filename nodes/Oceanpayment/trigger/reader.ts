import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY, type RequestOptions } from '../transport';
import { readPage, type PageRequest } from '../helpers/paging';
import { onTerminal } from '../helpers/terminalChoice';
import type { CredentialTerminal } from '../transport/terminals';
import type { ListEvent } from './events';
import type { GatewayClock } from './windows';

/** The shortest window a busy period is split into; it is read whole, even over budget. */
export const MIN_WINDOW_SECONDS = 60;

export function triggerRequest(title: string, retries: number): RequestOptions {
	return { operation: `Oceanpayment Trigger › ${title}`, retry: { ...DEFAULT_RETRY, retries } };
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
	| { kind: 'records'; records: IDataObject[] }
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
	/** The oldest moment the gateway still lists. */
	oldest: number;
	/** The cursor before this poll: windows beginning after it are fresh. */
	cursor?: number;
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

	constructor(
		private readonly context: IPollFunctions,
		private readonly options: ReaderOptions,
	) {}

	get clock(): GatewayClock {
		return this.options.clock;
	}

	get bounds(): { now: number; oldest: number } {
		return { now: this.options.now, oldest: this.options.oldest };
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

	/** The local period of a window, for the log. */
	period(start: number, end: number): string {
		return `${this.options.clock.format(start)}–${this.options.clock.format(end)}`;
	}

	private keep(records: IDataObject[], start: number, askedEnd: number): WindowRecords {
		const window = { records, start, end: Math.min(askedEnd, this.options.now), askedEnd, fresh: this.options.cursor !== undefined && start > this.options.cursor };
		this.windows.push(window);
		return window;
	}

	/**
	 * Reads every page of [start, end] if they fit in the budget. `progress`: a window that cannot
	 * be split further is read even over budget, so that the poll moves on.
	 */
	private async readWindow(start: number, end: number, budget: Budget, progress: boolean, shortest: boolean): Promise<WindowRead> {
		if (budget.left <= 0 && !progress) return { kind: 'noBudget' };
		// The first page of the window on every terminal watched, each call out of the one budget.
		const firsts = [];
		for (const terminal of this.terminals) {
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
		return { kind: 'records', records };
	}

	/** The end of the shortest window from `start` that may end near `wanted`. */
	private shrunkEnd(start: number, wanted: number): number {
		const { clock } = this.options;
		const end = clock.endAtOrBefore(Math.max(wanted, start + MIN_WINDOW_SECONDS));
		return end > start ? end : clock.endAtOrAfter(Math.max(wanted, start + 1));
	}

	/** The first moment a window may begin at, at or before `moment`, within what the gateway lists. */
	startAt(moment: number): number {
		const { clock, oldest } = this.options;
		const start = clock.startAtOrBefore(moment);
		return start >= oldest ? start : clock.startAtOrAfter(oldest);
	}

	/**
	 * Reads [from, to] forward in consecutive windows within the budget. A window whose pages would
	 * not fit is shrunk (in proportion to its page count) and asked again; windows never straddle
	 * `splitAt`. A range of a single second waits for the next poll (a window has a begin before
	 * its end). Returns the windows read, in order; the rest is left for the next poll.
	 */
	async readForward(range: { from: number; to: number; splitAt?: number }, budget: Budget, progress = true): Promise<WindowRecords[]> {
		const { clock } = this.options;
		const read: WindowRecords[] = [];
		let start = this.startAt(range.from);
		while (start < range.to) {
			const split = range.splitAt !== undefined && range.splitAt > start && range.splitAt < range.to ? range.splitAt : range.to;
			let end = clock.endAtOrAfter(split);
			for (;;) {
				const shortest = this.shrunkEnd(start, start) >= end;
				// Only a part of a poll that has read nothing yet goes over budget, by as little as it takes to move on.
				const moving = progress && read.length === 0;
				const outcome = await this.readWindow(start, end, budget, moving, shortest);
				if (outcome.kind === 'records') {
					read.push(this.keep(outcome.records, start, end));
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

	/** Reads [from, to] as one window if its pages fit in the budget (again while the list changes under it). */
	async readWhole(range: { from: number; to: number }, budget: Budget): Promise<'read' | 'tooBig' | 'changed'> {
		const start = this.startAt(range.from);
		const end = this.options.clock.endAtOrAfter(range.to);
		for (;;) {
			const outcome = await this.readWindow(start, end, budget, false, false);
			if (outcome.kind === 'records') {
				this.keep(outcome.records, start, end);
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
		let start = clock.startAtOrAfter(range.from);
		while (budget.left > 0 && start < range.to) {
			const outcome = await this.readWindow(start, range.to, budget, false, false);
			if (outcome.kind === 'records') return this.keep(outcome.records, start, range.to);
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
