import type { IDataObject } from 'n8n-workflow';

import type { EndpointId } from '../transport/catalogue';
import type { ListSpan } from '../transport/dates';
import { BUSINESS_NOTICE_TYPES } from '../transport/notices';
import { simplifyBusinessEvent, simplifyDispute, simplifySuccessfulOrder } from '../helpers/simplify';

export type ListEventName = 'newDispute' | 'newBusinessEvent' | 'newSuccessfulPayment';

/** How one "new records in a list" event is polled and de-duplicated. */
export interface ListEvent {
	endpoint: EndpointId;
	title: string;
	/** How far back the gateway serves the list. */
	span: ListSpan;
	/** Pages past the first ask for `pages`; the successful-orders list is signed without it on page 1. */
	omitFirstPage?: boolean;
	/** Stable identity of one event, independent of the poll that saw it. */
	key(record: IDataObject): string;
	/** The record's field the date range filters on, if it is returned. */
	timeField?: string;
	simplify(record: IDataObject, zone: string): IDataObject;
}

const field = (record: IDataObject, name: string): string => String(record[name] ?? '');

export const LIST_EVENTS: Record<ListEventName, ListEvent> = {
	newDispute: {
		endpoint: 'disputedOrders',
		title: 'New Dispute',
		span: { days: 30 },
		key: (r) =>
			['dispute', field(r, 'payment_id'), field(r, 'notice_type'), field(r, 'disputes_date'), field(r, 'disputes_times'), field(r, 'push_details')].join('|'),
		timeField: 'disputes_date',
		simplify: simplifyDispute,
	},
	newBusinessEvent: {
		endpoint: 'businessOrders',
		title: 'New Business Event',
		span: { months: 6 },
		key: (r) =>
			['business', field(r, 'payment_id'), field(r, 'type'), field(r, 'status'), field(r, 'amount'), field(r, 'payment_cpdTime'), field(r, 'details')].join('|'),
		simplify: simplifyBusinessEvent,
	},
	newSuccessfulPayment: {
		endpoint: 'successfulOrders',
		title: 'New Successful Payment',
		span: { months: 6 },
		omitFirstPage: true,
		key: (r) => ['payment', field(r, 'payment_id')].join('|'),
		timeField: 'payment_dateTime',
		simplify: simplifySuccessfulOrder,
	},
};

/** Business event types (`type` of the business-orders list), shared with the notification trigger. */
export const BUSINESS_EVENT_TYPES = [...BUSINESS_NOTICE_TYPES];

/** The status fields whose change fires Order Status Changed. */
export const WATCHED_STATUS_FIELDS = [
	['payment_results', 'paymentResult'],
	['refund_status', 'refundStatus'],
	['chargeBack_status', 'chargebackStatus'],
	['auth_status', 'authStatus'],
	['duplicate_status', 'duplicateStatus'],
] as const;
