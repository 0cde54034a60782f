import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execute';
import { executeList } from '../../helpers/list';
import type { OperationOutput } from '../../helpers/output';
import { BUSINESS_EVENT_FIELDS, simplifyBusinessEvent } from '../../helpers/simplify';
import { dateRangeFields, readOptions, returnAllFields, simplifyField } from '../common.descriptions';
import { TERMINAL_FIELDS, terminalReadOption } from '../../helpers/terminalChoice';

export const BUSINESS_DATE_TYPES = [
	{
		name: 'Review Time',
		value: '0',
		description:
			'When Oceanpayment reviewed the event (gateway default). Finds every event reviewed in the period, refunds and events on earlier payments included. The review time itself is not returned.',
	},
	{
		name: 'Transaction Time',
		value: '1',
		description: "When the original payment was made. Misses events on earlier payments, such as a chargeback this week on last month's payment.",
	},
	{
		name: 'Exception Time',
		value: '2',
		description:
			'When the chargeback, fraud report or retrieval happened (exceptionDateTime). Misses refunds and every other event without an exception time.',
	},
];

const properties: INodeProperties[] = [
	...dateRangeFields('The gateway serves the last 6 months.'),
	{
		displayName: 'Date Type',
		name: 'dateType',
		type: 'options',
		options: BUSINESS_DATE_TYPES,
		default: '0',
		description: 'Which date of each event the period applies to. Review Time finds every new event; the others miss some (see each option).',
	},
	...returnAllFields,
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'options',
				options: [
					{ name: '10 (Gateway Default)', value: 10 },
					{ name: '50', value: 50 },
					{ name: '100', value: 100 },
				],
				default: 10,
				description:
					'Records per gateway call. Larger pages need fewer calls; whether the gateway signs this field is not documented, so 10 is sent by leaving it out.',
			},
			terminalReadOption,
			...readOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getManyBusinessEvents'] } },
	properties,
);

export const output: OperationOutput = { title: 'One business event (refund, chargeback, retrieval, fraud or high-risk event) of the period', fields: { ...BUSINESS_EVENT_FIELDS, ...TERMINAL_FIELDS } };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], run: RunContext): Promise<INodeExecutionData[]> {
	return await executeList.call(this, items, run, {
		endpoint: 'businessOrders',
		operation: 'Order › Get Many Business Events',
		windowDays: 183,
		simplify: simplifyBusinessEvent,
		mergeField: (fields) => (fields.date_type === '2' ? 'payment_cpdTime' : 'payment_dateTime'),
		extraFields(parameters) {
			const dateType = parameters.choice('dateType', 'Date Type', ['0', '1', '2'], '0');
			const pageSize = Number(parameters.choice('options.pageSize', 'Page Size', ['10', '50', '100'], '10'));
			// Defaults are left out: only the fields the gateway needs beyond its defaults are sent.
			return { ...(dateType !== '0' ? { date_type: dateType } : {}), ...(pageSize !== 10 ? { count: String(pageSize) } : {}) };
		},
	});
}
