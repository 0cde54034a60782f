import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { oceanpaymentApiTest } from './methods/terminalsCredentialTest';
import { CONFIRM_FAMILIES } from './notification/confirm';
import { receiveNotification } from './notification/receive';
import { ALL_NOTICE_TYPES, NOTICE_ACKNOWLEDGEMENT, NOTICE_SOURCE_IPS } from './transport/notices';

const TEST_HELP =
	"<b>To test while you build</b>, click 'Execute step', then make a payment in the Oceanpayment sandbox whose <code>noticeUrl</code> is this node's <b>Test URL</b> (under Webhook URLs in Parameters). Oceanpayment cannot send a test event: only a real sandbox payment, refund or other event sends a notification. The URL must be reachable from the internet (public HTTPS on port 443, not localhost; a local n8n needs a tunnel). An empty Notification Types list means all notifications start the workflow.<br /><br />";
const PRODUCTION_HELP_INACTIVE =
	'<b>Once you are happy with the workflow</b>, publish it and give Oceanpayment the <b>Production URL</b> as your <code>noticeUrl</code> (in each payment request, or through Oceanpayment support). Every notification sent there then starts the workflow; those executions show up in the <a data-key="executions">executions list</a>, but not in the editor.';
const PRODUCTION_HELP_ACTIVE =
	'<b>The workflow is published</b>: every notification Oceanpayment sends to the <b>Production URL</b> starts it. Those executions show up in the <a data-key="executions">executions list</a>, but not in the editor.';

