import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { createRunContext } from './helpers/execute';
import { oceanpaymentApiTest } from './methods/terminalsCredentialTest';
import { readTerminals } from './helpers/terminalChoice';
import { DISPUTE_TYPES } from './actions/order/getManyDisputes.operation';
import { BUSINESS_EVENT_TYPES } from './trigger/events';
import { pollDeadlines } from './trigger/deadlines';
import { pollList, pollOrderStatus, type TriggerSettings } from './trigger/poll';

/**
 * Polls running in this n8n process, per workflow and trigger node. n8n starts a poll at every
 * poll time even while the previous one still waits on a slow gateway; both would read the same
 * state and emit the same new events. The later poll is skipped instead (the next one catches up).
 */
const pollsInProgress = new Set<string>();

/** The event selector; versions differ only in its default. */
const EVENT: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Dispute Reply Deadline',
			value: 'disputeReplyDeadline',
			description: "A Klarna dispute's reply deadline is less than the alarm time away",
		},
		{
			name: 'New Business Event',
			value: 'newBusinessEvent',
			description: 'A refund, card chargeback, retrieval, fraud or high-risk event appears',
		},
		// The value stays newDispute: saved workflows keep working.
		{ name: 'New Klarna Dispute', value: 'newDispute', description: 'A Klarna dispute appears (card chargebacks come through New Business Event)' },
		{ name: 'New Successful Payment', value: 'newSuccessfulPayment', description: 'A payment succeeds' },
		{
			name: 'Order Status Changed',
			value: 'orderStatusChanged',
			description: 'The payment, refund, chargeback, authorization or duplicate status of a watched order changes',
		},
	],
	default: 'newBusinessEvent',
};

