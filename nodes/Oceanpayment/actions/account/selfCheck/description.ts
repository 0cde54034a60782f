import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { anyOf, type OperationOutput, type OutputFields } from '../../../helpers/output';
import { writeOptions } from '../../common.descriptions';
import { MADE_UP, MAX_LOOK_BACK_HOURS } from './probes';

const properties: INodeProperties[] = [
	{
		displayName: 'Probe Money Endpoints',
		name: 'probeMoneyEndpoints',
		type: 'boolean',
		default: false,
		description: `Whether to also send a refund, a capture, a void, a tracking upload and a customs submission for the payment ID ${MADE_UP.paymentId}, which cannot exist, to see whether the gateway accepts their signatures. Warning: these go to the real money endpoints of the credential's environment; only the made-up payment ID keeps them from acting. Try the sandbox first.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Card BIN',
				name: 'cardBin',
				type: 'string',
				default: '411111',
				description: 'A public test BIN (6 to 8 digits) for the Card BIN call. Never enter a card number.',
			},
			{
				displayName: 'Health Check Site',
				name: 'site',
				type: 'string',
				default: '',
				placeholder: 'e.g. shop.example.com',
				description: `The site sent with the Health Check call; empty sends ${MADE_UP.site}`,
			},
			{
				displayName: 'Look Back (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_HOURS },
				default: 1,
				description: 'How far back the list queries look. Records in that period let the check compare answer fields and times.',
			},
			{
				displayName: 'Recent Test Order Number',
				name: 'recentOrderNumber',
				type: 'string',
				default: '',
				description:
					"The order number of a test payment you made within the look-back period. Its status is queried, and its time shows whether the gateway's times fit the credential's Gateway Time Zone (list queries cannot show that).",
			},
			// Timeout only: the self-check calls each endpoint once and never retries.
			...writeOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['selfCheck'] } }, properties);

const CHECK_FIELDS: OutputFields = {
	type: { type: 'string', description: 'check (one per call) or summary (the last item)' },
	check: { type: 'string', description: 'What the call probes' },
	endpoint: { type: 'string', description: "The endpoint's name" },
	path: { type: 'string', description: "The endpoint's path" },
	host: { type: 'string', description: 'The host called' },
	httpStatus: { type: ['integer', 'null'], description: 'HTTP status of the answer (null without one)' },
	verdict: { type: 'string', description: 'accepted, rejected or inconclusive: what the answer shows about the signature' },
	grade: { type: 'string', description: "The catalogue's grade of the signature rule as sent: CONFIRMED, INFERRED or UNKNOWN" },
	signature: { type: 'object', description: 'The signature verdict, its evidence, grade and rule' },
	resultCode: { type: ['string', 'null'], description: "The gateway's result code (null without a readable answer)" },
	resultMessage: { type: ['string', 'null'], description: "The gateway's result text (null without a readable answer)" },
	answerFields: { type: 'object', description: "The answer's fields next to the ones the package expects" },
	timeZone: { type: 'object', optional: true, description: "Whether the answer's times fit the Gateway Time Zone (endpoints with times)" },
	pageSize: { type: 'object', optional: true, description: 'The page size the answer shows (list endpoints)' },
	noSuchRefund: { type: 'object', optional: true, description: 'How Refund › Create would read this answer about a refund that cannot exist (refund query)' },
	noSuchOrder: { type: 'object', optional: true, description: 'How a lookup by order number on two terminals would read this answer about an order that cannot exist (status query)' },
	sent: { type: 'object', description: 'The fields sent (made-up values)' },
	answer: { type: ['object', 'null'], description: "The answer's fields, without its signature and with lists cut to their first record" },
	problem: { type: 'string', optional: true, description: 'Why the call got no answer the package can read' },
};

const SUMMARY_FIELDS: OutputFields = {
	type: { type: 'string', description: 'summary' },
	checks: { type: 'integer', description: 'Number of calls made' },
	counts: { type: 'object', description: 'Number of calls per verdict: accepted, rejected, inconclusive' },
	moneyEndpointsProbed: { type: 'boolean', description: 'Whether the money endpoints were called' },
	report: { type: 'string', description: 'The whole result as text with masked keys, for a bug report' },
};

export const output: OperationOutput = { title: 'One item per call, then a summary item with the report', fields: anyOf(CHECK_FIELDS, SUMMARY_FIELDS) };
