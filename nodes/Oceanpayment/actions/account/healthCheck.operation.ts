import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { GATEWAY_RESULT_FIELDS, type ItemOf, type OperationOutput, type OutputFields } from '../../helpers/output';
import { readOptions } from '../common.descriptions';
import { TERMINAL_FIELDS, onTerminal, readTerminals, terminalReadOption, withTerminal } from '../../helpers/terminalChoice';

const properties: INodeProperties[] = [
	{
		displayName: 'Site',
		name: 'site',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. shop.example.com',
		description: 'The shop domain registered with Oceanpayment for this terminal. Up to 255 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{
		displayName: 'Public Key',
		name: 'publicKey',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The Oceanpayment public key to check. Leave empty to use the one in the credential. Up to 4096 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [terminalReadOption, ...readOptions] },
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['healthCheck'] } }, properties);

const HEALTH_FIELDS = {
	healthy: { type: 'boolean', description: 'true: the gateway accepted the check (a refusal stops the item instead)' },
	...GATEWAY_RESULT_FIELDS,
	site: { type: 'string', description: 'The site checked' },
	response: { type: 'object', description: "The gateway's whole answer (its fields are not documented)" },
	...TERMINAL_FIELDS,
} as const satisfies OutputFields;

export const output: OperationOutput = { title: 'The result of the health check', fields: HEALTH_FIELDS };

/** Asks the gateway whether account, terminal, secure code, site and key fit together. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		const site = parameters.text('site', 'Site', { required: true, maxLength: 255, guessedLimit: true });
		const key = parameters.text('publicKey', 'Public Key', { maxLength: 4096, guessedLimit: true });
		const request = requestOptionsFrom(parameters, 'Account › Health Check');
		// One check per terminal asked (Both: each terminal's keys against the site, issue 29).
		const results = [];
		for (const terminal of readTerminals(parameters, run.terminals)) {
			const reply = await oceanpaymentApiRequest.call(this, 'healthCheck', { site, ...(key ? { key } : {}) }, onTerminal(request, terminal));
			// The answer's shape is not documented: report the outcome and pass the answer along.
			const item = { healthy: true, code: reply.outcome.code, message: reply.outcome.message, site, response: reply.data } satisfies ItemOf<typeof HEALTH_FIELDS>;
			results.push(withTerminal(item, terminal, run.terminals));
		}
		return results;
	});
}
