import { createHash } from 'crypto';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * What a trigger remembers between polls. It lives only in the workflow's static data (never in
 * module memory), so it survives restarts and works in queue mode, keyed by the trigger node's
 * ID so that renaming the node keeps it. It is replaced as a whole at the end of a successful
 * poll, so a failed poll leaves the previous state untouched.
 */
export interface TriggerState {
	version: 2;
	/** Event + filters the state belongs to; a change starts a new baseline (the terminals watched are not part of it). */
	config: string;
	/** End of the last window that was read completely (ISO, n8n's clock). */
	cursor?: string;
	/** Records of windows ending at or before this moment are remembered without being emitted. */
	quietUntil?: string;
	/**
	 * Every record dated up to this moment has been read at least Overlap after its date (ISO). Kept
	 * in every Re-Read the Overlap mode; states saved without it (Every Poll before 0.2.0) had read
	 * the whole overlap before the cursor.
	 */
	checkedUntil?: string;
	/** Re-Read the Overlap "Automatic": the overlap held more than two pages at the last look. */
	busy?: boolean;
	/** Seconds past the oldest moment it surely lists (oldestListed) that the gateway refused as too far back. */
	oldestShift?: number;
	/** Records on a full page of this list, once a window had several pages. */
	pageSize?: number;
	/**
	 * The latest end of a window read (ISO), when later than the cursor: windows read after a pass
	 * that covered its window only up to when it began. Nothing after it is remembered.
	 */
	readUntil?: string;
	/** The pass over a window covering a repeated local time that takes several polls (see ListReader.readRepeat). */
	repeatPass?: RepeatPass;
	/**
	 * Activated inside a repeated local time before its window could be read whole: the baseline
	 * moment and the repeated time, until a complete read of that window (see listPoll's baselineQuiet).
	 */
	repeatBaseline?: { at: number; first: number; last: number };
	/**
	 * Events already emitted (or remembered quietly). Per minute (epoch minutes) of the end of the
	 * window in which an event was first seen — an upper bound of the date the gateway filters
	 * on, whatever that date is — the concatenated 8-character digests of those events, one per
	 * copy. About 8 bytes an event.
	 */
	seen: Record<string, string>;
	/** Dispute Reply Deadline: when the trigger was activated (deadlines passed by then never fire). */
	activatedAt?: string;
	/** Dispute Reply Deadline: how far the current pass over the dispute list got (none: a new pass starts). */
	passAt?: string;
	/** Dispute Reply Deadline: per dispute (digest), the alarm level fired (1 or 2) and the epoch minute it fired. */
	alarms?: Record<string, [number, number]>;
	/**
	 * Dispute Reply Deadline: the disputes read with a deadline still ahead, per digest its deadline
	 * (Unix seconds) and payment ID, so an alarm fires when it falls due, not when a pass reads it.
	 */
	deadlines?: Record<string, [number, string]>;
	/** Dispute Reply Deadline: disputes dated up to this moment have been read (new ones come after it). */
	newAt?: string;
	/** Order Status Changed: watched order number → snapshot of its payments' statuses. */
	orders: Record<string, string>;
	/** Order Status Changed: the terminals (ids) an order's snapshot covers, when not the main one alone. */
	orderTerminals?: Record<string, string[]>;
	/**
	 * The terminals the state was last polled with (issue 29; ids of terminalSwitch.ts: 'main' or
	 * a terminal's number); absent: the main terminal alone.
	 */
	terminals?: string[];
	/**
	 * Terminals added to the running trigger (Options › Terminal changed), by id: when, which is
	 * their baseline; for the list events also how far the windows read since have covered, from
	 * the moment checked at the change, towards it (`readTo`). Kept until that baseline is complete.
	 */
	added?: Record<string, { at: string; readTo?: string }>;
	/** Order Status Changed: the chunk of 100 watched orders the next poll starts with. */
	nextChunk?: number;
}

/**
 * A window around a repeated local time (which no window may begin or end inside) holding more
 * pages than one poll may read: read page by page over several polls. Moments are Unix seconds.
 */