export class OceanpaymentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oceanpayment Trigger',
		name: 'oceanpaymentTrigger',
		icon: { light: 'file:../../icons/oceanpayment.svg', dark: 'file:../../icons/oceanpayment.dark.svg' },
		group: ['trigger'],
		// Version 2 starts new nodes on New Business Event (refunds, card chargebacks, fraud, …)
		// instead of the Klarna-only disputes; version 1 nodes keep New Klarna Dispute as their default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow on new Oceanpayment disputes, dispute reply deadlines, business events, payments or order status changes',
		defaults: { name: 'Oceanpayment Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oceanpaymentApi', required: true, testedBy: 'oceanpaymentApiTest' }],
		properties: [
			{ ...EVENT, default: 'newDispute', displayOptions: { show: { '@version': [{ _cnd: { lte: 1 } }] } } },
			{ ...EVENT, default: 'newBusinessEvent', displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } },
			{
				displayName:
					'Only Klarna disputes come through here. Card chargebacks, retrievals and fraud alerts come through New Business Event.',
				name: 'klarnaOnlyNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newDispute', 'disputeReplyDeadline'] } },
			},
			{
				displayName: 'Dispute Type',
				name: 'disputeType',
				type: 'options',
				options: DISPUTE_TYPES,
				default: '',
				description: 'Which disputes to fire on',
				displayOptions: { show: { event: ['newDispute', 'disputeReplyDeadline'] } },
			},
			{
				displayName: 'Alarm (Hours Before Deadline)',
				name: 'leadHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 720 },
				default: 48,
				description:
					"Fire once per dispute when its reply deadline is less than this many hours away. Deadlines already passed when the trigger is activated never fire; one that passes while n8n is stopped fires late, with negative hours left.",
				displayOptions: { show: { event: ['disputeReplyDeadline'] } },
			},
			{
				displayName: 'Second Alarm (Hours Before Deadline)',
				name: 'secondLeadHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 719 },
				default: 0,
				placeholder: 'e.g. 6',
				description: 'Fire once more when the deadline is less than this many hours away, e.g. 6. 0 means no second alarm. Must be less than the first alarm.',
				displayOptions: { show: { event: ['disputeReplyDeadline'] } },
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
				displayName:
					'The first poll after the workflow is published (activated) only records where it starts: it emits nothing that happened before (unless Include Events From the Last N Hours on First Run is set). Each later poll also reads the Overlap (30 minutes by default) again, so records that reach Oceanpayment late still come out; nothing comes out twice. Fetch Test Event shows recent records marked sample: true; they are examples, not new events.',
				name: 'baselineNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newBusinessEvent', 'newDispute', 'newSuccessfulPayment'] } },
			},
			{
				displayName:
					"The first poll after the workflow is published (activated) only records each watched order's current status: it emits nothing. Later polls emit an item when a status changes. Fetch Test Event shows the current status marked sample: true (changedFields empty, previous null); it is an example, not a change.",
				name: 'baselineNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['orderStatusChanged'] } },
			},
			{
				displayName:
					'Deadlines that have already passed when the workflow is published (activated) never fire; each alarm fires once per dispute. Fetch Test Event shows upcoming deadlines marked sample: true; they are examples, not alarms.',
				name: 'baselineNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['disputeReplyDeadline'] } },
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
							'On activation, emit the events of this many past hours once instead of only recording a baseline. 0 emits nothing on activation. Not used by Order Status Changed and Dispute Reply Deadline.',
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
							'How far each poll looks back before the previous one, to catch records that reach the gateway late. Records are never emitted twice. Not used by Order Status Changed and Dispute Reply Deadline.',
					},
					{
						displayName: 'Re-Read the Overlap',
						name: 'reRead',
						type: 'options',
						options: [
							{
								name: 'Automatic',
								value: 'auto',
								description:
									'Each poll reads the whole overlap again while it fits in two calls, so a late record comes out at the next poll; on a busier account it switches to Once, as It Ends (at most twice the calls of reading new records only)',
							},
							{
								name: 'Every Poll',
								value: 'everyPoll',
								description:
									'Each poll reads as much of the overlap again as Max Gateway Calls per Poll allows, newest first, so a late record comes out as soon as possible; the older part is read again as it leaves the overlap. Up to the whole budget on busy accounts.',
							},
							{
								name: 'Once, as It Ends',
								value: 'once',
								description:
									'Each period is read when new and once more as it leaves the overlap: twice the calls of reading new records only, however busy. A late record comes out when its time leaves the overlap (up to Overlap after it).',
							},
						],
						default: 'auto',
						description:
							'When the overlap is read again to catch late records. In every mode each period is read again as it leaves the overlap, so no record that reaches the list within the Overlap is missed; the modes differ in how soon a late record comes out and in calls. Not used by Order Status Changed and Dispute Reply Deadline.',
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
					{
						displayName: 'Terminal',
						name: 'terminal',
						type: 'options',
						default: 'main',
						options: [
							{ name: 'Main', value: 'main', description: "The credential's Terminal" },
							{ name: '3-D Secure', value: 'threeDSecure', description: "The credential's 3-D Secure Terminal" },
							{ name: 'Both', value: 'both', description: 'Both terminals, in one state and within one Max Gateway Calls per Poll; each event says its terminal' },
						],
						description: "Which of the credential's terminals to watch. Only matters when the credential has a 3-D Secure Terminal. Changing it keeps each terminal's place; a terminal added starts from the change, as a new trigger would.",
					},
				],
			},
		],
	};

	methods = { credentialTest: { oceanpaymentApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getMode() === 'manual') return markedAsSamples(await pollOnce.call(this));
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

/**
 * Fetch Test Event reads current records without the trigger's state: its items are examples of
 * the output, not events or changes. `sample: true` says so on each (first, so it shows).
 */
function markedAsSamples(output: INodeExecutionData[][] | null): INodeExecutionData[][] | null {
	return (
		output?.map((items) =>
			items.map((item) => {
				const json = { sample: true, ...item.json };
				json.sample = true;
				return { ...item, json };
			}),
		) ?? null
	);
}

async function pollOnce(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const run = await createRunContext.call(this);
	const parameters = run.parameters.item(undefined);
	const defaultEvent = this.getNode().typeVersion >= 2 ? 'newBusinessEvent' : 'newDispute';
	const event = parameters.choice('event', 'Event', ['newBusinessEvent', 'newDispute', 'newSuccessfulPayment', 'orderStatusChanged', 'disputeReplyDeadline'], defaultEvent);
	const deadlines = event === 'disputeReplyDeadline';
	const settings: TriggerSettings = {
		event,
		disputeType: event === 'newDispute' || deadlines ? parameters.choice('disputeType', 'Dispute Type', DISPUTE_TYPES.map((type) => type.value), '') : '',
		eventTypes: event === 'newBusinessEvent' ? parameters.choices('eventTypes', 'Event Types', BUSINESS_EVENT_TYPES.map((type) => type.value)) : [],
		watchedOrders:
			event === 'orderStatusChanged' ? [...new Set(parameters.list('watchedOrders', 'Watched Order Numbers', { required: true, maxLength: 50 }))] : [],
		overlapMinutes: parameters.wholeNumber('options.overlapMinutes', 'Overlap (Minutes)', { fallback: 30, min: 1, max: 1440 }),
		backfillHours: parameters.wholeNumber('options.backfillHours', 'Include Events From the Last N Hours on First Run', { fallback: 0, min: 0, max: 24 * 183 }),
		simplify: parameters.flag('simplify', 'Simplify', true),
		retries: parameters.wholeNumber('options.retries', 'Retries on Network Errors', { fallback: 2, min: 0, max: 5 }),
		maxCalls: parameters.wholeNumber('options.maxCalls', 'Max Gateway Calls per Poll', { fallback: 20, min: 1, max: 1000 }),
		reRead: parameters.choice('options.reRead', 'Re-Read the Overlap', ['auto', 'everyPoll', 'once'], 'auto'),
		leadHours: deadlines ? parameters.wholeNumber('leadHours', 'Alarm (Hours Before Deadline)', { fallback: 48, min: 1, max: 720 }) : 0,
		secondLeadHours: deadlines ? parameters.wholeNumber('secondLeadHours', 'Second Alarm (Hours Before Deadline)', { fallback: 0, min: 0, max: 719 }) : 0,
		terminals: readTerminals(parameters, run.terminals),
	};
	if (settings.secondLeadHours >= settings.leadHours && settings.secondLeadHours > 0) {
		throw new NodeOperationError(this.getNode(), `Second Alarm (Hours Before Deadline): ${settings.secondLeadHours} is not less than Alarm (Hours Before Deadline), ${settings.leadHours}`, {
			description: 'The second alarm comes closer to the deadline than the first one: enter fewer hours, or 0 for no second alarm.',
		});
	}
	if (event === 'orderStatusChanged') return await pollOrderStatus.call(this, settings, run);
	return deadlines ? await pollDeadlines.call(this, settings, run) : await pollList.call(this, settings, run);
}
