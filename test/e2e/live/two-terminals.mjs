/**
 * Issue 29 in a running n8n (`n8n start`): one Notification Trigger with a two-terminal
 * credential (run.mjs imports it), the simulator pushing a chargeback for each terminal, each
 * signed with that terminal's own secure code, and one for a terminal the credential does not
 * hold.
 *
 *   "E2E: two-terminal notifications"   Notification Trigger (chargeBack) → Deliver (HTTP POST to a capture server)
 *
 * What counts: the simulator's view of each answer, the items the capture server received (one
 * per terminal, each with its terminal) and the simulator's log of the confirming calls.
 */
const WORKFLOW = 'e2eTwoTerminalPush';
const HOOK = 'b6c1e3f0-9d0a-4c47-8f3e-0e2e5e0a0029';

/** Waits until n8n answers the webhook's URL as a registered webhook ("not registered for GET" to a GET). */
async function webhookRegistered(hook, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const answer = await fetch(hook).catch(() => undefined);
		if (answer && (answer.status !== 404 || /registered for GET/i.test(await answer.text()))) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for n8n to register ${hook}`);
}

export default function twoTerminalChecks(kit) {
	const { PACKAGE, CRED_TWO_TERMINALS, THREE_D, node, connect, assert, assertEqual, waitFor, startCapture, importJson, activateWorkflow } = kit;
	const state = { capture: null };

	async function prepare({ n8n, user }) {
		state.capture = await startCapture();
		const trigger = {
			...node('Oceanpayment Notification Trigger', `${PACKAGE}.oceanpaymentNotificationTrigger`, { noticeTypes: ['chargeBack'], simplify: true, settings: {} }),
			webhookId: HOOK,
			credentials: CRED_TWO_TERMINALS,
		};
		const deliver = {
			...node('Deliver', 'n8n-nodes-base.httpRequest', { method: 'POST', url: state.capture.url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} }),
			typeVersion: 4.2,
		};
		await importJson(n8n, user, 'workflow', [
			{ id: WORKFLOW, name: 'E2E: two-terminal notifications', active: false, nodes: [trigger, deliver], connections: connect([[trigger.name, deliver.name]]), settings: { executionOrder: 'v1' } },
		]);
		await activateWorkflow(n8n, user, WORKFLOW);
	}

	return [
		{
			name: 'two terminals: a push for each terminal runs once with its terminal, verified with its own secure code; a push for another terminal is dropped',
			prepare,
			cleanup: async () => state.capture?.close(),
			run: async ({ url, sim, seedForRun, n8nOutput, rest }) => {
				seedForRun();
				sim.admin.addMerchant({ account: '123456', terminal: '12345699', secureCode: 'sim-Other-Code-5d1' });
				const hook = `${url}/webhook/${HOOK}/webhook`;
				// n8n registers the webhooks of published workflows shortly after it answers: a GET then says "not registered for GET".
				await webhookRegistered(hook, 60_000);
				const pushes = [
					{ terminal: '12345601', payment_id: '260101000000000001001' },
					{ terminal: THREE_D.terminal, payment_id: '260101000000000002001' },
					{ terminal: '12345699', payment_id: '260101000000000009929', order_number: 'OTHER-TERMINAL-29' },
				];
				for (const push of pushes) {
					const result = await sim.admin.push({ url: hook, kind: 'business', notice_type: 'chargeBack', ...push });
					if (result.status === 404) {
						const stored = await (await rest()).get(`/workflows/${WORKFLOW}`).catch((error) => String(error));
						throw new Error(`the webhook is not registered; the workflow: ${JSON.stringify(stored).slice(0, 1500)}; n8n said:\n${n8nOutput().split('\n').filter((line) => /activat|error|fail|webhook/i.test(line)).slice(-30).join('\n')}`);
					}
					assertEqual([result.status, result.body], [200, 'receive-ok'], `answer to the push for terminal ${push.terminal}`);
				}
				await waitFor(() => state.capture.received.length >= 2, 60_000, 'both pushes to reach Deliver');
				await new Promise((resolve) => setTimeout(resolve, 2000));
				const items = state.capture.received.map((item) => [item.terminal, item.paymentId, item.signatureValid, item.confirmation]).sort();
				assertEqual(
					items,
					[
						['12345601', '260101000000000001001', true, 'confirmed'],
						[THREE_D.terminal, '260101000000000002001', true, 'confirmed'],
					],
					'delivered items (the third terminal dropped)',
				);
				// Each push was confirmed by asking its own terminal.
				const confirming = sim.admin.getLog().filter((e) => e.path === '/service/BusinessOrdersList' || e.path === '/service/queryRefund');
				assert(confirming.some((e) => e.fields.terminal === THREE_D.terminal && e.signature === 'valid'), 'the 3-D push was confirmed through the 3-D terminal');
				assert(confirming.every((e) => e.signature === 'valid'), 'confirming calls signed right');
			},
		},
	];
}
