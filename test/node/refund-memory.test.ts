/**
 * The execution memory of Refund › Create (a refund number is never sent twice in one execution)
 * over time, through real n8n-core workflow executions against the simulator while the refund
 * query lags (so only the memory can stop a second refund): an execution resumed days later (a
 * Wait node) in the same process still remembers its refunds; after the retention time (7 days
 * without use) the memory is forgotten, as the README says.
 */
import type { INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { useRefundGateway } from '../helpers/refund-gateway';
import { runChain } from '../helpers/workflow';

const gateway = useRefundGateway();
const DAY = 24 * 60 * 60 * 1000;

const parameters = (refundNumber: string): INodeParameters => ({
	resource: 'refund',
	operation: 'create',
	paymentId: 'PAY-1',
	refundType: '2',
	amount: '1.00',
	description: 'x',
	options: { refundNumber, retries: 0 },
});
const execute = async (executionId: string, refundNumber: string) =>
	(await runChain({ nodes: [{ name: 'Refund', type: 'oceanpayment', parameters: parameters(refundNumber) }], nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials, executionId })).outputs.Refund[0]?.json;
const refunds = (number: string) => gateway.sim.admin.getRefunds({ refund_number: number });

/** Runs `work` with the clock moved `days` ahead (Date.now only: the memory's clock). */
async function later<T>(days: number, work: () => Promise<T>): Promise<T> {
	const now = Date.now();
	const spy = jest.spyOn(Date, 'now').mockImplementation(() => now + days * DAY);
	try {
		return await work();
	} finally {
		spy.mockRestore();
	}
}

test('an execution resumed 6 days later, after other executions, still returns its refund from memory', async () => {
	gateway.sim.admin.setRefundQueryLag(true);
	expect(await execute('exec-resumed-6d', 'MEM-6')).toMatchObject({ created: true });
	await later(6, async () => {
		await execute('exec-other-6d', 'MEM-OTHER-6');
		expect(await execute('exec-resumed-6d', 'MEM-6')).toMatchObject({ created: false, alreadyExisted: true });
	});
	expect(refunds('MEM-6')).toHaveLength(1);
});

test('after 7 days without use the memory is forgotten: only the refund query guards then (here it lags, so the number is sent again)', async () => {
	gateway.sim.admin.setRefundQueryLag(true);
	expect(await execute('exec-resumed-8d', 'MEM-8')).toMatchObject({ created: true });
	await later(8, async () => {
		// Another execution's use forgets the memories unused for longer than the retention time.
		await execute('exec-other-8d', 'MEM-OTHER-8');
		expect(await execute('exec-resumed-8d', 'MEM-8')).toMatchObject({ created: true });
	});
	expect(refunds('MEM-8')).toHaveLength(2);
});
