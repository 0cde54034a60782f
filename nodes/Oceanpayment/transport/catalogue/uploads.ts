import { TRACKING_RESULT_MESSAGES } from './codes';
import type { EndpointRow } from './types';

/** The uploads about a payment: tracking numbers and the customs declaration. */

export const uploadEndpoints = [
	{
		id: 'trackingUpload',
		title: 'Tracking Numbers Upload',
		family: 'query',
		path: '/service/uploadTrackingNo',
		bodyKind: 'form',
		fields: ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
		signOrder: ['payment_id', 'order_number', 'tracking_number', 'tracking_site', 'tracking_handler'],
		signGrade: 'INFERRED',
		results: [{ field: 'tracking_results', successCodes: ['01'], messages: TRACKING_RESULT_MESSAGES }],
		answer: { grade: 'CONFIRMED', reads: ['tracking_results', 'payment_id', 'order_number'] },
		readOnly: false,
		movesMoney: false,
	},
	{
		id: 'customsUpload',
		title: 'Customs Submission',
		family: 'gateway',
		path: '/gateway/service/customsUpload',
		bodyKind: 'form',
		fields: [
			'payment_id',
			'type',
			'pay_userId',
			'pay_userName',
			'price',
			'total_amount',
			'customs',
			'customs_number',
			'customs_name',
			'sub_order_number',
			'shipping_fee',
		],
		signOrder: ['payment_id', 'type', 'pay_userId', 'pay_userName'],
		signGrade: 'CONFIRMED',
		unsignedFields: ['price', 'total_amount', 'customs', 'customs_number', 'customs_name', 'sub_order_number', 'shipping_fee'],
		fieldSignGrades: { sub_order_number: 'UNKNOWN' },
		results: [{ field: 'status', successCodes: ['1'], messageFields: ['details'] }],
		answer: { grade: 'CONFIRMED', reads: ['status', 'details', 'payment_id'], alsoKnown: ['type'] },
		readOnly: false,
		movesMoney: false,
	},
] as const satisfies ReadonlyArray<EndpointRow>;
