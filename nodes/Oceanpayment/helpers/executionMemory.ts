import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { baseUrlFor } from '../transport/authentication';

/**
 * What the node remembers for one execution and one merchant account (environment, base URL,
 * account and terminal: a refund number belongs to the account, not to an n8n credential record,
 * so two credentials of one account share it). Every node run of the execution sees it: its
 * items, a loop, a second Oceanpayment node, the part of the execution after a Wait node, as
 * long as that part runs in the same n8n process within the retention time. It is process
 * memory: a restart forgets it, and in queue mode an execution resumed after a Wait node may run
 * on another worker. Then only the refund query guards against a second refund.
 * Without an execution ID (some test harnesses) the memory lasts for the node run only.
 */
export interface ExecutionMemory {
	/** Values kept under a name (e.g. the refund query's answer for a number that cannot exist). */
	values: Map<string, unknown>;
	/** Refund numbers sent in this execution and what became of them. */
	sentRefunds: Map<string, SentRefund>;
	/**
	 * Every refund sent in this execution (with or without a refund number), by payment ID: a
	 * status answer that does not list one of them is out of date for what is still refundable.
	 */
	refundsByPayment: Map<string, SentRefund[]>;
}

export interface SentRefund {
	itemIndex: number;
	paymentId: string;
	amount: string;
	refundNumber: string;
	/** '1' full, '2' partial, as sent. */
	refundType: '1' | '2';
	/** `made` when the gateway accepted it (with its answer); `unknown` when it was refused, failed or its answer was lost. */
	outcome: 'unknown' | 'made';
	record?: IDataObject;
}

/** How long an execution's memory is kept after its last use: longer than most Wait nodes. */
export const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * How many executions are remembered at once, past which the least recently used are forgotten
 * early. A memory holds a few small entries, so this stays in the tens of megabytes at most.
 */
export const MAX_EXECUTIONS = 100_000;

interface Entry {
	memory: ExecutionMemory;
	lastUsed: number;
}

/** Least recently used first (an entry is moved to the end on each use). */
const memories = new Map<string, Entry>();

const newMemory = (): ExecutionMemory => ({ values: new Map(), sentRefunds: new Map(), refundsByPayment: new Map() });

/** The merchant account a credential acts for: environment, query base URL, account and terminal (never the secure code). */
export function merchantOf(credentials: ICredentialDataDecryptedObject): string {
	const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
	let base: string;
	try {
		base = baseUrlFor(credentials, 'query').toLowerCase();
	} catch {
		base = '';
	}
	return [text(credentials.environment) || 'sandbox', base, text(credentials.account), text(credentials.terminal)].join('\u0000');
}

/** How often the memories are swept for the ones past the retention time. */
const SWEEP_EVERY_MS = 60 * 1000;
let lastSweep = 0;

/** Forgets the memories unused for longer than the retention time, and the least recently used beyond the cap. */
function forgetOld(now: number): void {
	// A full sweep at most once a minute (or when the clock went back): no cost per item.
	if (now - lastSweep >= SWEEP_EVERY_MS || now < lastSweep) {
		lastSweep = now;
		for (const [key, entry] of memories) if (now - entry.lastUsed > RETENTION_MS) memories.delete(key);
	}
	for (const key of memories.keys()) {
		if (memories.size <= MAX_EXECUTIONS) break;
		memories.delete(key);
	}
}

/**
 * The memory of this execution and merchant (created on first use). `fallback` holds it for a
 * node run without an execution ID. `now` is for tests of the retention.
 */
export function executionMemory(context: IExecuteFunctions, merchant: string, fallback: { memory?: ExecutionMemory }, now = Date.now()): ExecutionMemory {
	const executionId = context.getExecutionId?.();
	if (!executionId) return (fallback.memory ??= newMemory());
	const key = `${executionId}\u0000${merchant}`;
	let entry = memories.get(key);
	if (entry) memories.delete(key);
	else entry = { memory: newMemory(), lastUsed: now };
	entry.lastUsed = now;
	memories.set(key, entry);
	forgetOld(now);
	return entry.memory;
}
