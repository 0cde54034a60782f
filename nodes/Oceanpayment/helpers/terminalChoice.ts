import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { RequestOptions } from '../transport';
import { ROLE_LABELS, type CredentialTerminal, type TerminalRole } from '../transport/terminals';
import type { OutputFields } from './output';
import type { ItemParameters } from './parameters';

/**
 * The Terminal option of the operations that take a terminal (issue 29). Reads ask the main
 * terminal, the 3-D Secure terminal or both; writes go to the terminal the payment belongs to.
 * A credential without a 3-D Secure terminal has one terminal, and then nothing here changes a
 * request or an item.
 */

export type ReadChoice = TerminalRole | 'both';
export type WriteChoice = TerminalRole | 'payment';

export const terminalReadOption: INodeProperties = {
	displayName: 'Terminal',
	name: 'terminal',
	type: 'options',
	default: 'main',
	options: [
		{ name: 'Main', value: 'main', description: "The credential's Terminal" },
		{ name: '3-D Secure', value: 'threeDSecure', description: "The credential's 3-D Secure Terminal" },
		{ name: 'Both', value: 'both', description: 'Ask both terminals and merge the answers; each item says its terminal' },
	],
	description: "Which of the credential's terminals to ask. Only matters when the credential has a 3-D Secure Terminal.",
};

export const terminalWriteOption: INodeProperties = {
	displayName: 'Terminal',
	name: 'terminal',
	type: 'options',
	default: 'payment',
	options: [
		{ name: "The Payment's Terminal", value: 'payment', description: 'Look the payment up on both terminals and use the one that has it' },
		{ name: 'Main', value: 'main', description: "The credential's Terminal" },
		{ name: '3-D Secure', value: 'threeDSecure', description: "The credential's 3-D Secure Terminal" },
	],
	description: 'Which terminal the payment was made on. Only matters when the credential has a 3-D Secure Terminal; a payment found on both stops the item.',
};

/** The output field every item of a two-terminal credential carries. */
export const TERMINAL_FIELDS = {
	terminal: { type: 'string', optional: true, description: 'The terminal the item is from (only when the credential has a 3-D Secure Terminal)' },
} as const satisfies OutputFields;

function byRole(terminals: CredentialTerminal[], role: TerminalRole, parameters: ItemParameters): CredentialTerminal {
	const found = terminals.find((terminal) => terminal.role === role);
	if (found) return found;
	throw parameters.fail('Terminal', `is ${ROLE_LABELS[role]}, but the credential has no 3-D Secure Terminal`, 'Fill in 3-D Secure Terminal and 3-D Secure Secure Code in the credential, or choose Main. Nothing was sent.');
}

/** The terminals a read asks, main first. */
export function readTerminals(parameters: ItemParameters, terminals: CredentialTerminal[]): CredentialTerminal[] {
	const choice = parameters.choice('options.terminal', 'Terminal', ['main', 'threeDSecure', 'both'], 'main') as ReadChoice;
	if (choice === 'both') return terminals;
	return [byRole(terminals, choice, parameters)];
}

/** A write's terminal, or 'payment' (find the payment's) when the credential has two. */
export function writeTerminal(parameters: ItemParameters, terminals: CredentialTerminal[]): CredentialTerminal | 'payment' {
	const choice = parameters.choice('options.terminal', 'Terminal', ['payment', 'main', 'threeDSecure'], 'payment') as WriteChoice;
	if (choice !== 'payment') return byRole(terminals, choice, parameters);
	return terminals.length === 1 ? terminals[0] : 'payment';
}

/** The request options for a call to `terminal` (the main terminal is the credential's default). */
export function onTerminal(request: RequestOptions, terminal: CredentialTerminal): RequestOptions {
	if (terminal.role === 'main') return request;
	return { ...request, terminal: terminal.terminal, operation: `${request.operation ?? ''} on the 3-D Secure terminal`.trim() };
}

/** The item with its terminal, when the credential has two (a one-terminal credential's items are as before). */
export function withTerminal(json: IDataObject, terminal: CredentialTerminal | undefined, terminals: CredentialTerminal[]): IDataObject {
	return terminals.length > 1 && terminal ? { ...json, terminal: terminal.terminal } : json;
}

/** "Main terminal 12345601 and 3-D Secure terminal 12345633". */
export function describeTerminals(terminals: CredentialTerminal[]): string {
	return terminals.map((terminal) => `${terminal.label} terminal ${terminal.terminal}`).join(' and ');
}

/** An error for a payment found on more than one terminal (writes never guess which one). */
export function foundOnBoth(context: IExecuteFunctions, parameters: ItemParameters, operation: string, what: string, terminals: CredentialTerminal[]): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${operation}: ${what} was found on both terminals (${describeTerminals(terminals)}), so which one to use is unclear [item ${parameters.itemIndex}]`, {
		itemIndex: parameters.itemIndex,
		description: 'Nothing was sent. Choose the Terminal in the options (Main or 3-D Secure), or identify the payment by its Payment ID.',
	});
}
