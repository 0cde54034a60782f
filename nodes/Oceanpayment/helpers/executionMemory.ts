import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * What the node remembers for the rest of one execution, per credential: every node run of the
 * execution (a loop, a second Oceanpayment node with the same credential) sees it. An execution
 * runs in one process (also in queue mode), so process memory is enough. Without an execution ID
 * (some test harnesses) the memory lasts for the node run only.
 */
export interface ExecutionMemory {
	/** Values kept under a name (e.g. the refund query's answer for a number that cannot exist). */
	values: Map<string, unknown>;
	/** Refund numbers sent in this execution and what became of them. */
	sentRefunds: Map<string, SentRefund>;
}

export interface SentRefund {
	itemIndex: number;
	paymentId: string;
	amount: string;
	/** `made` when the gateway accepted it (with its answer); `unknown` when it was refused, failed or its answer was lost. */
	outcome: 'unknown' | 'made';
	record?: IDataObject;
}

/** How many executions are remembered at once; the oldest are forgotten first. */
const MAX_EXECUTIONS = 500;
const memories = new Map<string, ExecutionMemory>();

const newMemory = (): ExecutionMemory => ({ values: new Map(), sentRefunds: new Map() });

/** The memory of this execution and credential (created on first use). */
export function executionMemory(context: IExecuteFunctions, fallback: { memory?: ExecutionMemory }): ExecutionMemory {
	const executionId = context.getExecutionId?.();
	if (!executionId) return (fallback.memory ??= newMemory());
	const credential = context.getNode().credentials?.oceanpaymentApi;
	const key = `${executionId}\u0000${credential?.id ?? credential?.name ?? ''}`;
	let memory = memories.get(key);
	if (memory) {
		// Most recently used last, so that the oldest execution is the first key.
		memories.delete(key);
	} else {
		memory = newMemory();
		if (memories.size >= MAX_EXECUTIONS) memories.delete(memories.keys().next().value as string);
	}
	memories.set(key, memory);
	return memory;
}
