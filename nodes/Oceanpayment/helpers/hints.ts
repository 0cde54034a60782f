import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { maskCardLikeNumbers } from './parameters';

/**
 * Execution hints: what the editor shows above the output when a run is not a plain success
 * ("Refund SHOP-R-1001 already existed: nothing was refunded"). n8n 1.x and 2.x both have
 * `addExecutionHints`; an older host or a harness without it simply shows none. Hints quote
 * user values (refund and order numbers), so card-like numbers are masked as in errors.
 */
export function addHints(context: IExecuteFunctions, messages: string[], type: NodeExecutionHint['type'] = 'info'): void {
	if (messages.length === 0 || typeof context.addExecutionHints !== 'function') return;
	context.addExecutionHints(...messages.map((message): NodeExecutionHint => ({ message: maskCardLikeNumbers(message), type, location: 'outputPane' })));
}

/** One hint for a list of names: all of them when few, a count and the first ones otherwise. */
export function listed(names: string[], max = 5): string {
	const shown = names.slice(0, max).join(', ');
	return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