export class OceanpaymentNotificationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oceanpayment Notification Trigger',
		name: 'oceanpaymentNotificationTrigger',
		icon: { light: 'file:../../icons/oceanpayment.svg', dark: 'file:../../icons/oceanpayment.dark.svg' },
		group: ['trigger'],
		// Version 2 changes no parameter: new nodes start at it, and version 1 nodes keep working as
		// they are. n8n itself treats the versions differently: it leaves a version 1 node's body
		// unparsed (the hidden `options` below), and parses a later version's XML body itself first
		// (the exact bytes stay available as the raw body; malformed XML gets n8n's HTTP 422).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["noticeTypes"].length ? $parameter["noticeTypes"].join(", ") : "all notifications"}}',
		description: 'Starts the workflow when Oceanpayment pushes a payment, refund, chargeback, dispute, fraud or customs notification',
		defaults: { name: 'Oceanpayment Notification Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oceanpaymentApi', required: true, testedBy: 'oceanpaymentApiTest' }],
		// n8n's generic text says "Pull in events from …" and "create an event": Oceanpayment has no
		// way to send a test event, so the panel says how to get one.
		triggerPanel: {
			header: 'Receive notifications that Oceanpayment pushes to this node\'s URL',
			executionsHelp: {
				inactive: TEST_HELP + PRODUCTION_HELP_INACTIVE,
				active: TEST_HELP + PRODUCTION_HELP_ACTIVE,
			},
			activationHint: {
				inactive:
					"Oceanpayment cannot send a test event: click the button, then make a sandbox payment whose noticeUrl is this node's Test URL (under Webhook URLs in Parameters; it must be reachable from the internet). Once the workflow is built, publish it and use the Production URL.",
				active:
					"Notifications sent to this node's Production URL start the workflow (those executions show up in the executions list, not here). To test, click the button and make a sandbox payment whose noticeUrl is the Test URL.",
			},
		},
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answered once n8n has created the execution, with the text Oceanpayment waits for.
				responseMode: 'onReceived',
				responseData: NOTICE_ACKNOWLEDGEMENT,
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'noticeUrl: to test, click Execute step and make a sandbox payment whose noticeUrl is the Test URL above; in production, give Oceanpayment the Production URL (in the payment request\'s noticeUrl, or through Oceanpayment support). Either must be reachable from the internet: public HTTPS on port 443, no CDN in front. Oceanpayment cannot send a test event. Deliveries are answered "receive-ok"; those that are not valid start nothing and are logged. Customs notifications run only with When Not Confirmed set to Run Marked Unconfirmed.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Notification Types',
				name: 'noticeTypes',
				type: 'multiOptions',
				options: [...ALL_NOTICE_TYPES].sort((a, b) => a.name.localeCompare(b.name)),
				default: [],
				// n8n shows "Select" in an empty multi-options field whatever the placeholder: the hint below says it.
				hint: 'Empty means all: every documented notification starts the workflow',
				description: 'Start the workflow only for these notifications. Leave empty for all: every documented notification starts it. Types Oceanpayment does not document run only when listed under Extra Notification Types.',
			},
			{
				displayName: 'Confirm With Oceanpayment',
				name: 'confirm',
				type: 'multiOptions',
				options: CONFIRM_FAMILIES.map(({ name, value, description }) => ({ name, value, description })),
				default: ['payment', 'refund', 'chargeBack'],
				description:
					'Which notifications the node confirms with read-only calls to Oceanpayment before the workflow starts. Oceanpayment signs the values joined without separators and does not sign the notice type, so a signature alone cannot tell a genuine notification from a copy cut or labelled otherwise. Without confirmation such a copy runs as an event of its own. Needs this n8n server\'s IP registered with Oceanpayment.',
			},
			{
				displayName: 'When Not Confirmed',
				name: 'unconfirmed',
				type: 'options',
				options: [
					{ name: 'Drop and Log', value: 'drop', description: 'Start nothing and write the reason to n8n\'s log' },
					{ name: 'Run Marked Unconfirmed', value: 'run', description: 'Start the workflow with confirmation "notConfirmed" on the item' },
				],
				default: 'drop',
				description:
					'What to do with a notification the gateway contradicts, and with customs notifications, which no query can confirm. Neither ever uses up the event. When Oceanpayment cannot be reached or gives no clear answer, the node answers HTTP 503 instead, so that Oceanpayment delivers it again.',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return stable camelCase fields with ISO times (raw times kept next to them) instead of the fields as Oceanpayment sent them',
			},
			{
				displayName: 'Options',
				name: 'settings',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Extra Notification Types',
						name: 'extraNoticeTypes',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Notification Type',
						default: {},
						description: 'Notice types Oceanpayment does not document (yet) that should start the workflow too; any other undocumented type is dropped',
						options: [
							{
								displayName: 'Type',
								name: 'types',
								values: [
									{
										displayName: 'Notice Type',
										name: 'noticeType',
										type: 'string',
										default: '',
										placeholder: 'e.g. refundReversal',
										description: 'The notice_type exactly as Oceanpayment sends it (case matters)',
									},
									{
										displayName: 'Signed Like',
										name: 'kind',
										type: 'options',
										options: [
											{ name: 'Business Order Notification', value: 'business' },
											{ name: 'Customs Notification', value: 'customs' },
											{ name: 'Payment Notification', value: 'payment' },
										],
										default: 'business',
										description: 'Which kind\'s signing rule and field forms this type follows',
									},
								],
							},
						],
					},
					{
						displayName: 'Drop Redeliveries',
						name: 'dropRedeliveries',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop a notification that this n8n process already accepted in the last 72 hours (Oceanpayment delivers up to 5 times until it reads receive-ok). Kept in memory: lost on restart and not shared between n8n processes, so also guard the workflow on eventId with an atomic insert (see README).',
					},
					{
						displayName: 'Only Accept Oceanpayment IP Addresses',
						name: 'onlyOceanpaymentIps',
						type: 'boolean',
						default: false,
						description: `Whether to drop deliveries that do not come from Oceanpayment's published addresses (${NOTICE_SOURCE_IPS.join(', ')}). The address is the one n8n sees: behind a reverse proxy or load balancer that is the proxy's, unless N8N_PROXY_HOPS is set to the number of proxies in front of n8n; then n8n takes it from X-Forwarded-For. The node never trusts X-Forwarded-For on its own.`,
					},
					{
						displayName: 'Run Unverified Notifications',
						name: 'runUnverified',
						type: 'boolean',
						default: false,
						description:
							'Whether to also start the workflow for notifications whose signature is missing or does not match, with signatureValid false on the item. Only for accounts whose notifications use a signing rule the docs do not show: anyone can send such a notification.',
					},
				],
			},
			{
				// Not shown. n8n reads options.binaryData of a version-1 webhook node and then leaves the
				// body unparsed, so the node gets the exact bytes and can answer receive-ok to malformed XML.
				displayName: 'Request Body',
				name: 'options',
				type: 'hidden',
				default: { binaryData: true },
				displayOptions: { show: { '@version': [{ _cnd: { lte: 1 } }] } },
			},
		],
	};

	methods = { credentialTest: { oceanpaymentApiTest } };

	// Oceanpayment has no API to register a noticeUrl: the merchant sets it (per payment request,
	// or through Oceanpayment's support). There is nothing to create, check or remove on their side.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveNotification.call(this);
	}
}
