/**
 * Attack on issue 29 (writes on a two-terminal credential). A write looks its payment up on both
 * terminals; when one terminal's lookup answer is a refusal (a status record "80002:..." or
 * "99:busy", the way the status query carries a refusal per order number), the node cannot know
 * whether that terminal holds the payment. It must stop the item, never pick the other terminal
 * and move money there. Real n8n-core execution, real HTTP against the simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, SEED_THREE_D, THREE_D_FIELDS, startGateway, type Simulator } from '../helpers/gateway';

const MAIN = SEED_MERCHANT.terminal;
const THREE_D = SEED_THREE_D.terminal;

let sim: Simulator;
let single: CredentialData;
let both: CredentialData;
beforeAll(async () => {
	({ sim, credentials: single } = await startGateway());
	both = { ...single, ...THREE_D_FIELDS };
});
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function run(parameters: INodeParameters, options: { credentials?: CredentialData; items?: IDataObject[] } = {}): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials: options.credentials ?? both,
		items: options.items,
	});
}

const calls = (path: string) => sim.admin.getLog().filter((entry) => entry.path === path);
const refundByOrder = (orderNumber: string): INodeParameters => ({
	resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber, refundType: '2', amount: '1.00', description: 'attack-29', options: { skipExisting: false },
});
const refundById = (paymentId: string): INodeParameters => ({
	resource: 'refund', operation: 'create', identifyBy: 'paymentId', paymentId, refundType: '2', amount: '1.00', description: 'attack-29', options: { skipExisting: false },
});

/** An order of the same number on both terminals (the node, asked normally, stops with "found on both"). */
function orderOnBoth(orderNumber: string, paymentId: string) {
	sim.admin.addOrder({ payment_id: paymentId, order_number: orderNumber });
	sim.admin.addOrder({ payment_id: `${paymentId}3`, order_number: orderNumber, terminal: THREE_D });
}

describe('refund by order number, the lookup refused by one terminal', () => {
	test('control: an order on both terminals stops the item, nothing is refunded', async () => {
		orderOnBoth('DUP-CTRL', 'PD-CTRL');
		const result = await run(refundByOrder('DUP-CTRL'));
		expect(`${result.error?.message}`).toContain('found on both terminals');
		expect(calls('/service/applyRefund')).toEqual([]);
	});

	test('DEFECT (fails today): the main terminal refuses the lookup (80002 in its record) → the node refunds on the 3-D terminal instead of stopping', async () => {
		// DEFECT: the refusal is read as "the main terminal has no payment", so the 3-D one is picked.
		orderOnBoth('DUP-80002', 'PD-80002');
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'invalid terminal', inRecord: true, times: 1 });
		const result = await run(refundByOrder('DUP-80002'));
		expect(calls('/service/applyRefund')).toEqual([]);
		expect(result.error).toBeDefined();
		expect(`${result.error?.message} ${(result.error as { description?: string } | undefined)?.description ?? ''}`).toMatch(/80002|invalid terminal|refus/i);
	});

	test('DEFECT (fails today): the 3-D terminal answers busy (99 in its record) → the node refunds on the main terminal instead of stopping', async () => {
		// DEFECT: "busy" on the 3-D terminal is read as "no payment there".
		orderOnBoth('DUP-99', 'PD-99');
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '99', text: 'System busy, try again', inRecord: true, after: 1, times: 1 });
		const result = await run(refundByOrder('DUP-99'));
		expect(calls('/service/applyRefund')).toEqual([]);
		expect(result.error).toBeDefined();
	});

	test('DEFECT (fails today): the 3-D terminal refuses with a signature error (04 in its record) → the node refunds on main', async () => {
		orderOnBoth('DUP-04', 'PD-04');
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '04', text: 'signValue error', inRecord: true, after: 1, times: 1 });
		const result = await run(refundByOrder('DUP-04'));
		expect(calls('/service/applyRefund')).toEqual([]);
		expect(result.error).toBeDefined();
	});

	test('guard: a whole-answer refusal (not in the record) of one terminal stops the item, nothing refunded', async () => {
		orderOnBoth('DUP-ENV', 'PD-ENV');
		sim.admin.setFault('/service/check/normal', { mode: 'busy', times: 1 });
		const result = await run(refundByOrder('DUP-ENV'));
		expect(result.error).toBeDefined();
		expect(calls('/service/applyRefund')).toEqual([]);
	});
});

describe('refund by payment ID, the lookup refused by one terminal', () => {
	// Payment IDs are unique gateway-wide (the simulator keeps one per ID), so only the error text is at stake here.
	test("DEFECT (fails today): the main terminal lists the payment but its status query answers busy (99 in the record) → the error says 'not on either terminal' and hides the refusal", async () => {
		// DEFECT (low): terminalOfPaymentId reads every NodeOperationError of a terminal's lookup as
		// "not on this terminal", so the user is told the payment does not exist instead of "try again".
		sim.admin.addOrder({ payment_id: 'PX-99', order_number: 'PXO-99' });
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '99', text: 'System busy', inRecord: true, times: 1 });
		const result = await run(refundById('PX-99'));
		expect(calls('/service/applyRefund')).toEqual([]);
		expect(result.error).toBeDefined();
		expect(`${result.error?.message}`).not.toContain('on either terminal');
	});
});

describe('one-terminal credential: writes unchanged', () => {
	test('guard: refund by order number makes one status call and one refund call, on the main terminal, no terminal field in the item', async () => {
		const result = await run(refundByOrder('SIM-1001'), { credentials: single });
		expect(result.error).toBeUndefined();
		const log = sim.admin.getLog();
		expect(log.map((entry) => entry.fields.terminal)).toEqual(log.map(() => MAIN));
		expect(calls('/service/check/normal')).toHaveLength(1);
		expect(calls('/service/applyRefund')).toHaveLength(1);
		expect(result.output[0].json).not.toHaveProperty('terminal');
	});
});
