import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { createRunContext } from './helpers/execute';
import { DISPUTE_TYPES } from './actions/order/getManyDisputes.operation';
import { BUSINESS_DATE_TYPES } from './actions/order/getManyBusinessEvents.operation';
import { BUSINESS_EVENT_TYPES } from './trigger/events';
import { pollList, pollOrderStatus, type TriggerSettings } from './trigger/poll';

export class OceanpaymentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oceanpayment Trigger',
		name: 'oceanpaymentTrigger',
		icon: { light: 'file:../../icons/oceanpayment.svg', dark: 'file:../../icons/oceanpayment.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow on new Oceanpayment disputes, business events, payments or order status changes',
		defaults: { name: 'Oceanpayment Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oceanpaymentApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Business Event',
						value: 'newBusinessEvent',
						description: 'A refund, chargeback, retrieval, fraud or high-risk event appears',
					},
					{ name: 'New Dispute', value: 'newDispute', description: 'A Klarna dispute appears' },
					{ name: 'New Successful Payment', value: 'newSuccessfulPayment', description: 'A payment succeeds' },
					{
						name: 'Order Status Changed',
						value: 'orderStatusChanged',
						description: 'The payment, refund, chargeback, authorization or duplicate status of a watched order changes',
					},
				],
				default: 'newDispute',
			},
			{
				displayName: 'Dispute Type',
				name: 'disputeType',
				type: 'options',
				options: DISPUTE_TYPES,
				default: '',
				description: 'Which disputes to fire on',
				displayOptions: { show: { event: ['newDispute'] } },
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				options: BUSINESS_EVENT_TYPES,
				default: [],
				description: 'Fire only on these kinds of business events; none selected means all',
				displayOptions: { show: { event: ['newBusinessEvent'] } },
			},
			{
				displayName: 'Date Type',
				name: 'dateType',
				type: 'options',
				options: BUSINESS_DATE_TYPES,
				default: '0',
				description:
					'Which date of an event the gateway filters on. Review time suits polling best: events become visible when reviewed.',
				displayOptions: { show: { event: ['newBusinessEvent'] } },
			},
			{
				displayName: 'Watched Order Numbers',
				name: 'watchedOrders',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. 1001,1002,1003',
				description: 'Order numbers to watch, separated by commas (or an expression returning them). Queried 100 at a time.',
				displayOptions: { show: { event: ['orderStatusChanged'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return stable camelCase fields with ISO times instead of the raw gateway fields',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Events From the Last N Hours on First Run',
						name: 'backfillHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'On activation, emit the events of this many past hours once instead of only recording a baseline. 0 emits nothing on activation. Not used by Order Status Changed.',
					},
					{
						displayName: 'Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: 30,
						description:
							'How far each poll looks back before the previous one, to catch records that reach the gateway late. Records are never emitted twice. Not used by Order Status Changed.',
					},
					{
						displayName: 'Retries on Network Errors',
						name: 'retries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 5 },
						default: 2,
						description:
							'How many times each call of a poll is repeated after a timeout, a dropped connection or an HTTP 5xx answer before the poll fails (the next poll then covers its period)',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerSettings['event'];
		const options = this.getNodeParameter('options', {}) as { backfillHours?: number; overlapMinutes?: number; retries?: number };
		const watched = event === 'orderStatusChanged' ? this.getNodeParameter('watchedOrders', '') : '';
		const settings: TriggerSettings = {
			event,
			disputeType: event === 'newDispute' ? String(this.getNodeParameter('disputeType', '')) : '',
			eventTypes: event === 'newBusinessEvent' ? (this.getNodeParameter('eventTypes', []) as string[]) : [],
			dateType: event === 'newBusinessEvent' ? String(this.getNodeParameter('dateType', '0')) : '0',
			watchedOrders: [
				...new Set(
					(Array.isArray(watched) ? watched.map(String) : String(watched ?? '').split(/[,\n]/))
						.map((order) => order.trim())
						.filter(Boolean),
				),
			],
			overlapMinutes: Number(options.overlapMinutes ?? 30),
			backfillHours: Number(options.backfillHours ?? 0),
			simplify: this.getNodeParameter('simplify', true) as boolean,
			retries: Number(options.retries ?? 2),
		};
		if (!Number.isFinite(settings.overlapMinutes) || settings.overlapMinutes < 1) {
			throw new NodeOperationError(this.getNode(), 'Overlap (Minutes) must be at least 1');
		}
		const run = await createRunContext.call(this);
		return event === 'orderStatusChanged'
			? await pollOrderStatus.call(this, settings, run)
			: await pollList.call(this, settings, run);
	}
}
