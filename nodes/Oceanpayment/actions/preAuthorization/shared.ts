import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, validatorFor, type RunContext } from '../../helpers/execute';
import { withoutEnvelope } from '../../helpers/simplify';
import { writeOptions } from '../common.descriptions';

/** `payment_authType` values of /gateway/service/auth (shared/oceanpayment-api.md §3.5). */
export const AUTH_TYPES = { capture: '1', void: '2', reverse: '3' } as const;
export type AuthAction = keyof typeof AUTH_TYPES;

export const paymentIdField: INodeProperties = {
	displayName: 'Payment ID',
	name: 'paymentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 231220170723834010513',
	description: "Oceanpayment's ID of the pre-authorized payment",
};

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: writeOptions,
};

/**
 * Sends one capture, void or reverse per item. These calls move money and are never retried.
 * The answer's fields are not documented; the result is reported as success/code/message
 * next to whatever the gateway returned.
 */
export async function executeAuthorization(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	_run: RunContext,
	action: AuthAction,
	operation: string,
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (itemIndex) => {
		const validator = validatorFor(context, itemIndex);
		const fields: IDataObject = { payment_authType: AUTH_TYPES[action] };
		if (action === 'reverse') {
			fields.order_number = validator.text('Order Number', context.getNodeParameter('orderNumber', itemIndex), { required: true, maxLength: 50 });
		} else {
			fields.payment_id = validator.text('Payment ID', context.getNodeParameter('paymentId', itemIndex), { required: true, maxLength: 50 });
		}
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (action === 'capture') {
			const amount = validator.amount('Amount', options.amount, { required: false });
			if (amount) fields.order_amount = amount;
		}
		const reply = await oceanpaymentApiRequest.call(context, 'preAuthorization', fields, requestOptionsFrom(options, itemIndex, operation));
		return {
			action,
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id ?? ''),
			orderNumber: String(reply.data.order_number ?? fields.order_number ?? ''),
			...(fields.order_amount ? { amount: fields.order_amount } : {}),
			gateway: withoutEnvelope(reply.data),
		};
	});
}
