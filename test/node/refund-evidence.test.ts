/**
 * "No such refund" needs positive evidence (README, Safe refunds): the answer for a number that
 * cannot exist must say "not found" in words (or be the success code with an empty refund ID),
 * besides the real number getting the same answer. Real n8n execution against the simulator,
 * whose faults answer every refund query the same way.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';

const gateway = useRefundGateway();

async function refund(refundNumber: string, options: IDataObject = {}): Promise<RunResult> {
	const parameters: INodeParameters = { resource: 'refund', operation: 'create', paymentId: 'PAY-1', refundType: '2', amount: '10.00', description: 'x', options: { refundNumber, retries: 0, ...options } };
	return await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials });
}
const refundCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');

describe('words that say "not found", the same for every number: the refund is made, once', () => {
	test.each(['退款不存在', '查无此退款记录', 'No record found', "Refund doesn't exist", 'Refund not exists'])('%s', async (text) => {
		gateway.sim.admin.setRefundNotFound('refundResults05');
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text });
		const result = await refund('SHOP-1');
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ created: true });
		expect(refundCalls()).toHaveLength(1);
	});
});

describe('no evidence: the item stops, quoting the answer and saying what to do', () => {
	test('a bare code: the error names the code and tells to ask Oceanpayment before listing it', async () => {
		gateway.sim.admin.setRefundNotFound('results09');
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '09' });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('results 09 with the fields results both for "SHOP-1" and for a refund number that cannot exist');
		expect(result.error?.message).toContain('does not say that no refund exists');
		expect(result.error?.description).toContain('Ask Oceanpayment what result code 09');
		expect(result.error?.description).toContain('only if Oceanpayment confirms');
		expect(refundCalls()).toHaveLength(0);
	});

	test.each([
		['the payment', 'Payment ID does not exist'],
		['an order', 'Order not found'],
		['an ID the node did not send', 'refund_id not found'],
	])('a "not found" about %s says nothing about refunds', async (_name, text) => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '17', text });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain(text);
		expect(refundCalls()).toHaveLength(0);
	});

	test('a card number in the unclear text is masked in the error', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '20', text: 'Card 4111 1111 1111 1111 on hold' });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('411111…1111');
		expect(JSON.stringify(result.run)).not.toContain('4111 1111 1111 1111');
	});
});

describe('an answer about another refund number', () => {
	test('the question about the made-up number answered with the real number\'s answer (a caching proxy): the item stops', async () => {
		// The check runs normally (and is kept); from then on the path's last answer is replayed.
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'stale', after: 1 });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('naming refund_number "SHOP-1"');
		expect(refundCalls()).toHaveLength(0);
	});
});

describe('the override (No-Such-Refund Codes)', () => {
	test('a bare code the user listed (after Oceanpayment confirmed it) means "no such refund"', async () => {
		gateway.sim.admin.setRefundNotFound('results09');
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '09' });
		expect((await refund('SHOP-1', { notFoundCodes: '09' })).output[0]?.json).toMatchObject({ created: true });
	});

	test('never over a refusal, wherever its text stands', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text: 'Invalid IP', textField: 'msg' });
		const result = await refund('SHOP-1', { notFoundCodes: '05' });
		expect(result.error?.message).toContain('an IP refusal');
		expect(result.error?.message).toContain('Invalid IP');
		expect(refundCalls()).toHaveLength(0);
	});
});
