import type { IDataObject } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import type { EndpointId } from '../../../transport/catalogue';
import { toGatewayDate } from '../../../transport/dates';

/** The calls Self-Check makes, with values that touch nothing. */

export const MADE_UP = {
	orderNumber: 'n8n-self-check',
	// Oceanpayment's IDs are digits; letters make sure no real payment or refund has these.
	refundId: 'N8NSELFCHECK000000',
	refundNumber: 'N8NSELFCHECK',
	paymentId: 'N8NSELFCHECK000000000',
	site: 'n8n-self-check.example.com',
	cardBin: '411111',
};
/** The disputes list serves 30 days; a day less keeps the start inside it. */
export const MAX_LOOK_BACK_HOURS = 29 * 24;

export interface Probe {
	endpoint: EndpointId;
	name: string;
	fields: IDataObject;
	/** Money and upload calls: the gateway may look the payment up before the signature. */
	write?: boolean;
	/** A payment made within the look-back period: its times must lie in that period. */
	recent?: boolean;
}

export interface ProbeSettings {
	now: DateTime;
	zone: string;
	hours: number;
	site: string;
	cardBin: string;
	recentOrder: string;
	money: boolean;
}

export function probesFor({ now, zone, hours, site, cardBin, recentOrder, money }: ProbeSettings): Probe[] {
	const range = { order_beginDate: toGatewayDate(now.minus({ hours }), zone), order_endDate: toGatewayDate(now, zone) };
	const page1 = { ...range, pages: '1' };
	const probes: Probe[] = [
		{ endpoint: 'orderStatus', name: 'Order Status Query, made-up order number', fields: { order_number: MADE_UP.orderNumber } },
		...(recentOrder
			? [{ endpoint: 'orderStatus', name: 'Order Status Query, your recent test order', fields: { order_number: recentOrder }, recent: true } as const]
			: []),
		{ endpoint: 'successfulOrders', name: 'Successful Orders Query, page 1 without pages (how the package asks for page 1)', fields: range },
		{ endpoint: 'successfulOrders', name: 'Successful Orders Query, page 1 with pages=1 (how the package asks for later pages)', fields: page1 },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1', fields: page1 },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1 with count=50 (page size 50)', fields: { ...page1, count: '50' } },
		{ endpoint: 'businessOrders', name: 'Business Orders Query, page 1 with date_type=1 (transaction time)', fields: { ...page1, date_type: '1' } },
		{ endpoint: 'disputedOrders', name: 'Disputed Orders Query, page 1', fields: page1 },
		{ endpoint: 'disputedOrders', name: 'Disputed Orders Query, page 1 with notice_type=dispute', fields: { ...page1, notice_type: 'dispute' } },
		{ endpoint: 'refundQuery', name: 'Refund Query, made-up refund ID', fields: { refund_id: MADE_UP.refundId } },
		{ endpoint: 'refundQuery', name: 'Refund Query, made-up refund number', fields: { refund_number: MADE_UP.refundNumber } },
		{ endpoint: 'healthCheck', name: 'Health Check', fields: { site } },
		{ endpoint: 'cardBin', name: `Card BIN, test BIN ${cardBin}`, fields: { card_bin: [cardBin.startsWith('0') ? cardBin : Number(cardBin)] } },
	];
	if (!money) return probes;
	const payment_id = MADE_UP.paymentId;
	const refund = { payment_id, refund_type: '2', refund_amount: '0.01', refund_description: 'n8n self-check' };
	return [
		...probes,
		{ endpoint: 'refund', name: 'Refund Request, payment that cannot exist', fields: refund, write: true },
		{ endpoint: 'refund', name: 'Refund Request, payment that cannot exist, with refund_number', fields: { ...refund, refund_number: MADE_UP.refundNumber }, write: true },
		{ endpoint: 'preAuthorization', name: 'Pre-Authorization capture, payment that cannot exist', fields: { payment_id, payment_authType: '1', order_amount: '0.01' }, write: true },
		{ endpoint: 'preAuthorization', name: 'Pre-Authorization void, payment that cannot exist', fields: { payment_id, payment_authType: '2' }, write: true },
		{
			endpoint: 'trackingUpload',
			name: 'Tracking Numbers Upload, payment that cannot exist',
			fields: { payment_id, tracking_number: MADE_UP.refundNumber, tracking_site: 'https://www.example.com', tracking_handler: 'n8n self-check' },
			write: true,
		},
		{
			endpoint: 'customsUpload',
			name: 'Customs Submission, payment that cannot exist',
			fields: { payment_id, type: '1', pay_userId: MADE_UP.refundNumber, pay_userName: 'n8n self-check', customs: '00', customs_number: MADE_UP.refundNumber, customs_name: 'n8n self-check' },
			write: true,
		},
	];
}
