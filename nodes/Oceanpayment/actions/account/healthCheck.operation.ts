import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, validatorFor } from '../../helpers/execute';
import { readOptions } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Site',
		name: 'site',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. shop.example.com',
		description: 'The shop domain registered with Oceanpayment for this terminal',
	},
	{
		displayName: 'Public Key',
		name: 'publicKey',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The Oceanpayment public key to check. Leave empty to use the one in the credential.',
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: readOptions },
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['healthCheck'] } }, properties);

/** Asks the gateway whether account, terminal, secure code, site and key fit together. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const validator = validatorFor(this, itemIndex);
		const site = validator.text('Site', this.getNodeParameter('site', itemIndex), { required: true, maxLength: 255 });
		const key = validator.text('Public Key', this.getNodeParameter('publicKey', itemIndex, ''), { maxLength: 4096 });
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const reply = await oceanpaymentApiRequest.call(
			this,
			'healthCheck',
			{ site, ...(key ? { key } : {}) },
			requestOptionsFrom(options, itemIndex, 'Account › Health Check'),
		);
		// The answer's shape is not documented: report the outcome and pass the answer along.
		return { healthy: true, code: reply.outcome.code, message: reply.outcome.message, site, response: reply.data };
	});
}
