import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { oceanpaymentApiRequest } from '../../transport';
import { forEachItem, requestOptionsFrom, type RunContext } from '../../helpers/execute';
import { identifyPaymentFields } from '../../helpers/identifyPayment';
import { identifyPaymentAndTerminal, terminalOfOrderNumber } from '../../helpers/paymentTerminal';
import { TERMINAL_FIELDS, onTerminal, terminalWriteOption, withTerminal, writeTerminal } from '../../helpers/terminalChoice';
import { GATEWAY_RESULT_FIELDS, type ItemOf, type OperationOutput, type OutputFields } from '../../helpers/output';
import { withoutEnvelope } from '../../helpers/simplify';
import { writeOptions } from '../common.descriptions';

/** `payment_authType` values of /gateway/service/auth (shared/oceanpayment-api.md §3.5). */
export const AUTH_TYPES = { capture: '1', void: '2', reverse: '3' } as const;
export type AuthAction = keyof typeof AUTH_TYPES;

/** Capture and void act on one pre-authorized payment, given by ID or found by order number. */
export const paymentFields: INodeProperties[] = identifyPaymentFields('preAuthorization');

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [terminalWriteOption, ...writeOptions],
};

const AUTHORIZATION_FIELDS = {
	action: { type: 'string', description: 'capture, void or reverse' },
	success: { type: 'boolean', description: 'true: the gateway accepted the call (a refusal stops the item instead)' },
	...GATEWAY_RESULT_FIELDS,
	paymentId: { type: 'string', description: "Oceanpayment's payment ID ('' for a reverse when the answer has none)" },
	orderNumber: { type: 'string', description: "Your order number ('' when neither the call nor the answer had one)" },
	amount: { type: 'string', optional: true, description: 'The amount captured, when one was given' },
	identifiedBy: { type: 'string', description: 'paymentId or orderNumber: how the payment was identified' },
	gateway: { type: 'object', description: "The gateway's whole answer (its fields are not documented)" },
	...TERMINAL_FIELDS,
} as const satisfies OutputFields;

export function authorizationOutput(action: AuthAction): OperationOutput {
	const { amount, ...fields } = AUTHORIZATION_FIELDS;
	return {
		title: `The result of the ${action}`,
		fields: action === 'capture' ? { ...fields, amount } : fields,
	};
}

/**
 * Sends one capture, void or reverse per item. These calls move money and are never retried.
 * The answer's fields are not documented; the result is reported as success/code/message
 * next to whatever the gateway returned.
 */
export async function executeAuthorization(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	action: AuthAction,
	operation: string,
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, run, async (parameters) => {
		const fields: IDataObject = { payment_authType: AUTH_TYPES[action] };
		if (action === 'capture') {
			const amount = parameters.amount('options.amount', 'Amount', { required: false });
			if (amount) fields.order_amount = amount;
		}
		const request = requestOptionsFrom(parameters, operation);
		let identifiedBy = 'orderNumber';
		let terminal;
		if (action === 'reverse') {
			fields.order_number = parameters.id('orderNumber', 'Order Number', { required: true, maxLength: 50 });
			const chosen = writeTerminal(parameters, run.terminals);
			terminal = chosen === 'payment' ? await terminalOfOrderNumber.call(context, parameters, String(fields.order_number), operation, run) : chosen;
		} else {
			const identified = await identifyPaymentAndTerminal.call(context, parameters, 'preAuthorization', operation, run);
			fields.payment_id = identified.payment.paymentId;
			identifiedBy = identified.payment.identifiedBy;
			terminal = identified.terminal;
		}
		const reply = await oceanpaymentApiRequest.call(context, 'preAuthorization', fields, onTerminal(request, terminal));
		return withTerminal({
			action,
			success: true,
			code: reply.outcome.code,
			message: reply.outcome.message,
			paymentId: String(reply.data.payment_id ?? fields.payment_id ?? ''),
			orderNumber: String(reply.data.order_number ?? fields.order_number ?? ''),
			...(fields.order_amount ? { amount: String(fields.order_amount) } : {}),
			identifiedBy,
			gateway: withoutEnvelope(reply.data),
		} satisfies ItemOf<typeof AUTHORIZATION_FIELDS>, terminal, run.terminals);
	});
}
