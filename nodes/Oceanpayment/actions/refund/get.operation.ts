import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import type { OperationOutput } from '../../helpers/output';
import { REFUND_FIELDS, simplifyRefund, withoutEnvelope } from '../../helpers/simplify';
import { readOptions, simplifyField } from '../common.descriptions';
import { holdsRefund } from '../../helpers/refundAnswers';
import { TERMINAL_FIELDS, describeTerminals, onTerminal, readTerminals, terminalReadOption, withTerminal } from '../../helpers/terminalChoice';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Refund ID', value: 'refundId', description: "Oceanpayment's refund ID, returned by Refund › Create" },
			{ name: 'Refund Number', value: 'refundNumber', description: 'Your own refund number given at creation' },
		],
		default: 'refundId',
		description: 'Which identifier to find the refund by',
	},
	{
		displayName: 'Refund ID',
		name: 'refundId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['refundId'] } },
		description: "Oceanpayment's refund ID. Up to 50 characters (a limit this node chose: Oceanpayment does not document one).",
	},
	{
		displayName: 'Refund Number',
		name: 'refundNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['refundNumber'] } },
		description: 'Your own refund number. Up to 50 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	simplifyField,
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [terminalReadOption, ...readOptions] },
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['get'] } }, properties);

export const output: OperationOutput = { title: 'The refund', fields: { ...REFUND_FIELDS, ...TERMINAL_FIELDS } };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		const lookupBy = parameters.choice('lookupBy', 'Look Up By', ['refundId', 'refundNumber'], 'refundId');
		const fields: IDataObject =
			lookupBy === 'refundNumber'
				? { refund_number: parameters.id('refundNumber', 'Refund Number', { required: true, maxLength: 50, guessedLimit: true }) }
				: { refund_id: parameters.id('refundId', 'Refund ID', { required: true, maxLength: 50, guessedLimit: true }) };
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const terminals = readTerminals(parameters, run.terminals);
		const request = requestOptionsFrom(parameters, 'Refund › Get');
		const shape = (data: IDataObject) => (simplify ? simplifyRefund(data, run.gatewayZone) : withoutEnvelope(data));
		if (terminals.length === 1) {
			const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', fields, onTerminal(request, terminals[0]));
			return withTerminal(shape(reply.data), terminals[0], run.terminals);
		}
		// Both: the refund is on the terminal whose answer holds it. How the gateway says "no such
		// refund" is not documented, so when neither holds it the item stops with both answers.
		const found: IDataObject[] = [];
		const said: string[] = [];
		for (const terminal of terminals) {
			const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', fields, { ...onTerminal(request, terminal), returnRejections: true });
			if (reply.outcome.success && holdsRefund(reply.data)) found.push(withTerminal(shape(reply.data), terminal, run.terminals));
			else said.push(`${terminal.label} terminal ${terminal.terminal}: "${reply.outcome.message}" (code ${reply.outcome.code || 'none'})`);
		}
		if (found.length > 0) return found;
		throw new NodeOperationError(this.getNode(), `Refund › Get: neither terminal (${describeTerminals(terminals)}) returned the refund [item ${parameters.itemIndex}]`, {
			itemIndex: parameters.itemIndex,
			description: `The answers were: ${said.join('; ')}. Check the Refund ID or Number, or ask one terminal (Options › Terminal) to see its own answer.`,
		});
	});
}
