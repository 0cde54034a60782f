import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, validatorFor } from '../../helpers/execute';
import { writeOptions } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Identify Order By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{ name: 'Payment ID', value: 'paymentId', description: "Oceanpayment's payment ID" },
			{ name: 'Order Number', value: 'orderNumber', description: 'Your order number' },
		],
		default: 'paymentId',
		description: 'Which identifier names the order the tracking numbers belong to',
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { identifyBy: ['paymentId'] } },
		description: "Oceanpayment's payment ID of the order (orders of the last 6 months)",
	},
	{
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { identifyBy: ['orderNumber'] } },
		description: 'Your order number (orders of the last 6 months)',
	},
	{
		displayName: 'Tracking Numbers',
		name: 'trackingNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1Z999AA10123456784',
		description: 'Tracking number(s), letters and digits only, separated by commas. Uploading again replaces the earlier ones.',
	},
	{
		displayName: 'Tracking Site',
		name: 'trackingSite',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://www.ups.com',
		description: "The carrier's tracking web site",
	},
	{
		displayName: 'Handler',
		name: 'handler',
		type: 'string',
		default: 'N/A',
		description: 'Who or what uploaded the numbers (shown in the Oceanpayment dashboard)',
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: writeOptions },
];

export const description = updateDisplayOptions({ show: { resource: ['tracking'], operation: ['upload'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (itemIndex) => {
		const validator = validatorFor(this, itemIndex);
		const identifyBy = this.getNodeParameter('identifyBy', itemIndex, 'paymentId') as string;
		const fields: IDataObject = {};
		if (identifyBy === 'orderNumber') {
			fields.order_number = validator.text('Order Number', this.getNodeParameter('orderNumber', itemIndex, ''), { required: true, maxLength: 50 });
		} else if (identifyBy === 'paymentId') {
			fields.payment_id = validator.text('Payment ID', this.getNodeParameter('paymentId', itemIndex, ''), { required: true, maxLength: 50 });
		} else {
			throw validator.fail('Identify Order By', `"${identifyBy}" is not Payment ID or Order Number`);
		}
		const numbers = validator.list('Tracking Numbers', this.getNodeParameter('trackingNumbers', itemIndex), {
			required: true,
			maxLength: 50,
			pattern: /^[A-Za-z0-9]+$/,
			patternHint: 'Tracking numbers may contain only letters and digits; separate several with commas.',
		});
		fields.tracking_number = numbers.join(',');
		fields.tracking_site = validator.url('Tracking Site', this.getNodeParameter('trackingSite', itemIndex));
		fields.tracking_handler = validator.text('Handler', this.getNodeParameter('handler', itemIndex, 'N/A'), { maxLength: 50 }) || 'N/A';
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const reply = await oceanpaymentApiRequest.call(this, 'trackingUpload', fields, requestOptionsFrom(options, itemIndex, 'Tracking › Upload'));
		return {
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id ?? ''),
			orderNumber: String(reply.data.order_number ?? fields.order_number ?? ''),
			trackingNumbers: numbers,
			trackingSite: fields.tracking_site,
			handler: fields.tracking_handler,
		};
	});
}
