import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, validatorFor, type RunContext } from '../../helpers/execute';
import { withoutEnvelope } from '../../helpers/simplify';
import { writeOptions } from '../common.descriptions';

/** Fields of /gateway/service/customsUpload (shared/oceanpayment-api.md §3.9). */
export const customsFields: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		description: "Oceanpayment's ID of the WeChat Pay, Alipay or UnionPay payment (last 180 days)",
	},
	{
		displayName: 'Customs Code',
		name: 'customs',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 01',
		description: 'Code of the customs office to declare to',
	},
	{
		displayName: 'Customs Registration Number',
		name: 'customsNumber',
		type: 'string',
		default: '',
		required: true,
		description: 'Your registration number at that customs office',
	},
	{
		displayName: 'Customs Registered Name',
		name: 'customsName',
		type: 'string',
		default: '',
		required: true,
		description: 'Your company name as registered at customs',
	},
	{
		displayName: 'Payer ID Number',
		name: 'payerIdNumber',
		type: 'string',
		default: '',
		description: "The payer's identity card number (checked against the payment account)",
	},
	{
		displayName: 'Payer Name',
		name: 'payerName',
		type: 'string',
		default: '',
		description: "The payer's real name",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Goods Amount', name: 'price', type: 'string', default: '', description: 'Amount of the goods, up to 2 decimals' },
			{ displayName: 'Shipping Fee', name: 'shippingFee', type: 'string', default: '', description: 'Shipping fee, up to 2 decimals' },
			{
				displayName: 'Sub-Order Number',
				name: 'subOrderNumber',
				type: 'string',
				default: '',
				description: 'Your ID of this part when one payment is declared as several sub-orders',
			},
			{ displayName: 'Total Amount', name: 'totalAmount', type: 'string', default: '', description: 'Total declared amount, up to 2 decimals' },
			...writeOptions,
		],
	},
];

/** Type 1 is a first submission, type 2 a resubmission of a payment already declared. */
export async function executeCustoms(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	_run: RunContext,
	type: '1' | '2',
	operation: string,
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (itemIndex) => {
		const validator = validatorFor(context, itemIndex);
		const text = (field: string, name: string, required = false, maxLength = 100) =>
			validator.text(field, context.getNodeParameter(name, itemIndex, ''), { required, maxLength });
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const fields: IDataObject = {
			payment_id: text('Payment ID', 'paymentId', true, 50),
			type,
			pay_userId: text('Payer ID Number', 'payerIdNumber', false, 30),
			pay_userName: text('Payer Name', 'payerName'),
			customs: text('Customs Code', 'customs', true, 20),
			customs_number: text('Customs Registration Number', 'customsNumber', true, 50),
			customs_name: text('Customs Registered Name', 'customsName', true),
			price: validator.amount('Goods Amount', options.price, { required: false }),
			total_amount: validator.amount('Total Amount', options.totalAmount, { required: false }),
			shipping_fee: validator.amount('Shipping Fee', options.shippingFee, { required: false }),
			sub_order_number: validator.text('Sub-Order Number', options.subOrderNumber, { maxLength: 50 }),
		};
		const reply = await oceanpaymentApiRequest.call(context, 'customsUpload', fields, requestOptionsFrom(options, itemIndex, operation));
		return {
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id),
			type: type === '1' ? 'submit' : 'resubmit',
			gateway: withoutEnvelope(reply.data),
		};
	});
}
