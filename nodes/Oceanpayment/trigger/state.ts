import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What a trigger remembers between polls. It lives only in the workflow's static data (never in
 * module memory), so it survives restarts and works in queue mode. It is replaced as a whole at
 * the end of a successful poll, so a failed poll leaves the previous state untouched.
 */
export interface TriggerState {
	version: 1;
	/** Event + filters the state belongs to; a change resets the state. */
	config: string;
	/** End of the window of the last successful poll (ISO). */
	cursor?: string;
	/**
	 * Events already emitted (or baselined): per minute of event time (epoch minutes), the
	 * concatenated 8-character digests of the events of that minute. About 8 bytes an event.
	 */
	seen: Record<string, string>;
	/** Order Status Changed: watched order number → snapshot of its payments' statuses. */
	orders: Record<string, string>;
}

const STATE_KEY = 'oceanpaymentTrigger';

export function readState(staticData: IDataObject, config: string): TriggerState | undefined {
	const state = staticData[STATE_KEY] as TriggerState | undefined;
	if (!state || state.version !== 1 || state.config !== config) return undefined;
	return state;
}

export function writeState(staticData: IDataObject, state: TriggerState): void {
	staticData[STATE_KEY] = state as unknown as IDataObject;
}

export function emptyState(config: string): TriggerState {
	return { version: 1, config, seen: {}, orders: {} };
}

const DIGEST_LENGTH = 8;

/** A 48-bit digest of an event key: collisions among the few thousand remembered are negligible. */
export function digest(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64').slice(0, DIGEST_LENGTH);
}

/** Every remembered digest, for membership tests during one poll. */
export function seenDigests(state: TriggerState): Set<string> {
	const digests = new Set<string>();
	for (const bucket of Object.values(state.seen)) {
		for (let at = 0; at < bucket.length; at += DIGEST_LENGTH) digests.add(bucket.slice(at, at + DIGEST_LENGTH));
	}
	return digests;
}

export function remember(state: TriggerState, eventDigest: string, eventSeconds: number): void {
	const minute = String(Math.floor(eventSeconds / 60));
	state.seen[minute] = (state.seen[minute] ?? '') + eventDigest;
}

/** Forgets events older than `oldestSeconds`: polls never reach back that far again. */
export function prune(state: TriggerState, oldestSeconds: number): void {
	const oldestMinute = Math.floor(oldestSeconds / 60);
	for (const minute of Object.keys(state.seen)) if (Number(minute) < oldestMinute) delete state.seen[minute];
}