export interface RepeatPass {
	start: number;
	end: number;
	/** The next page to read. */
	page: number;
	/** Pages at the last answer. */
	pages: number;
	/** Records in the window at the last answer (`count`), when the gateway said. */
	total?: number;
	/** When the pass began: every record listed by then is read by the pass. */
	since: number;
	/** Which of the terminals watched the pass is on (issue 29: one after the other); absent: the first. */
	terminal?: number;
}

/** Where 0.1.0 kept the state: node static data, which n8n keys by the node's name. */
const LEGACY_KEY = 'oceanpaymentTrigger';
const GLOBAL_PREFIX = 'oceanpaymentTrigger:';

export function emptyState(config: string): TriggerState {
	return { version: 2, config, seen: {}, orders: {} };
}

function isState(value: unknown): value is TriggerState | (Omit<TriggerState, 'version'> & { version: 1 }) {
	const state = value as { version?: unknown; config?: unknown } | undefined;
	return !!state && typeof state === 'object' && (state.version === 1 || state.version === 2) && typeof state.config === 'string';
}

/**
 * The trigger's state in the workflow's global static data under the node's ID. State saved by
 * 0.1.0 under the node's name is moved there on first use, unchanged (its cursor, remembered
 * events and snapshots mean the same), so an upgrade neither repeats nor loses events.
 */
export class StateStore {
	private readonly global: IDataObject;

	private readonly key: string;

	constructor(context: IPollFunctions) {
		this.global = context.getWorkflowStaticData('global');
		this.key = `${GLOBAL_PREFIX}${context.getNode().id}`;
		if (!isState(this.global[this.key])) {
			const nodeData = context.getWorkflowStaticData('node');
			const legacy = nodeData[LEGACY_KEY];
			if (isState(legacy)) {
				this.global[this.key] = { ...legacy, version: 2 } as unknown as IDataObject;
				delete nodeData[LEGACY_KEY];
			}
		}
	}

	/** The saved state if it belongs to `config`, else undefined (a new baseline). */
	read(config: string): TriggerState | undefined {
		const state = this.global[this.key];
		if (!isState(state) || state.config !== config) return undefined;
		const copy = JSON.parse(JSON.stringify(state)) as TriggerState;
		return { ...copy, version: 2, seen: copy.seen ?? {}, orders: copy.orders ?? {} };
	}

	/** The saved state whatever its event and filters (undefined if none). */
	readAny(): TriggerState | undefined {
		const state = this.global[this.key];
		return isState(state) ? (JSON.parse(JSON.stringify(state)) as TriggerState) : undefined;
	}

	write(state: TriggerState): void {
		this.global[this.key] = state as unknown as IDataObject;
	}
}

const DIGEST_LENGTH = 8;

/** A 48-bit digest of an event key: collisions among the few thousand remembered are negligible. */
export function digest(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64').slice(0, DIGEST_LENGTH);
}

/** How many copies of each digest are remembered, of events first seen in windows ending at or after `sinceSeconds` (to the minute). */
export function rememberedCounts(state: TriggerState, sinceSeconds: number): Map<string, number> {
	const sinceMinute = Math.floor(sinceSeconds / 60);
	const counts = new Map<string, number>();
	for (const [minute, bucket] of Object.entries(state.seen)) {
		if (Number(minute) < sinceMinute) continue;
		for (let at = 0; at < bucket.length; at += DIGEST_LENGTH) {
			const key = bucket.slice(at, at + DIGEST_LENGTH);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return counts;
}

export function remember(state: TriggerState, eventDigest: string, boundSeconds: number): void {
	const minute = String(Math.floor(boundSeconds / 60));
	state.seen[minute] = (state.seen[minute] ?? '') + eventDigest;
}

/** Forgets events first seen in windows that ended before `oldestSeconds`: no poll reads them again. */
export function prune(state: TriggerState, oldestSeconds: number): void {
	const oldestMinute = Math.floor(oldestSeconds / 60);
	for (const minute of Object.keys(state.seen)) if (Number(minute) < oldestMinute) delete state.seen[minute];
}
