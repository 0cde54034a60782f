import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { CredentialTerminal } from '../transport/terminals';
import { adviceFor, describeUnclear, type UnclearAbsence } from './orderAbsence';
import type { ItemParameters } from './parameters';

/**
 * The error of a payment lookup that a terminal answered without saying whether it holds the
 * order (a refusal inside the record, or words the node does not read as "not found"). It names
 * the terminal (when the credential has two) and the gateway's code and text; nothing was sent.
 */
export function refusedLookup(
	context: IExecuteFunctions,
	parameters: ItemParameters,
	operation: string,
	orderNumber: string,
	unclear: UnclearAbsence,
	terminal: CredentialTerminal | undefined,
	/** Whether the item looked on each terminal (Options › Terminal can then skip the lookup). */
	onEach = false,
): NodeOperationError {
	const on = terminal ? `the ${terminal.label} terminal ${terminal.terminal}` : 'the gateway';
	return new NodeOperationError(
		context.getNode(),
		`${operation}: ${on} did not say whether it holds order number "${orderNumber}": it answered ${describeUnclear(unclear)}, so whether it has a payment there is unknown [item ${parameters.itemIndex}]`,
		{
			itemIndex: parameters.itemIndex,
			description: `Nothing was sent. ${adviceFor(unclear, terminal)}${onEach ? " If you know the payment's terminal, choose it in Options › Terminal." : ''}`,
		},
	);
}
