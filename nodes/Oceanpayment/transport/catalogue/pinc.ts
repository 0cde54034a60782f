import type { AnswerShape, EndpointRow } from './types';

/** The pinc calls (checkout host, JSON, keys as headers): Health Check and Card BIN. */

/** The pinc answers are not documented; `{code, msg, data}` follows the JSON QuickPay APIs. */
const PINC_ANSWER: AnswerShape = { grade: 'UNKNOWN', reads: ['code', 'msg', 'data'] };

export const pincEndpoints = [
	{
		id: 'healthCheck',
		title: 'Health Examination',
		family: 'checkout',
		path: '/pinc/check-account',
		bodyKind: 'json',
		fields: ['site', 'key'],
		signOrder: [],
		credentialDefaults: { key: 'publicKey' },
		signGrade: 'CONFIRMED',
		// Response shape UNKNOWN; `code` follows the JSON QuickPay APIs (INFERRED).
		results: [{ field: 'code', successCodes: ['000'], messageFields: ['msg', 'message'], optional: true }],
		answer: PINC_ANSWER,
		readOnly: true,
		movesMoney: false,
	},
	{
		id: 'cardBin',
		title: 'Card BIN Verification',
		family: 'checkout',
		path: '/pinc/check-card-bin',
		bodyKind: 'json',
		fields: ['card_bin'],
		signOrder: [],
		signGrade: 'CONFIRMED',
		results: [{ field: 'code', successCodes: ['000'], messageFields: ['msg', 'message'], optional: true }],
		answer: PINC_ANSWER,
		readOnly: true,
		movesMoney: false,
	},
] as const satisfies ReadonlyArray<EndpointRow>;
