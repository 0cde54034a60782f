/**
 * Both triggers at version 2 in a running n8n (issue 27), next to the version 1 workflows of
 * notification.mjs and run.mjs:
 *
 *   "E2E: notifications v2"   Notification Trigger at version 2, as a new node gets it (no
 *                             parameters set) → Deliver (HTTP POST to a capture server)
 *
 * n8n treats a webhook node's body differently by version: at version 1 it leaves the body
 * unparsed (the node's hidden `options.binaryData`); at a later version it parses XML and JSON
 * bodies itself first and keeps the exact bytes as the raw body. So this checks that a version 2
 * node still verifies signatures on the exact bytes and drops forgeries, and records what n8n
 * answers to a body it cannot parse (malformed XML) before the node sees it.
 *
 * The polling trigger at version 2 runs in the editor test (Fetch Test Event, `sample: true`)
 * and in the jest suites through n8n-core's PollContext.
 */

const WORKFLOW = 'e2eNotificationsV2';
const HOOK = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0021';
const PAYMENT = '260101000000000001001';

export default function triggersVersion2Checks(kit) {
	const { PACKAGE, CRED, node, connect, assert, assertEqual, waitFor, startCapture, importJson, activateWorkflow } = kit;
	const shared = { prepared: null, capture: null };

	async function prepare({ n8n, user }) {
		shared.prepared ??= (async () => {
			shared.capture = await startCapture();
			const trigger = {
				...node('Oceanpayment Notification Trigger', `${PACKAGE}.oceanpaymentNotificationTrigger`, {}),
				typeVersion: 2,
				webhookId: HOOK,
				credentials: CRED,
			};
			const deliver = {
				...node('Deliver', 'n8n-nodes-base.httpRequest', {
					method: 'POST',
					url: `${shared.capture.url}/${WORKFLOW}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ workflow: $workflow.id, item: $json }) }}',
					options: {},
				}),
				typeVersion: 4.2,
			};
			await importJson(n8n, user, 'workflow', [
				{ id: WORKFLOW, name: 'E2E: notifications v2', active: false, nodes: [trigger, deliver], connections: connect([[trigger.name, deliver.name]]), settings: { executionOrder: 'v1' } },
			]);
			await activateWorkflow(n8n, user, WORKFLOW);
		})();
		await shared.prepared;
	}
	async function cleanup() {
		const capture = shared.capture;
		shared.capture = null;
		await capture?.close();
	}

	const urlOf = (ctx) => `${ctx.url}/webhook/${HOOK}/webhook`;
	const delivered = () => shared.capture.received.filter((entry) => entry.workflow === WORKFLOW).map((entry) => entry.item ?? entry);
	async function executions(ctx) {
		const client = await ctx.rest();
		const answer = await client.get(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW }))}`);
		const list = Array.isArray(answer) ? answer : (answer?.results ?? []);
		return list.filter((execution) => execution.workflowId === WORKFLOW);
	}
	const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
	function assertReceiveOk(result, what) {
		assertEqual([result.status, result.body], [200, 'receive-ok'], `${what}: answer`);
		assert(/^text\/plain/.test(result.responseContentType), `${what}: answered as ${result.responseContentType}, not text/plain`);
	}

	return [
		{
			name: 'notification trigger version 2 (a new node, defaults): empty Notification Types lets a signed chargeback start one execution; a forgery starts nothing',
			prepare,
			cleanup,
			run: async (ctx) => {
				// Empty Notification Types (the default) means all: a chargeback runs.
				const chargeback = await ctx.sim.admin.push({ url: urlOf(ctx), kind: 'business', notice_type: 'chargeBack', payment_id: PAYMENT, push_id: 'E2E-V2-CB-1' });
				assertReceiveOk(chargeback, 'chargeback');
				await waitFor(() => delivered().length > 0, 60_000, 'the chargeback to reach Deliver');
				const [item] = delivered();
				assertEqual([item.noticeType, item.pushId, item.signatureValid, item.confirmation, item.paymentId], ['chargeBack', 'E2E-V2-CB-1', true, 'confirmed', PAYMENT], 'fields');
				const forged = await ctx.sim.admin.push({ url: urlOf(ctx), kind: 'business', notice_type: 'refund', payment_id: PAYMENT, push_id: 'E2E-V2-FORGED', forge: true });
				assertReceiveOk(forged, 'forged');
				await pause(1500);
				assertEqual(delivered().map((entry) => entry.pushId), ['E2E-V2-CB-1'], 'items delivered');
				assert(/dropped a delivery: its signature is not valid/.test(ctx.n8nOutput()), 'n8n logged the dropped forgery');
			},
		},
		{
			name: 'notification trigger version 2: an empty body and JSON are answered receive-ok and start nothing; malformed XML gets n8n\'s own answer (n8n parses it before the node) and starts nothing',
			prepare,
			cleanup,
			run: async (ctx) => {
				const before = (await executions(ctx)).length;
				const deliveredBefore = delivered().length;
				for (const { what, options } of [
					{ what: 'empty body', options: { rawBody: '' } },
					{ what: 'JSON', options: { rawBody: '{"notice_type":"refund"}', contentType: 'application/json' } },
				]) {
					assertReceiveOk(await ctx.sim.admin.push({ url: urlOf(ctx), kind: 'business', ...options }), what);
				}
				const malformed = await ctx.sim.admin.push({ url: urlOf(ctx), kind: 'business', rawBody: '<response><account>123456</account><notice_type>refund' });
				// n8n's own answer (seen on 2.41.1): the node never sees the body. Oceanpayment delivers
				// again and gives up after 5 tries; nothing starts (a version 1 node answers receive-ok).
				assertEqual(malformed.status, 422, `malformed XML: n8n's answer ${String(malformed.body).slice(0, 200)}`);
				assert(/Failed to parse request body/.test(String(malformed.body)), `malformed XML: ${String(malformed.body).slice(0, 200)}`);
				await pause(1500);
				assertEqual((await executions(ctx)).length - before, 0, 'executions started');
				assertEqual(delivered().length - deliveredBefore, 0, 'items delivered');
			},
		},
	];
}
