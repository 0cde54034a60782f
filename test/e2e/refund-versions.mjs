/**
 * Issue 27's acceptance case in a real n8n: a version 1 and a version 2 Refund › Create side by
 * side in one workflow, each with its own way of giving the Refund Number (version 1 under
 * Options and a Payment ID; version 2 the top-level field, the Order Number by default and a Full
 * refund with Amount empty), both behind Continue (using error output).
 *   Run 1: each refunds once; version 2 refunds what is still refundable and says so.
 *   Run 2: each returns the refund of run 1 (alreadyExisted), nothing is sent, and both add the
 *          execution hint "Refund … already existed: nothing was refunded".
 *   Run 3: the refund query answers "System busy (99)": both items stop on the error output,
 *          nothing is sent, no hint points at No-Such-Refund Codes.
 * Used by run.mjs (phase 1); `kit` holds run.mjs's workflow builders.
 */
export const REFUND_VERSIONS_WORKFLOW_ID = 'e2eRefundVersions';

const V1 = { refundNumber: 'SHOP-R-1001', paymentId: '260101000000000001001', amount: '5.00', description: 'Damaged (version 1)' };
const V2 = { refundNumber: 'SHOP-R-2001', orderNumber: 'SIM-1005', description: 'Returned (version 2)' };

export function refundVersionsWorkflow({ oceanpayment, manual, code, noOp, workflow }) {
	const nodes = [
		manual(),
		code('V1 Refund', `return [{ json: ${JSON.stringify(V1)} }];`),
		code('V2 Refund', `return [{ json: ${JSON.stringify(V2)} }];`),
		oceanpayment(
			'Refund v1',
			{ resource: 'refund', operation: 'create', paymentId: '={{ $json.paymentId }}', refundType: '2', amount: '={{ $json.amount }}', description: '={{ $json.description }}', options: { refundNumber: '={{ $json.refundNumber }}' } },
			{ typeVersion: 1, onError: 'continueErrorOutput' },
		),
		oceanpayment(
			'Refund v2',
			{ resource: 'refund', operation: 'create', orderNumber: '={{ $json.orderNumber }}', refundNumber: '={{ $json.refundNumber }}', refundType: '1', description: '={{ $json.description }}', options: {} },
			{ typeVersion: 2, onError: 'continueErrorOutput' },
		),
		noOp('v1 Failed'),
		noOp('v2 Failed'),
	];
	return workflow(REFUND_VERSIONS_WORKFLOW_ID, 'E2E: Refund › Create version 1 and version 2 side by side', nodes, [
		['Start', 'V1 Refund'],
		['Start', 'V2 Refund'],
		['V1 Refund', 'Refund v1'],
		['V2 Refund', 'Refund v2'],
		['Refund v1', 'v1 Failed', 1],
		['Refund v2', 'v2 Failed', 1],
	]);
}

const hintsOf = (run, node) => (run.data.resultData.runData[node]?.[0]?.hints ?? []).map((hint) => hint.message);

export async function checkRefundVersions({ sim, n8n, user, executeWorkflow, nodeOutput, assert, assertEqual }) {
	const refundCalls = () => sim.admin.getLog().filter((e) => e.path === '/service/applyRefund').length;
	const first = await executeWorkflow(n8n, user, REFUND_VERSIONS_WORKFLOW_ID);
	assertEqual(first.status, 'success', 'run 1 status');
	const [[v1]] = nodeOutput(first, 'Refund v1');
	const [[v2]] = nodeOutput(first, 'Refund v2');
	assertEqual([v1.created, v1.refundNumber, v1.amount, v1.amountMinor, v1.identifiedBy], [true, V1.refundNumber, '5.00', 500, 'paymentId'], 'run 1: version 1 refunded');
	assertEqual([v2.created, v2.refundNumber, v2.amount, v2.currency, v2.amountMinor, v2.refundType, v2.amountFromRefundable, v2.identifiedBy], [true, V2.refundNumber, '88.00', 'CNY', 8800, 'full', true, 'orderNumber'], 'run 1: version 2 refunded what was left');
	assertEqual(Object.keys(v2).sort(), Object.keys(v1).sort(), 'run 1: both versions output the same fields');
	assertEqual(refundCalls(), 2, 'run 1: refund calls');

	const second = await executeWorkflow(n8n, user, REFUND_VERSIONS_WORKFLOW_ID);
	assertEqual(second.status, 'success', 'run 2 status');
	for (const [node, made] of [['Refund v1', v1], ['Refund v2', v2]]) {
		const [[again]] = nodeOutput(second, node);
		assertEqual([again.created, again.alreadyExisted, again.refundId, again.amountMinor], [false, true, made.refundId, made.amountMinor], `run 2: ${node} returns the refund of run 1`);
		assertEqual(Object.keys(again).sort(), Object.keys(made).sort(), `run 2: ${node} found has the fields of created`);
		assertEqual(hintsOf(second, node), [`Refund ${made.refundNumber} already existed: nothing was refunded`], `run 2: ${node} execution hint`);
	}
	assertEqual(refundCalls(), 2, 'run 2: nothing was refunded');

	sim.admin.setFault('/service/queryRefund', { mode: 'busy' });
	const third = await executeWorkflow(n8n, user, REFUND_VERSIONS_WORKFLOW_ID);
	sim.admin.clearFaults();
	for (const node of ['Refund v1', 'Refund v2']) {
		const [ok, failed] = nodeOutput(third, node);
		assertEqual(ok.length, 0, `run 3: ${node} success items`);
		assertEqual(failed.length, 1, `run 3: ${node} error items`);
		assert(String(failed[0].error).includes('refused the check with code 99'), `run 3: ${node} error: ${JSON.stringify(failed[0])}`);
		assert(!JSON.stringify(failed[0]).includes('No-Such-Refund Codes'), `run 3: ${node} hint points at No-Such-Refund Codes`);
	}
	assertEqual(refundCalls(), 2, 'run 3: nothing was refunded');
	assert(!JSON.stringify([first, second, third]).includes('sim-Secure-Code-7f3a'), 'the secure code is not in the runs');
}
