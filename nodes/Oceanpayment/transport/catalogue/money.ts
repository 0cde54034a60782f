import type { EndpointRow } from './types';

/** The calls that move money (pre-authorization, refund) and the refund query that follows a refund. */

export const moneyEndpoints = [
	{
		id: 'preAuthorization',
		title: 'Pre-Authorization',
		family: 'gateway',
		path: '/gateway/service/auth',
		bodyKind: 'form',
		fields: ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
		// Capture/void send payment_id (+ order_amount); reverse sends order_number. Both CONFIRMED.
		signOrder: ['payment_id', 'order_number', 'payment_authType', 'order_amount'],
		signGrade: 'CONFIRMED',
		// The response of this endpoint is UNKNOWN; payment_results follows the payment push.
		results: [
			{ field: 'payment_results', successCodes: ['1'], messageFields: ['payment_details'] },
			{ field: 'results', successCodes: ['00'], messageFields: ['details'] },
		],
		answer: { grade: 'UNKNOWN', reads: ['payment_results', 'payment_details', 'payment_id', 'order_number'] },
		readOnly: false,
		movesMoney: true,
	},
	{
		id: 'refund',
		title: 'Refund Request',
		family: 'query',
		path: '/service/applyRefund',
		bodyKind: 'form',
		fields: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description', 'refund_reference'],
		// CONFIRMED without refund_number; its slot after payment_id is INFERRED (ShopXO).
		signOrder: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_description'],
		signGrade: 'CONFIRMED',
		unsignedFields: ['refund_reference'],
		fieldSignGrades: { refund_number: 'INFERRED', refund_reference: 'UNKNOWN' },
		results: [{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description'] }],
		// From ShopXO's refund code.
		answer: {
			grade: 'INFERRED',
			reads: ['refund_results', 'refund_id', 'order_number', 'refund_description'],
			alsoKnown: ['payment_id', 'refund_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_status', 'refund_dateTime'],
		},
		readOnly: false,
		movesMoney: true,
	},
	{
		id: 'refundQuery',
		title: 'Refund Query',
		family: 'query',
		path: '/service/queryRefund',
		bodyKind: 'form',
		fields: ['refund_id', 'refund_number'],
		// refund_id alone is CONFIRMED; querying by refund_number is UNKNOWN.
		signOrder: ['refund_id', 'refund_number'],
		signGrade: 'CONFIRMED',
		fieldSignGrades: { refund_number: 'UNKNOWN' },
		results: [
			{ field: 'refund_results', successCodes: ['00'], messageFields: ['refund_description', 'details'] },
			{ field: 'results', successCodes: ['00'], messageFields: ['details'] },
		],
		// The answer to "no refund has this number" is not documented: Refund › Create learns it
		// (the answer for a number that cannot exist), and Account › Self-Check shows it.
		notFoundGrade: 'UNKNOWN',
		timeZoneGrade: 'INFERRED',
		answer: {
			grade: 'UNKNOWN',
			reads: [
				'refund_results',
				'refund_id',
				'refund_number',
				'payment_id',
				'order_number',
				'refund_type',
				'refund_amount',
				'refund_currency',
				'refund_status',
				'refund_description',
				'refund_dateTime',
			],
			dateFields: ['refund_dateTime'],
		},
		readOnly: true,
		movesMoney: false,
	},
] as const satisfies ReadonlyArray<EndpointRow>;
