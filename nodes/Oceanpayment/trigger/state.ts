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
	/** Short hashes of the events already emitted (or baselined) → their time in epoch seconds. */
	seen: Record<string, number>;
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

/** A 72-bit digest of an event key: short enough to keep thousands, collisions negligible. */
export function digest(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64').slice(0, 12);
}

/** Forgets events older than `oldestSeconds`: queries never reach back that far again. */
export function prune(seen: Record<string, number>, oldestSeconds: number): Record<string, number> {
	const kept: Record<string, number> = {};
	for (const [key, time] of Object.entries(seen)) if (time >= oldestSeconds) kept[key] = time;
	return kept;
}
