import type { IDataObject } from 'n8n-workflow';

import type { ListEventName } from './events';
import type { CredentialTerminal } from '../transport/terminals';

/** What the trigger was set to watch: read once per poll by OceanpaymentTrigger.node.ts. */

export type ReReadMode = 'auto' | 'everyPoll' | 'once';

export interface TriggerSettings {
	event: ListEventName | 'orderStatusChanged' | 'disputeReplyDeadline';
	disputeType: string;
	eventTypes: string[];
	watchedOrders: string[];
	overlapMinutes: number;
	backfillHours: number;
	simplify: boolean;
	/** Retries of each read call on network errors within one poll. */
	retries: number;
	/** Gateway calls one poll may make; a longer catch-up continues on the next polls. */
	maxCalls: number;
	/** When the overlap is read again besides as each period leaves it (see pollList). */
	reRead: ReReadMode;
	/** Dispute Reply Deadline: hours before the deadline of the first and the optional second alarm (0: none). */
	leadHours: number;
	secondLeadHours: number;
	/** The credential's terminals the trigger watches, main first (issue 29); default the main one. */
	terminals?: CredentialTerminal[];
}

/** Whether the trigger watches anything but the main terminal alone (then its state and keys name terminals). */
export const watchesOtherTerminals = (settings: TriggerSettings): boolean => (settings.terminals ?? []).some((terminal) => terminal.role !== 'main');
/**
 * Event and filters. The trailing '0' is the business-event date type of 0.1.0 (review time,
 * the only one that catches every event), kept so that state saved by 0.1.0 still matches. The
 * terminals watched are not part of it: a change of Options › Terminal keeps each terminal's
 * place (terminalSwitch.ts).
 */
export function configKey(settings: TriggerSettings): string {
	return JSON.stringify([settings.event, settings.disputeType, [...settings.eventTypes].sort(), '0']);
}

export function filterFields(settings: TriggerSettings): IDataObject {
	if ((settings.event === 'newDispute' || settings.event === 'disputeReplyDeadline') && settings.disputeType) return { notice_type: settings.disputeType };
	return {};
}
