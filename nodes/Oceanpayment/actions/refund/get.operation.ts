import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, validatorFor, type RunContext } from '../../helpers/execute';
import { simplifyRefund, withoutEnvelope } from '../../helpers/simplify';
import { readOptions, simplifyField } from '../common.descriptions';

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
		description: "Oceanpayment's refund ID",
	},
	{
		displayName: 'Refund Number',
		name: 'refundNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['refundNumber'] } },
		description: 'Your own refund number',
	},
	simplifyField,
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: readOptions },
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const validator = validatorFor(this, itemIndex);
		const lookupBy = this.getNodeParameter('lookupBy', itemIndex, 'refundId') as string;
		const fields: IDataObject = {};
		if (lookupBy === 'refundNumber') {
			fields.refund_number = validator.text('Refund Number', this.getNodeParameter('refundNumber', itemIndex, ''), { required: true, maxLength: 50 });
		} else if (lookupBy === 'refundId') {
			fields.refund_id = validator.text('Refund ID', this.getNodeParameter('refundId', itemIndex, ''), { required: true, maxLength: 50 });
		} else {
			throw validator.fail('Look Up By', `"${lookupBy}" is not Refund ID or Refund Number`);
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', fields, requestOptionsFrom(options, itemIndex, 'Refund › Get'));
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return simplify ? simplifyRefund(reply.data, run.gatewayZone) : withoutEnvelope(reply.data);
	});
}
