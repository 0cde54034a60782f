/**
 * The Notification Trigger in a running n8n (`n8n start`, one process): the simulator pushes
 * notifications over real HTTP to the active workflows' production webhook URLs.
 *
 *   "E2E: notifications"            Notification Trigger (refund, partial refund) → Remove Duplicates
 *                                   (eventId, n8n's database) → Deliver (HTTP POST to a capture server)
 *   "E2E: notifications, no memory" the same with the node's "Drop Redeliveries" off, so that only
 *                                   the workflow-level Remove Duplicates stands between a redelivery
 *                                   and a second downstream run
 *
 * What counts: the simulator's view of each answer (status, body, content type), the items the
 * capture server received, and n8n's own executions list (GET /rest/executions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKFLOW = 'e2eNotifications1';
const WORKFLOW_NO_MEMORY = 'e2eNotifications2';
const HOOK = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0011';
const HOOK_NO_MEMORY = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0012';
const PAYMENT = '260101000000000001001';
const EXAMPLE = 'oceanpayment-chargeback-notification-to-slack.json';
const EXAMPLE_WORKFLOW = 'e2eNotificationsExample';
const EXAMPLE_HOOK = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0013';
const WORKFLOW_PAYMENTS = 'e2eNotifications3';
const HOOK_PAYMENTS = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0014';

export default function notificationChecks(kit) {
	const { PACKAGE, CRED, ROOT, node, connect, assert, assertEqual, waitFor, startCapture, importJson, activateWorkflow } = kit;

	/** One preparation for all checks of this file, whichever of them E2E_ONLY selects. */
	const shared = { prepared: null, capture: null };

	function notificationWorkflow(id, name, hook, { dropRedeliveries, noticeTypes = ['refund', 'partialRefund'] }) {
		const trigger = {
			...node('Oceanpayment Notification Trigger', `${PACKAGE}.oceanpaymentNotificationTrigger`, {
				noticeTypes,
				simplify: true,
				settings: dropRedeliveries ? {} : { dropRedeliveries: false },
			}),
			webhookId: hook,
			credentials: CRED,
		};
		const dedupe = {
			...node('Skip Redeliveries', 'n8n-nodes-base.removeDuplicates', {
				operation: 'removeItemsSeenInPreviousExecutions',
				dedupeValue: '={{ $json.eventId }}',
				options: {},
			}),
			typeVersion: 2,
		};
		const deliver = {
			...node('Deliver', 'n8n-nodes-base.httpRequest', {
				method: 'POST',
				url: `${shared.capture.url}/${id}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ workflow: $workflow.id, item: $json }) }}',
				options: {},
			}),
			typeVersion: 4.2,
		};
		return {
			id,
			name,
			active: false,
			nodes: [trigger, dedupe, deliver],
			connections: connect([
				[trigger.name, dedupe.name],
				[dedupe.name, deliver.name],
			]),
			settings: { executionOrder: 'v1' },
		};
	}

	/** The shipped example as it is, with its own webhook id and Slack replaced by a post of Slack's text to the capture server. */
	function exampleWorkflow() {
		const example = JSON.parse(readFileSync(join(ROOT, 'examples', EXAMPLE), 'utf8'));
		const nodes = example.nodes.map((n) => {
			if (n.type === `${PACKAGE}.oceanpaymentNotificationTrigger`) return { ...n, webhookId: EXAMPLE_HOOK, credentials: CRED };
			if (n.type !== 'n8n-nodes-base.slack') return n;
			return {
				...node(n.name, 'n8n-nodes-base.httpRequest', {
					method: 'POST',
					url: `${shared.capture.url}/${EXAMPLE_WORKFLOW}`,
					sendBody: true,
					bodyParameters: { parameters: [{ name: 'workflow', value: EXAMPLE_WORKFLOW }, { name: 'text', value: n.parameters.text }] },
					options: {},
				}),
				typeVersion: 4.2,
				position: n.position,
			};
		});
		return { ...example, id: EXAMPLE_WORKFLOW, name: `E2E: ${example.name}`, nodes };
	}

	async function prepare({ n8n, user }) {
		shared.prepared ??= (async () => {
			shared.capture = await startCapture();
			await importJson(n8n, user, 'workflow', [
				notificationWorkflow(WORKFLOW, 'E2E: notifications', HOOK, { dropRedeliveries: true }),
				notificationWorkflow(WORKFLOW_NO_MEMORY, 'E2E: notifications, no memory', HOOK_NO_MEMORY, { dropRedeliveries: false }),
				notificationWorkflow(WORKFLOW_PAYMENTS, 'E2E: payment notifications (confirmed)', HOOK_PAYMENTS, { dropRedeliveries: true, noticeTypes: ['transaction'] }),
				exampleWorkflow(),
			]);
			for (const id of [WORKFLOW, WORKFLOW_NO_MEMORY, WORKFLOW_PAYMENTS, EXAMPLE_WORKFLOW]) await activateWorkflow(n8n, user, id);
		})();
		await shared.prepared;
	}

	async function cleanup() {
		const capture = shared.capture;
		shared.capture = null;
		await capture?.close();
	}

	const urlOf = (ctx, hook) => `${ctx.url}/webhook/${hook}/webhook`;
	const delivered = (workflowId) => shared.capture.received.filter((entry) => entry.workflow === workflowId).map((entry) => entry.item ?? entry);

	async function executions(ctx, workflowId) {
		const client = await ctx.rest();
		const answer = await client.get(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
		const list = Array.isArray(answer) ? answer : answer?.results ?? [];
		return list.filter((execution) => execution.workflowId === workflowId);
	}

	/** Waits until every execution of the workflow has finished; returns them. */
	async function settled(ctx, workflowId, expected) {
		let list = [];
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			list = await executions(ctx, workflowId);
			if (list.length >= expected && list.every((execution) => execution.finished || ['success', 'error', 'crashed'].includes(execution.status))) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return list;
	}

	/** The answer Oceanpayment needs: HTTP 200, the plain text receive-ok. */
	function assertReceiveOk(result, what) {
		assertEqual([result.status, result.body], [200, 'receive-ok'], `${what}: answer`);
		assert(/^text\/plain/.test(result.responseContentType), `${what}: answered as ${result.responseContentType}, not text/plain`);
	}

	/** Pushes, then waits until n8n had time to start anything it would start. */
	async function push(ctx, options) {
		const result = await ctx.sim.admin.push(options);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		return result;
	}

	return [
		{
			name: 'notification trigger: a refund notification starts exactly one execution, with the right fields',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx, WORKFLOW)).length;
				const result = await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_details: 'Refund approved' });
				assertReceiveOk(result, 'refund');
				await waitFor(() => delivered(WORKFLOW).length > 0, 60_000, 'the refund to reach Deliver');
				const runs = await settled(ctx, WORKFLOW, before + 1);
				assertEqual(runs.length - before, 1, 'executions started by one refund notification');
				const [item] = delivered(WORKFLOW);
				assertEqual(delivered(WORKFLOW).length, 1, 'items delivered');
				const sent = result.fields;
				assertEqual(
					[item.noticeType, item.kind, item.signatureValid, item.confirmation, item.pushId, item.pushStatus, item.pushStatusText, item.orderNumber, item.paymentId, item.pushDetails],
					['refund', 'business', true, 'confirmed', sent.push_id, '1', 'successful', 'SIM-1001', PAYMENT, 'Refund approved'],
					'fields',
				);
				// Confirmed from the webhook process: no refund has this push ID, the business orders list shows the event.
				assert(/^business orders list: refund event of payment/.test(item.confirmationDetail), `confirmationDetail: ${item.confirmationDetail}`);
				// Not signed in a refund notification, but the same in the business orders list: confirmed.
				const reported = item.reportedOnly ?? {};
				assertEqual([item.amount, item.currency, 'amount' in reported], [sent.order_amount, sent.order_currency, false], 'amount and currency confirmed by the list');
				assertEqual(reported.pushDateTimeRaw, sent.push_dateTime, 'raw push time');
				assert(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/.test(reported.pushDateTime), `ISO push time with offset: ${reported.pushDateTime}`);
				assert(/^[0-9a-f]{64}$/.test(item.eventId), `eventId: ${item.eventId}`);
				assert(!('signValue' in item), 'signValue is not in the item');
				shared.refund = result;
			},
		},
		{
			name: 'notification trigger: a forged notification starts nothing and is still answered receive-ok',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx, WORKFLOW)).length;
				const deliveredBefore = delivered(WORKFLOW).length;
				const forged = await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'E2E-FORGED-1', forge: true });
				assertReceiveOk(forged, 'forged');
				const unsigned = await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'E2E-FORGED-2', omitSignValue: true });
				assertReceiveOk(unsigned, 'unsigned');
				assertEqual((await executions(ctx, WORKFLOW)).length - before, 0, 'executions started by forged notifications');
				assertEqual(delivered(WORKFLOW).length - deliveredBefore, 0, 'items delivered');
				const log = ctx.n8nOutput();
				assert(/dropped a delivery: its signature is not valid/.test(log), 'n8n logged the dropped forgery');
				assert(!log.includes('sim-Secure-Code-7f3a'), "n8n's log holds the secure code");
			},
		},
		{
			name: 'notification trigger: a redelivery starts no second downstream run (dropped by the node; Remove Duplicates holds it without the node)',
			prepare,
			cleanup,
			run: async (ctx) => {
				// With the node's memory: the redelivery starts no execution at all.
				const first = shared.refund ?? (await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', notice_type: 'refund', payment_id: PAYMENT }));
				await waitFor(() => delivered(WORKFLOW).length > 0, 60_000, 'the first delivery');
				const runsBefore = (await settled(ctx, WORKFLOW, 1)).length;
				const deliveredBefore = delivered(WORKFLOW).length;
				for (let attempt = 0; attempt < 2; attempt++) assertReceiveOk(await ctx.sim.admin.redeliver(first.pushId), `redelivery ${attempt + 1}`);
				await new Promise((resolve) => setTimeout(resolve, 1500));
				assertEqual((await executions(ctx, WORKFLOW)).length - runsBefore, 0, 'executions started by 2 redeliveries');
				assertEqual(delivered(WORKFLOW).length - deliveredBefore, 0, 'items delivered by 2 redeliveries');
				assert(/dropped a delivery: it is a redelivery/.test(ctx.n8nOutput()), 'n8n logged the dropped redelivery');

				// Without it (Drop Redeliveries off): every delivery runs, Remove Duplicates stops the copies.
				const partial = await push(ctx, { url: urlOf(ctx, HOOK_NO_MEMORY), kind: 'business', notice_type: 'partialRefund', payment_id: PAYMENT, push_id: 'E2E-PARTIAL-1' });
				assertReceiveOk(partial, 'partial refund');
				// Oceanpayment redelivers minutes later, not while the first run is still on its way.
				await waitFor(() => delivered(WORKFLOW_NO_MEMORY).length > 0, 60_000, 'the partial refund to reach Deliver');
				assertReceiveOk(await ctx.sim.admin.redeliver(partial.pushId), 'its redelivery');
				const runs = await settled(ctx, WORKFLOW_NO_MEMORY, 2);
				assertEqual(runs.length, 2, 'executions of the workflow without the node memory (first delivery + redelivery)');
				assertEqual(delivered(WORKFLOW_NO_MEMORY).map((item) => item.pushId), ['E2E-PARTIAL-1'], 'items delivered downstream of Remove Duplicates');
			},
		},
		{
			name: 'notification trigger: a chargeback outside the selected notification types starts nothing',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx, WORKFLOW)).length;
				const deliveredBefore = delivered(WORKFLOW).length;
				const chargeback = await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT });
				assertReceiveOk(chargeback, 'chargeback');
				assertEqual((await executions(ctx, WORKFLOW)).length - before, 0, 'executions started by the chargeback');
				assertEqual(delivered(WORKFLOW).length - deliveredBefore, 0, 'items delivered');
				assert(/dropped a delivery: its notice type is not one the node listens to/.test(ctx.n8nOutput()), 'n8n logged the filtered chargeback');
			},
		},
		{
			name: 'notification trigger: malformed XML, an empty body and a wrong content type are answered receive-ok and start nothing',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx, WORKFLOW)).length;
				const cases = [
					{ what: 'malformed XML', options: { rawBody: '<response><account>123456</account><notice_type>refund' } },
					{ what: 'empty body', options: { rawBody: '' } },
					{ what: 'JSON', options: { rawBody: '{"notice_type":"refund"}', contentType: 'application/json' } },
					{ what: 'no content type', options: { contentType: null, notice_type: 'refund', payment_id: PAYMENT } },
				];
				for (const { what, options } of cases) assertReceiveOk(await push(ctx, { url: urlOf(ctx, HOOK), kind: 'business', ...options }), what);
				assertEqual((await executions(ctx, WORKFLOW)).length - before, 0, 'executions started');
				const log = ctx.n8nOutput();
				for (const pattern of [/dropped a delivery: malformed XML/, /dropped a delivery: the body is empty/, /dropped a delivery: its content type is "application\/json"/, /dropped a delivery: its content type is "none"/]) {
					assert(pattern.test(log), `n8n's log has ${pattern}`);
				}
			},
		},
		{
			name: 'notification trigger: a payment is confirmed with the gateway from the webhook; while the gateway is down the answer is 503 and the redelivery runs once',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx, WORKFLOW_PAYMENTS)).length;
				ctx.sim.admin.clearLog();
				ctx.sim.admin.setFault('/service/check/normal', { mode: 'http502' });
				const down = await push(ctx, { url: urlOf(ctx, HOOK_PAYMENTS), kind: 'payment', payment_id: PAYMENT });
				assertEqual([down.status, down.body], [503, 'not processed yet, deliver again'], 'answer while the gateway is down');
				assertEqual((await executions(ctx, WORKFLOW_PAYMENTS)).length - before, 0, 'executions while the gateway is down');
				ctx.sim.admin.clearFaults();
				assertReceiveOk(await ctx.sim.admin.redeliver(down.pushId), 'the redelivery');
				await waitFor(() => delivered(WORKFLOW_PAYMENTS).length > 0, 60_000, 'the confirmed payment to reach Deliver');
				assertReceiveOk(await ctx.sim.admin.redeliver(down.pushId), 'a second redelivery');
				await settled(ctx, WORKFLOW_PAYMENTS, before + 1);
				const items = delivered(WORKFLOW_PAYMENTS);
				assertEqual(items.map((item) => [item.confirmation, item.paymentStatus, item.amount]), [['confirmed', 'success', '25.00']], 'items delivered');
				const queries = ctx.sim.admin.getLog().filter((entry) => entry.path === '/service/check/normal');
				assert(queries.length >= 2 && queries.every((entry) => entry.signature === 'valid' && entry.fields.order_number === 'SIM-1001'), `status queries signed by the webhook: ${JSON.stringify(queries.map((entry) => entry.signature))}`);
				assert(/answered HTTP 503 so that Oceanpayment delivers it again: it could not be confirmed/.test(ctx.n8nOutput()), 'n8n logged the unavailable confirmation');
			},
		},
		{
			name: `notification trigger: example "${EXAMPLE}" alerts once for a chargeback and its redelivery`,
			prepare,
			cleanup,
			run: async (ctx) => {
				const chargeback = await push(ctx, {
					url: urlOf(ctx, EXAMPLE_HOOK),
					kind: 'business',
					notice_type: 'chargeBack',
					payment_id: PAYMENT,
					push_id: 'E2E-CB-1',
					push_details: 'Fraudulent transaction',
					payment_cpdTime: '2026-03-21 09:30:00',
				});
				assertReceiveOk(chargeback, 'chargeback');
				await waitFor(() => delivered(EXAMPLE_WORKFLOW).length > 0, 60_000, 'the Slack alert');
				assertReceiveOk(await ctx.sim.admin.redeliver(chargeback.pushId), 'its redelivery');
				const refund = await push(ctx, { url: urlOf(ctx, EXAMPLE_HOOK), kind: 'business', notice_type: 'refund', payment_id: PAYMENT });
				assertReceiveOk(refund, 'a refund (not selected in the example)');
				await settled(ctx, EXAMPLE_WORKFLOW, 1);
				const alerts = delivered(EXAMPLE_WORKFLOW).map((alert) => alert.text);
				assertEqual(alerts.length, 1, `Slack alerts: ${JSON.stringify(alerts)}`);
				assertEqual(
					alerts[0],
					`:rotating_light: Chargeback on order SIM-1001 (payment ${PAYMENT}, ${chargeback.fields.order_amount} ${chargeback.fields.order_currency}, ${chargeback.fields.card_type} ${chargeback.fields.card_country}). Status: successful, reason: Fraudulent transaction. Reported 2026-03-21 09:30 GMT+8. Oceanpayment event E2E-CB-1.`,
					'the Slack text',
				);
			},
		},
	];
}
