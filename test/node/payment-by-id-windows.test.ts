/**
 * Refund › Create by Payment ID where the node must read the payment: helpers/paymentById.ts
 * searches the successful payments of the last 6 months in date windows, newest first, under a
 * budget of list calls, without relying on the list's order or page size. Real n8n-core
 * execution against the simulator.
 */
import { DateTime } from 'luxon';
import type { INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { MAX_LIST_CALLS } from '../../nodes/Oceanpayment/helpers/paymentById';
import { runNode, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();
const node = new Oceanpayment();

async function run(parameters: INodeParameters): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'refund', operation: 'create', identifyBy: 'paymentId', description: 'x', options: { retries: 0 }, ...parameters }, typeVersion: 2 },
		nodeTypes: { oceanpayment: node },
		credentials: gateway.credentials,
	});
}
const listCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/QueryOrdersList');

/** `count` successful payments of other orders, spread evenly from `oldest` to 1 day ago. */
function payments(count: number, oldest: number): void {
	const now = DateTime.now();
	gateway.sim.admin.addOrders(
		Array.from({ length: count }, (_, index) => ({
			order_number: `OTHER-${index}`,
			payment_id: `OTHERPAY-${index}`,
			order_amount: '5.00',
			payment_dateTime: now.minus({ days: oldest - (index * (oldest - 1)) / count }).toJSDate(),
		})),
	);
}

test.each([1, 40, 120, 170])('150 other payments in 6 months: a payment made %s days ago is found within the budget of list calls', async (days) => {
	payments(150, 175);
	gateway.sim.admin.addOrder({ order_number: 'ORD-W', payment_id: 'PAY-W', order_amount: '30.00', payment_dateTime: DateTime.now().minus({ days, hours: 3 }).toJSDate() });
	const result = await run({ paymentId: 'PAY-W', refundType: '1', refundNumber: `W-${days}` });
	expect(result.error?.message).toBeUndefined();
	expect(result.output[0].json).toMatchObject({ created: true, amount: '30.00', paymentId: 'PAY-W' });
	expect(listCalls().length).toBeLessThanOrEqual(MAX_LIST_CALLS);
});

test('payments all in one second (a window that cannot be split): its pages are read, the payment is found', async () => {
	const at = DateTime.now().minus({ days: 2 }).startOf('second').toJSDate();
	gateway.sim.admin.addOrders(Array.from({ length: 25 }, (_, index) => ({ order_number: `SAME-${index}`, payment_id: `SAMEPAY-${index}`, order_amount: '5.00', payment_dateTime: at })));
	const result = await run({ paymentId: 'SAMEPAY-24', refundType: '1', refundNumber: 'SAME-1' });
	expect(result.error?.message).toBeUndefined();
	expect(result.output[0].json).toMatchObject({ created: true, amount: '5.00', paymentId: 'SAMEPAY-24' });
});

test('not found within the budget: the error names the dates searched and those left, within the budget', async () => {
	payments(400, 175);
	const result = await run({ paymentId: 'PAY-NONE', refundType: '1', refundNumber: 'NONE-1' });
	expect(result.error?.message).toMatch(/it searched those from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Shanghai\) to .*; older ones, back to .*, were not searched within its budget of 20 list calls/);
	expect(listCalls().length).toBeLessThanOrEqual(MAX_LIST_CALLS);
	expect(gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund')).toHaveLength(0);
});

test('not found, few payments: the whole 6 months were searched in one call', async () => {
	const result = await run({ paymentId: 'PAY-NONE', refundType: '1', refundNumber: 'NONE-2' });
	expect(result.error?.message).toContain('is not among the successful payments of the last 6 months');
	expect(result.error?.message).not.toContain('were not searched');
	expect(listCalls()).toHaveLength(1);
});
