/**
 * How Refund › Create decides "no such refund" (issue 24), through real n8n execution against the
 * simulator: it works with no setting under each of the simulator's four conventions, it stops on
 * every refusal (of the check or of the question about a number that cannot exist), the override
 * never turns a refusal into "not found", and no hint asks to list a refusal's code.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type RunResult } from '../helpers/n8n';
import type { RefundNotFoundConvention } from '../helpers/gateway';
import { useRefundGateway } from '../helpers/refund-gateway';
import { startCaptureServer } from '../helpers/capture';

const gateway = useRefundGateway();

async function refund(refundNumber: string, options: IDataObject = {}, items: IDataObject[] = [{}]): Promise<RunResult> {
	const parameters: INodeParameters = { resource: 'refund', operation: 'create', paymentId: 'PAY-1', refundType: '2', amount: '10.00', description: '商品瑕疵', options: { refundNumber, retries: 0, ...options } };
	return await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials, items });
}
const queries = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/queryRefund');
const refundCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');

describe('with no setting, under every convention', () => {
	test.each<RefundNotFoundConvention>(['simulator', 'results09', 'refundResults05', 'emptySuccess'])('%s: one refund, the repeat returns it, a second number is refunded too', async (convention) => {
		gateway.sim.admin.setRefundNotFound(convention);
		const made = await refund('SHOP-1');
		expect(made.error).toBeUndefined();
		expect(made.output[0].json).toMatchObject({ created: true, alreadyExisted: false, refundNumber: 'SHOP-1' });
		// The check, then the question about a number that cannot exist (once per execution).
		expect(queries().map((entry) => String(entry.fields.refund_number))).toEqual(['SHOP-1', expect.stringMatching(/^N8NX[A-Z0-9]{28}$/)]);
		const again = await refund('SHOP-1');
		expect(again.output[0].json).toMatchObject({ created: false, alreadyExisted: true, refundId: made.output[0].json.refundId });
		expect((await refund('SHOP-2')).output[0].json).toMatchObject({ created: true });
		expect(gateway.sim.admin.getRefunds().map((made) => made.refund_number)).toEqual(['SHOP-1', 'SHOP-2']);
	});

	test('a full refund decided by amount, run twice: the repeat returns it (the check comes before the refundable amount, which is 0 then)', async () => {
		const byAmount = { resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'ORD-1', refundType: 'byAmount', amount: '50.00', description: '全额退款', options: { refundNumber: 'FULL-1' } };
		const run = async () => await runNode({ node: { type: 'oceanpayment', parameters: byAmount }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: gateway.credentials });
		expect((await run()).output[0].json).toMatchObject({ created: true, refundType: 'full' });
		const again = await run();
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toMatchObject({ created: false, alreadyExisted: true, matchedOn: ['refundNumber', 'paymentId', 'orderNumber', 'amount', 'currency'] });
		expect(refundCalls()).toHaveLength(1);
	});

	test('the answer for a number that cannot exist is asked once per execution, for all items', async () => {
		const result = await refund('={{ $json.number }}', {}, [{ number: 'A-1' }, { number: 'A-2' }, { number: 'A-3' }]);
		expect(result.output.map((item) => item.json.created)).toEqual([true, true, true]);
		expect(queries()).toHaveLength(4);
	});
});

describe('a refusal is never "no such refund"', () => {
	const REFUSALS: Array<[string, IDataObject]> = [
		['05 Account error', { mode: 'reject', code: '05', text: 'Account error' }],
		['05 Invalid IP', { mode: 'reject', code: '05', text: 'Invalid IP' }],
		['05 signValue error', { mode: 'reject', code: '05', text: 'signValue error' }],
		['09 Invalid terminal', { mode: 'reject', code: '09', text: 'Invalid terminal' }],
		['System busy (99)', { mode: 'busy' }],
		['04 without a text', { mode: 'reject', code: '04' }],
		['10 Required parameters incomplete: refund_id', { mode: 'reject', code: '10', text: 'Required parameters incomplete: refund_id' }],
		['07 系统错误', { mode: 'reject', code: '07', text: '系统错误' }],
	];

	test.each(REFUSALS)('the check answers %s: the item stops, nothing is sent, the hint does not ask to list the code', async (_name, fault) => {
		gateway.sim.admin.setFault('/service/queryRefund', fault);
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('Refund › Create (check for an existing refund): the gateway refused the check with code');
		expect(result.error?.description).not.toContain('No-Such-Refund Codes');
		expect(refundCalls()).toHaveLength(0);
	});

	test.each(REFUSALS)('only the question about a number that cannot exist answers %s: the item stops, nothing is sent', async (_name, fault) => {
		gateway.sim.admin.setFault('/service/queryRefund', { ...fault, after: 1 });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain('(check for an existing refund: the answer for a refund number that cannot exist): the gateway refused even the question');
		expect(result.error?.description).not.toContain('No-Such-Refund Codes');
		expect(refundCalls()).toHaveLength(0);
		// Nothing learned from a refusal: the next execution asks again, and then refunds.
		gateway.sim.admin.clearFaults();
		expect((await refund('SHOP-1')).output[0]?.json).toMatchObject({ created: true });
	});

	test('the override lists 05: "05 Account error" still stops the item', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text: 'Account error' });
		const result = await refund('SHOP-1', { notFoundCodes: '05' });
		expect(result.error?.message).toContain('an account or terminal refusal');
		expect(refundCalls()).toHaveLength(0);
	});

	test('the override decides without the question about a number that cannot exist; another code stops, naming the list', async () => {
		gateway.sim.admin.setRefundNotFound('results09');
		expect((await refund('SHOP-1', { notFoundCodes: '09' })).output[0].json).toMatchObject({ created: true });
		expect(queries()).toHaveLength(1);
		const other = await refund('SHOP-2', { notFoundCodes: '05' });
		expect(other.error?.message).toContain('which is not one of the No-Such-Refund Codes (05)');
		expect(refundCalls()).toHaveLength(1);
	});

	test('an answer that differs from the learned one stops the item, naming both', async () => {
		gateway.sim.admin.setFault('/service/queryRefund', { mode: 'wrongCode', times: 1 });
		const result = await refund('SHOP-1');
		expect(result.error?.message).toContain(
			'the gateway answered refund_results 98 "Refund does not exist" with the fields refund_description, refund_number, refund_results, not what it answers for a refund number that cannot exist (refund_results 05 "Refund does not exist"',
		);
		expect(refundCalls()).toHaveLength(0);
	});

	test('a gateway that answers every number with a refund (echoing the number) does not look refunds up by number: the item stops', async () => {
		const scripted = await startCaptureServer();
		scripted.reply((request) => {
			const number = new URLSearchParams(request.body).get('refund_number') ?? '';
			return {
				body: `<?xml version="1.0" encoding="UTF-8"?><response><refund_results>00</refund_results><refund_id>260315120000000001</refund_id><refund_number>${number}</refund_number><payment_id>PAY-1</payment_id><refund_amount>10.00</refund_amount></response>`,
			};
		});
		try {
			const parameters: INodeParameters = { resource: 'refund', operation: 'create', paymentId: 'PAY-1', refundType: '2', amount: '10.00', description: 'x', options: { refundNumber: 'SHOP-1' } };
			const result = await runNode({
				node: { type: 'oceanpayment', parameters },
				nodeTypes: { oceanpayment: new Oceanpayment() },
				credentials: { ...gateway.credentials, queryBaseUrl: scripted.url, gatewayBaseUrl: scripted.url, checkoutBaseUrl: scripted.url },
			});
			expect(result.output).toHaveLength(0);
			expect(result.error?.message).toContain('which no refund has, so it does not look refunds up by refund number');
			expect(scripted.requests.filter((request) => request.path === '/service/applyRefund')).toHaveLength(0);
		} finally {
			await scripted.close();
		}
	});
});
