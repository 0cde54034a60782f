import {
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
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: readOptions },
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['get'] } }, properties);

export const output: OperationOutput = { title: 'The refund', fields: REFUND_FIELDS };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		const lookupBy = parameters.choice('lookupBy', 'Look Up By', ['refundId', 'refundNumber'], 'refundId');
		const fields: IDataObject =
			lookupBy === 'refundNumber'
				? { refund_number: parameters.id('refundNumber', 'Refund Number', { required: true, maxLength: 50, guessedLimit: true }) }
				: { refund_id: parameters.id('refundId', 'Refund ID', { required: true, maxLength: 50, guessedLimit: true }) };
		const simplify = parameters.flag('simplify', 'Simplify', true);
		const reply = await oceanpaymentApiRequest.call(this, 'refundQuery', fields, requestOptionsFrom(parameters, 'Refund › Get'));
		return simplify ? simplifyRefund(reply.data, run.gatewayZone) : withoutEnvelope(reply.data);
	});
}
