import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { createRunContext } from './helpers/execute';
import { oceanpaymentApiTest } from './methods/credentialTest';
import { DISPUTE_TYPES } from './actions/order/getManyDisputes.operation';
import { BUSINESS_EVENT_TYPES } from './trigger/events';
import { pollList, pollOrderStatus, type TriggerSettings } from './trigger/poll';

/**
 * Polls running in this n8n process, per workflow and trigger node. n8n starts a poll at every
 * poll time even while the previous one still waits on a slow gateway; both would read the same
 * state and emit the same new events. The later poll is skipped instead (the next one catches up).
 */
const pollsInProgress = new Set<string>();

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
		credentials: [{ name: 'oceanpaymentApi', required: true, testedBy: 'oceanpaymentApiTest' }],
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
						displayName: 'Max Gateway Calls per Poll',
						name: 'maxCalls',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1000 },
						default: 20,
						description:
							'Upper limit of gateway calls in one poll. After a long pause (n8n stopped, workflow inactive) the trigger catches up over several polls instead of reading everything at once; nothing is lost or emitted twice. Order Status Changed asks for 100 watched orders per call, taking turns.',
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
						displayName: 'Re-Read the Overlap',
						name: 'reRead',
						type: 'options',
						options: [
							{
								name: 'Every Poll',
								value: 'everyPoll',
								description:
									'A late record comes out at the next poll. Each poll reads the whole overlap again; when that takes more than half of Max Gateway Calls per Poll, only its newest part.',
							},
							{
								name: 'Once, as It Ends',
								value: 'once',
								description:
									'For busy accounts: each period is read when new and once more as it leaves the overlap, twice the calls of new records only. A late record comes out when its time leaves the overlap (up to Overlap after it).',
							},
						],
						default: 'everyPoll',
						description: 'When the overlap is read again to catch late records. Not used by Order Status Changed.',
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

	methods = { credentialTest: { oceanpaymentApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getMode() === 'manual') return await pollOnce.call(this);
		const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		if (pollsInProgress.has(key)) {
			this.logger.warn('Oceanpayment Trigger: the previous poll is still running; this poll is skipped', { workflowId: this.getWorkflow().id, nodeId: this.getNode().id });
			return null;
		}
		pollsInProgress.add(key);
		try {
			return await pollOnce.call(this);
		} finally {
			pollsInProgress.delete(key);
		}
	}
}

async function pollOnce(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const run = await createRunContext.call(this);
	const parameters = run.parameters.item(undefined);
	const event = parameters.choice('event', 'Event', ['newBusinessEvent', 'newDispute', 'newSuccessfulPayment', 'orderStatusChanged'], 'newDispute');
	const settings: TriggerSettings = {
		event,
		disputeType: event === 'newDispute' ? parameters.choice('disputeType', 'Dispute Type', DISPUTE_TYPES.map((type) => type.value), '') : '',
		eventTypes: event === 'newBusinessEvent' ? parameters.choices('eventTypes', 'Event Types', BUSINESS_EVENT_TYPES.map((type) => type.value)) : [],
		watchedOrders:
			event === 'orderStatusChanged' ? [...new Set(parameters.list('watchedOrders', 'Watched Order Numbers', { required: true, maxLength: 50 }))] : [],
		overlapMinutes: parameters.wholeNumber('options.overlapMinutes', 'Overlap (Minutes)', { fallback: 30, min: 1, max: 1440 }),
		backfillHours: parameters.wholeNumber('options.backfillHours', 'Include Events From the Last N Hours on First Run', { fallback: 0, min: 0, max: 24 * 183 }),
		simplify: parameters.flag('simplify', 'Simplify', true),
		retries: parameters.wholeNumber('options.retries', 'Retries on Network Errors', { fallback: 2, min: 0, max: 5 }),
		maxCalls: parameters.wholeNumber('options.maxCalls', 'Max Gateway Calls per Poll', { fallback: 20, min: 1, max: 1000 }),
		reRead: parameters.choice('options.reRead', 'Re-Read the Overlap', ['everyPoll', 'once'], 'everyPoll'),
	};
	return event === 'orderStatusChanged'
		? await pollOrderStatus.call(this, settings, run)
		: await pollList.call(this, settings, run);
}
