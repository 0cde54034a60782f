/**
 * Which notifications this n8n process has recently accepted, so that a redelivery of one of
 * them (Oceanpayment delivers up to 5 times until it reads `receive-ok`) starts no second
 * execution.
 *
 * Why in process memory and not in workflow static data: n8n 2.x does not save static data that a
 * webhook changes when that webhook starts an execution (WorkflowRunner.run builds a new
 * Workflow over the same static-data object before n8n saves it, which clears its "changed"
 * flag; measured on 2.41.1, only the very first change is kept), and static data is one JSON
 * value per workflow written back whole, last writer wins.
 * Memory holds in one process: all of n8n in regular mode, or the one process that receives the
 * webhooks in queue mode. It is lost on restart and not shared between processes; the
 * workflow-level guard for that is n8n's Remove Duplicates node on `eventId` (see docs/notifications.md).
 *
 * An accepted notification is first `pending`, and only counts as delivered once n8n has
 * answered it with HTTP 2xx (for n8n 2.x that is after the execution was created). If n8n
 * answered with an error, or the connection closed before the answer, it is forgotten: the next
 * delivery runs (a possible duplicate beats a lost event). Check-and-claim is synchronous, so two
 * deliveries arriving at the same time in one process cannot both pass; the one that finds the
 * event pending is not acknowledged either (its outcome is not known yet), so that it is
 * delivered again if the first one fails.
 */

export interface RecentDeliveriesLimits {
	/** Entries kept in all (oldest forgotten first). */
	maxEntries: number;
	/** How long an answered delivery is remembered. */
	keepMs: number;
	/** How long a delivery without an answer yet blocks its redeliveries. */
	pendingMs: number;
}

export const DEFAULT_LIMITS: RecentDeliveriesLimits = {
	maxEntries: 20_000,
	keepMs: 72 * 60 * 60 * 1000,
	pendingMs: 10 * 60 * 1000,
};

interface Entry {
	at: number;
	answered: boolean;
}

export class RecentDeliveries {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly limits: RecentDeliveriesLimits = DEFAULT_LIMITS) {}

	get size(): number {
		return this.entries.size;
	}

	private live(entry: Entry | undefined, now: number): boolean {
		if (!entry) return false;
		return now - entry.at < (entry.answered ? this.limits.keepMs : this.limits.pendingMs);
	}

	/** Claims a key: true when it is new (now pending), false when it was seen and still counts. */
	claim(key: string, now: number): boolean {
		if (this.live(this.entries.get(key), now)) return false;
		this.entries.delete(key);
		this.entries.set(key, { at: now, answered: false });
		this.prune(now);
		return true;
	}

	/** Whether a key is claimed and not answered yet: its first delivery is still being handled. */
	pending(key: string, now: number): boolean {
		const entry = this.entries.get(key);
		return entry !== undefined && this.live(entry, now) && !entry.answered;
	}

	/** n8n answered the delivery with 2xx: remember it for `keepMs`. */
	answered(key: string, now: number): void {
		const entry = this.entries.get(key);
		if (entry) {
			this.entries.delete(key);
			this.entries.set(key, { at: now, answered: true });
		}
	}

	/** The delivery was not acknowledged: let the next one through. */
	forget(key: string): void {
		this.entries.delete(key);
	}

	private prune(now: number): void {
		for (const [key, entry] of this.entries) {
			if (this.entries.size <= this.limits.maxEntries && this.live(entry, now)) break;
			this.entries.delete(key);
		}
	}
}

/** The one memory of this n8n process, shared by every Notification Trigger node in it. */
export const recentDeliveries = new RecentDeliveries();
