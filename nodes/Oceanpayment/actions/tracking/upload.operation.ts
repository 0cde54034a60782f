import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { GATEWAY_RESULT_FIELDS, type ItemOf, type OperationOutput, type OutputFields } from '../../helpers/output';
import { writeOptions } from '../common.descriptions';
import { terminalOfOrderNumber, terminalOfPaymentId } from '../../helpers/paymentTerminal';
import { TERMINAL_FIELDS, onTerminal, terminalWriteOption, withTerminal, writeTerminal } from '../../helpers/terminalChoice';

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
		description: "Oceanpayment's payment ID of the order (orders of the last 6 months). Up to 50 characters (a limit this node chose: Oceanpayment does not document one).",
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
		description:
			'Tracking number(s), letters and digits only, separated by commas. Whether uploading again replaces or adds to the earlier ones is not documented by Oceanpayment.',
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
		description: 'Who or what uploaded the numbers (shown in the Oceanpayment dashboard). Up to 50 characters (a limit this node chose: Oceanpayment does not document one).',
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [terminalWriteOption, ...writeOptions] },
];

export const description = updateDisplayOptions({ show: { resource: ['tracking'], operation: ['upload'] } }, properties);

const TRACKING_FIELDS = {
	success: { type: 'boolean', description: 'true: the gateway accepted the numbers (a refusal stops the item instead)' },
	...GATEWAY_RESULT_FIELDS,
	paymentId: { type: 'string', description: "Oceanpayment's payment ID ('' when neither the call nor the answer had one)" },
	orderNumber: { type: 'string', description: "Your order number ('' when neither the call nor the answer had one)" },
	trackingNumbers: { type: 'array', items: 'string', description: 'The tracking numbers sent' },
	trackingSite: { type: 'string', description: "The carrier's tracking web site sent" },
	handler: { type: 'string', description: 'Who or what uploaded the numbers' },
	...TERMINAL_FIELDS,
} as const satisfies OutputFields;

export const output: OperationOutput = { title: 'The result of the tracking upload', fields: TRACKING_FIELDS };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, run, async (parameters) => {
		const identifyBy = parameters.choice('identifyBy', 'Identify Order By', ['paymentId', 'orderNumber'], 'paymentId');
		const fields: IDataObject = {};
		if (identifyBy === 'orderNumber') fields.order_number = parameters.id('orderNumber', 'Order Number', { required: true, maxLength: 50 });
		else fields.payment_id = parameters.id('paymentId', 'Payment ID', { required: true, maxLength: 50, guessedLimit: true });
		const numbers = parameters.list('trackingNumbers', 'Tracking Numbers', {
			required: true,
			maxLength: 50,
			pattern: /^[A-Za-z0-9]+$/,
			patternHint: 'Tracking numbers may contain only letters and digits; separate several with commas.',
		});
		fields.tracking_number = numbers.join(',');
		fields.tracking_site = parameters.url('trackingSite', 'Tracking Site');
		fields.tracking_handler = parameters.text('handler', 'Handler', { maxLength: 50, guessedLimit: true, fallback: 'N/A' }) || 'N/A';
		// The payment's terminal (issue 29): chosen, or looked up on both when the credential has two.
		const chosen = writeTerminal(parameters, run.terminals);
		const terminal =
			chosen !== 'payment'
				? chosen
				: fields.payment_id
					? (await terminalOfPaymentId.call(this, parameters, String(fields.payment_id), 'Tracking › Upload', run)).terminal
					: await terminalOfOrderNumber.call(this, parameters, String(fields.order_number), 'Tracking › Upload', run);
		const reply = await oceanpaymentApiRequest.call(this, 'trackingUpload', fields, onTerminal(requestOptionsFrom(parameters, 'Tracking › Upload'), terminal));
		return withTerminal({
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id ?? ''),
			orderNumber: String(reply.data.order_number ?? fields.order_number ?? ''),
			trackingNumbers: numbers,
			trackingSite: String(fields.tracking_site),
			handler: String(fields.tracking_handler),
		} satisfies ItemOf<typeof TRACKING_FIELDS>, terminal, run.terminals);
	});
}
