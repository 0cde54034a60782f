/**
 * Issue 24's acceptance case in a real n8n: a gateway that says "no such refund" as
 * `<results>09</results><details>refund not found</details>` (and answers a refund found without
 * its payment_id), refunds by refund number with Chinese descriptions, run twice.
 *   Run 1: each number refunded once, signed correctly with its Chinese text; a second
 *          Oceanpayment node asking for the same numbers, while the gateway's refund query does
 *          not yet show them, returns them from the execution's memory instead of refunding again.
 *   Run 2: every item returns the refund made in run 1 (alreadyExisted), nothing is sent.
 * Used by run.mjs (phase 1); `kit` holds run.mjs's workflow builders and assertions.
 */
export const REFUND_09_WORKFLOW_ID = 'e2eRefundNotFound09';

const REFUNDS = [
	{ refundNumber: 'SHOP-CN-9001', paymentId: '260101000000000001001', amount: '5.00', description: '商品瑕疵，部分退款' },
	{ refundNumber: 'SHOP-CN-9002', paymentId: '260101000000000001002', amount: '9.90', description: '尺码不合适（退货）' },
];

export function refund09Workflow({ oceanpayment, manual, code, workflow }) {
	const refund = (name, source) =>
		oceanpayment(name, {
			resource: 'refund',
			operation: 'create',
			paymentId: `={{ $('${source}').item.json.paymentId }}`,
			refundType: '2',
			amount: `={{ $('${source}').item.json.amount }}`,
			description: `={{ $('${source}').item.json.description }}`,
			options: { refundNumber: `={{ $('${source}').item.json.refundNumber }}` },
		});
	const nodes = [manual(), code('Shop Refunds', `return ${JSON.stringify(REFUNDS)}.map((json) => ({ json }));`), refund('Refund', 'Shop Refunds'), refund('Refund Again', 'Shop Refunds')];
	return workflow(REFUND_09_WORKFLOW_ID, 'E2E: refunds by refund number on a gateway that says 09 "refund not found"', nodes, [
		['Start', 'Shop Refunds'],
		['Shop Refunds', 'Refund'],
		['Refund', 'Refund Again'],
	]);
}

export async function checkRefund09({ sim, n8n, user, executeWorkflow, nodeOutput, assert, assertEqual }) {
	sim.admin.setRefundNotFound('results09');
	sim.admin.setRefundQueryLag(true);
	const first = await executeWorkflow(n8n, user, REFUND_09_WORKFLOW_ID);
	assertEqual(first.status, 'success', 'run 1 status');
	const [made] = nodeOutput(first, 'Refund');
	assertEqual(made.map((r) => [r.refundNumber, r.created, r.alreadyExisted, r.description]), REFUNDS.map((r) => [r.refundNumber, true, false, r.description]), 'run 1: refunds made');
	const [again] = nodeOutput(first, 'Refund Again');
	assertEqual(
		again.map((r) => [r.refundNumber, r.created, r.alreadyExisted, r.refundId, r.matchedOn]),
		made.map((r) => [r.refundNumber, false, true, r.refundId, ['refundNumber', 'paymentId', 'amount', 'refundType']]),
		'run 1: the second node returns the refunds this execution made',
	);
	sim.admin.setRefundQueryLag(false);

	const second = await executeWorkflow(n8n, user, REFUND_09_WORKFLOW_ID);
	assertEqual(second.status, 'success', 'run 2 status');
	for (const node of ['Refund', 'Refund Again']) {
		const [items] = nodeOutput(second, node);
		// That gateway answers a refund found without payment_id: matched on refund number, the order
		// it names (the payment's, read from the order's status), amount and refund type.
		assertEqual(
			items.map((r) => [r.refundNumber, r.created, r.alreadyExisted, r.refundId, r.matchedOn]),
			made.map((r) => [r.refundNumber, false, true, r.refundId, ['refundNumber', 'orderNumber', 'amount', 'refundType']]),
			`run 2: ${node}`,
		);
	}

	const refunds = sim.admin.getRefunds();
	assertEqual(refunds.map((r) => [r.refund_number, r.payment_id, r.refund_amount, r.refund_description]), REFUNDS.map((r) => [r.refundNumber, r.paymentId, r.amount, r.description]), 'refunds held: one per number, Chinese text stored');
	const log = sim.admin.getLog();
	assertEqual(log.filter((e) => e.path === '/service/applyRefund').length, REFUNDS.length, 'refund calls');
	assert(log.every((e) => e.signature === 'valid' || e.signature === 'not-applicable'), `every signature valid: ${JSON.stringify(log.filter((e) => e.signature !== 'valid').map((e) => [e.path, e.signature]))}`);
	const queries = log.filter((e) => e.path === '/service/queryRefund');
	assert(queries.some((e) => e.resultCode === '09'), 'the gateway answered 09 "refund not found"');
	assert(queries.some((e) => /^N8NX[A-Z0-9]{28}$/.test(String(e.fields.refund_number))), 'the node asked about a refund number that cannot exist');
	assert(!JSON.stringify([first, second]).includes('sim-Secure-Code-7f3a'), 'the secure code is not in the runs');
}
