import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { GATEWAY_RESULT_FIELDS, type ItemOf, type OperationOutput, type OutputFields } from '../../helpers/output';
import { withoutEnvelope } from '../../helpers/simplify';
import { writeOptions } from '../common.descriptions';
import { terminalOfPaymentId } from '../../helpers/paymentTerminal';
import { TERMINAL_FIELDS, onTerminal, terminalWriteOption, withTerminal, writeTerminal } from '../../helpers/terminalChoice';

/** Fields of /gateway/service/customsUpload (shared/oceanpayment-api.md §3.9). */
export const customsFields: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		description: "Oceanpayment's ID of the WeChat Pay, Alipay or UnionPay payment (last 180 days). Up to 50 characters (a limit this node chose: Oceanpayment does not document one).",
	},
	{
		displayName: 'Customs Code',
		name: 'customs',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 01',
		description: 'Code of the customs office to declare to. Up to 20 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{
		displayName: 'Customs Registration Number',
		name: 'customsNumber',
		type: 'string',
		default: '',
		required: true,
		description: 'Your registration number at that customs office. Up to 50 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{
		displayName: 'Customs Registered Name',
		name: 'customsName',
		type: 'string',
		default: '',
		required: true,
		description: 'Your company name as registered at customs. Up to 100 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{
		displayName: 'Payer ID Number',
		name: 'payerIdNumber',
		type: 'string',
		default: '',
		description: "The payer's identity card number (checked against the payment account). Up to 30 characters (a limit this node chose: Oceanpayment does not document one).",
	},
	{
		displayName: 'Payer Name',
		name: 'payerName',
		type: 'string',
		default: '',
		description: "The payer's real name. Up to 100 characters (a limit this node chose: Oceanpayment does not document one).",
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
				description: 'Your ID of this part when one payment is declared as several sub-orders. Up to 50 characters (a limit this node chose: Oceanpayment does not document one).',
			},
			{ displayName: 'Total Amount', name: 'totalAmount', type: 'string', default: '', description: 'Total declared amount, up to 2 decimals' },
			terminalWriteOption,
			...writeOptions,
		],
	},
];

const CUSTOMS_FIELDS = {
	success: { type: 'boolean', description: 'true: the gateway accepted the declaration (a refusal stops the item instead)' },
	...GATEWAY_RESULT_FIELDS,
	paymentId: { type: 'string', description: "Oceanpayment's payment ID" },
	type: { type: 'string', description: 'submit or resubmit' },
	gateway: { type: 'object', description: "The gateway's whole answer (its fields are not documented)" },
	...TERMINAL_FIELDS,
} as const satisfies OutputFields;

export const customsOutput: OperationOutput = { title: 'The result of the customs declaration', fields: CUSTOMS_FIELDS };

/** Type 1 is a first submission, type 2 a resubmission of a payment already declared. */
export async function executeCustoms(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	type: '1' | '2',
	operation: string,
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, run, async (parameters) => {
		// Lengths of the customs fields are not documented: the limits are the node's guesses.
		const text = (name: string, label: string, required: boolean, maxLength: number) =>
			parameters.text(name, label, { required, maxLength, guessedLimit: true });
		// No minimum is documented for the customs amounts: 0 (e.g. free shipping) is accepted.
		const amount = (name: string, label: string) => parameters.amount(name, label, { required: false, allowZero: true });
		const fields: IDataObject = {
			payment_id: parameters.id('paymentId', 'Payment ID', { required: true, maxLength: 50, guessedLimit: true }),
			type,
			pay_userId: parameters.id('payerIdNumber', 'Payer ID Number', { maxLength: 30, guessedLimit: true }),
			pay_userName: text('payerName', 'Payer Name', false, 100),
			customs: text('customs', 'Customs Code', true, 20),
			customs_number: text('customsNumber', 'Customs Registration Number', true, 50),
			customs_name: text('customsName', 'Customs Registered Name', true, 100),
			price: amount('options.price', 'Goods Amount'),
			total_amount: amount('options.totalAmount', 'Total Amount'),
			shipping_fee: amount('options.shippingFee', 'Shipping Fee'),
			sub_order_number: text('options.subOrderNumber', 'Sub-Order Number', false, 50),
		};
		const chosen = writeTerminal(parameters, run.terminals);
		const terminal = chosen !== 'payment' ? chosen : (await terminalOfPaymentId.call(context, parameters, String(fields.payment_id), operation, run)).terminal;
		const reply = await oceanpaymentApiRequest.call(context, 'customsUpload', fields, onTerminal(requestOptionsFrom(parameters, operation), terminal));
		return withTerminal({
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id),
			type: type === '1' ? 'submit' : 'resubmit',
			gateway: withoutEnvelope(reply.data),
		} satisfies ItemOf<typeof CUSTOMS_FIELDS>, terminal, run.terminals);
	});
}
