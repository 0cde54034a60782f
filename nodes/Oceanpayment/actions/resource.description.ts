import type { INodePropertyOptions } from 'n8n-workflow';

/** The Resource options: their values name the resources the router dispatches to (actions/node.type.ts). */
export const resourceOptions = [
	{ name: 'Account', value: 'account', description: 'Check the merchant setup' },
	{ name: 'Card BIN', value: 'cardBin', description: 'Card type information by BIN' },
	{ name: 'Customs Declaration', value: 'customs', description: 'Declare payments to Chinese customs' },
	{ name: 'Order', value: 'order', description: 'Payment status and order lists' },
	{ name: 'Pre-Authorization', value: 'preAuthorization', description: 'Capture, void or reverse held payments' },
	{ name: 'Refund', value: 'refund', description: 'Refund payments and follow refunds' },
	{ name: 'Tracking', value: 'tracking', description: 'Shipment tracking numbers' },
] as const satisfies readonly INodePropertyOptions[];
