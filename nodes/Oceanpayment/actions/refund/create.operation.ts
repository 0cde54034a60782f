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
import { writeOptions } from '../common.descriptions';

const OPERATION = 'Refund › Create';

const properties: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 231220170723834010513',
		description: "Oceanpayment's ID of the payment to refund (not your order number)",
	},
	{
		displayName: 'Refund Type',
		name: 'refundType',
		type: 'options',
		options: [
			{ name: 'Full', value: '1', description: 'Refund the whole remaining amount' },
			{ name: 'Partial', value: '2', description: 'Refund part of the payment' },
		],
		default: '1',
		description: 'Whether to refund the whole payment or part of it',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 10.50',
		description: 'Amount to refund in the payment currency, up to 2 decimals. For a full refund, the amount still refundable.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Product damaged',
		description: 'Reason for the refund, shown in the Oceanpayment dashboard. Avoid the characters &lt; &gt; \' ".',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Refund Number',
				name: 'refundNumber',
				type: 'string',
				default: '',
				description:
					'Your own unique ID for this refund, e.g. the Shopify refund ID. Needed to skip refunds that already exist.',
			},
			{
				displayName: 'Refund Reference',
				name: 'refundReference',
				type: 'string',
				default: '',
				description: 'Free reference stored with the refund',
			},
			{
				displayName: 'Skip If This Refund Number Already Exists',
				name: 'skipExisting',
				type: 'boolean',
				default: true,
				description:
					'Whether to look the Refund Number up first and return the existing refund instead of refunding twice (e.g. when a run is repeated after a timeout)',
			},
			...writeOptions,
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return stable camelCase fields instead of the raw gateway fields',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['refund'], operation: ['create'] } }, properties);

/**
 * Submits a refund. Never retried: a refund whose answer was lost may have been made. With a
 * Refund Number, an earlier refund under that number is found first and returned instead.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const validator = validatorFor(this, itemIndex);
		const paymentId = validator.text('Payment ID', this.getNodeParameter('paymentId', itemIndex), { required: true, maxLength: 50 });
		const refundType = String(this.getNodeParameter('refundType', itemIndex, '1'));
		if (!['1', '2'].includes(refundType)) throw validator.fail('Refund Type', `"${refundType}" is not Full (1) or Partial (2)`);
		const amount = validator.amount('Amount', this.getNodeParameter('amount', itemIndex));
		const reason = validator.text('Description', this.getNodeParameter('description', itemIndex), { required: true, maxLength: 255 });
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const refundNumber = validator.text('Refund Number', options.refundNumber, { maxLength: 50 });
		const refundReference = validator.text('Refund Reference', options.refundReference, { maxLength: 100 });
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const request = requestOptionsFrom(options, itemIndex, OPERATION);

		const shape = (record: IDataObject, extra: IDataObject): IDataObject =>
			simplify ? { ...simplifyRefund(record, run.gatewayZone), ...extra } : { ...withoutEnvelope(record), ...extra };

		if (refundNumber && options.skipExisting !== false) {
			const existing = await oceanpaymentApiRequest.call(
				this,
				'refundQuery',
				{ refund_number: refundNumber },
				{ ...request, operation: `${OPERATION} (check for an existing refund)`, returnRejections: true },
			);
			if (existing.outcome.success && String(existing.data.refund_id ?? '') !== '') {
				return shape(existing.data, { alreadyExisted: true, created: false });
			}
		}

		const reply = await oceanpaymentApiRequest.call(
			this,
			'refund',
			{
				payment_id: paymentId,
				refund_number: refundNumber,
				refund_type: refundType,
				refund_amount: amount,
				refund_description: reason,
				refund_reference: refundReference,
			},
			request,
		);
		return shape(
			{ refund_number: refundNumber, refund_type: refundType, refund_amount: amount, payment_id: paymentId, ...reply.data },
			{ alreadyExisted: false, created: true, code: reply.outcome.code, message: reply.outcome.message },
		);
	});
}
