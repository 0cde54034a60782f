/**
 * The review's defects (issue "Correctness first"), each reproduced through real n8n execution
 * against the simulator: refunds that fail closed, refunds by order number, unusable answers,
 * parsing edge cases, redirects. Every test here failed on the code before the fix.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';
import { startCaptureServer } from '../helpers/capture';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway({ seed: { merchants: [SEED_MERCHANT] } })));
afterAll(async () => sim.close());
beforeEach(() => sim.admin.reset());

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: 'continueErrorOutput'): Promise<RunResult> {
	return await runNode({ node: { type: 'oceanpayment', parameters, onError }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials, items });
}

const callsTo = (path: string) => sim.admin.getLog().filter((entry) => entry.path === path);
const json = (result: RunResult) => result.output.map((item) => item.json);

describe('safe refunds fail closed', () => {
	const refund = (paymentId: string, amount: string, refundNumber = 'shopify-undefined', extra: IDataObject = {}) =>
		run({ resource: 'refund', operation: 'create', paymentId, refundType: '2', amount, description: 'Damaged', options: { refundNumber, ...extra } });

	beforeEach(() => {
		sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00' });
		sim.admin.addOrder({ order_number: 'ORD-2', payment_id: 'PAY-2', order_amount: '80.00' });
	});

	test('a refund is made; the next check answers code 98 with the refund in it: the same input again stops with the answer named, no second refund', async () => {
		expect((await refund('PAY-1', '5.00')).error).toBeUndefined();
		sim.admin.setFault('/service/queryRefund', { mode: 'wrongCode' });
		const again = await refund('PAY-1', '5.00');
		expect(again.error?.message).toBe('Refund › Create (check for an existing refund): the gateway answered code 98 ("Damaged") with refund details in it. No refund was sent');
		expect(again.error?.description).toContain('Refund › Get');
		expect(sim.admin.getRefunds()).toHaveLength(1);
	});

	test.each([
		['the system is busy', { mode: 'busy' }, 'code 99 ("System busy, please try again later")'],
		// Only the check itself: the question about a number that cannot exist is answered 05 as usual.
		['an unknown code on a success-shaped answer', { mode: 'wrongCode', times: 1 }, 'refund_results 98'],
		['an empty answer', { mode: 'emptyResponse' }, 'without a result code'],
		['a proxy page at HTTP 200', { mode: 'xhtml' }, 'HTML page instead of XML'],
		['an HTTP error', { mode: 'http503' }, 'HTTP 503'],
	])('the check answers with %s: error, no refund sent', async (_name, fault, text) => {
		sim.admin.setFault('/service/queryRefund', fault);
		const result = await refund('PAY-1', '5.00', 'R-FAULT', { retries: 0 });
		expect(result.error?.message).toContain('(check for an existing refund)');
		expect(result.error?.message).toContain(text);
		expect(callsTo('/service/applyRefund')).toHaveLength(0);
		expect(sim.admin.getRefunds()).toHaveLength(0);
	}, 15000);

	test('the check rejected for its signature (the gateway signs the refund query differently): error, no refund sent', async () => {
		sim.admin.setSignRule('/service/queryRefund', ['refund_id']);
		const result = await refund('PAY-1', '5.00', 'R-SIGN');
		expect(result.error?.message).toContain('code 04 ("signValue error")');
		expect(sim.admin.getRefunds()).toHaveLength(0);
	});

	test('a confirmed "no such refund" (learned from the gateway by default, or the codes the option lists) lets the refund through', async () => {
		expect(json(await refund('PAY-1', '5.00', 'R-NEW'))[0]).toMatchObject({ created: true, alreadyExisted: false, paymentId: 'PAY-1', identifiedBy: 'paymentId' });
		sim.admin.setFault('/service/queryRefund', { mode: 'wrongCode' });
		expect(json(await refund('PAY-1', '1.00', 'R-NEW-2', { notFoundCodes: '05, 98' }))[0]).toMatchObject({ created: true });
		expect(sim.admin.getRefunds()).toHaveLength(2);
	});

	test("the number holds another payment's refund: error naming that refund, nothing refunded", async () => {
		expect((await refund('PAY-1', '5.00')).error).toBeUndefined();
		const other = await refund('PAY-2', '30.00');
		const [made] = sim.admin.getRefunds();
		expect(other.error?.message).toBe(
			`Refund › Create: refund number "shopify-undefined" already belongs to refund ${String(made.refund_id)} with payment PAY-1, not PAY-2, amount 5.00, not 30.00. No refund was sent [item 0]`,
		);
		expect(other.output).toHaveLength(0);
		expect(sim.admin.getRefunds()).toHaveLength(1);
	});

	test('the same payment with another amount is refused too; the same payment and amount (written differently) is the safe repeat', async () => {
		await refund('PAY-1', '5.00');
		expect((await refund('PAY-1', '6.00')).error?.message).toContain('already belongs to refund');
		const repeat = await refund('PAY-1', '5');
		expect(repeat.error).toBeUndefined();
		expect(json(repeat)[0]).toMatchObject({ alreadyExisted: true, created: false, paymentId: 'PAY-1', amount: '5.00' });
		expect(sim.admin.getRefunds()).toHaveLength(1);
	});
});

describe('refund, capture and void by order number', () => {
	const byOrder = (orderNumber: string, extra: INodeParameters = {}) =>
		run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber, refundType: '2', amount: '5.00', description: 'Damaged', ...extra });

	test('an order with a failed attempt and a successful payment refunds the successful one and names it', async () => {
		sim.admin.addOrder({ order_number: 'SHOP-1', payment_id: 'FAILED-1', payment_results: '0', order_amount: '20.00' });
		sim.admin.addOrder({ order_number: 'SHOP-1', payment_id: 'PAID-1', payment_results: '1', order_amount: '20.00' });
		const result = await byOrder('SHOP-1', { options: { refundNumber: 'shopify-501' } });
		expect(result.error).toBeUndefined();
		expect(json(result)[0]).toMatchObject({ created: true, paymentId: 'PAID-1', orderNumber: 'SHOP-1', identifiedBy: 'orderNumber', refundNumber: 'shopify-501' });
		expect(sim.admin.getRefunds().map((made) => made.payment_id)).toEqual(['PAID-1']);
		// The refund-number check still applies: the repeat finds the refund.
		expect(json(await byOrder('SHOP-1', { options: { refundNumber: 'shopify-501' } }))[0]).toMatchObject({ alreadyExisted: true, paymentId: 'PAID-1' });
		expect(sim.admin.getRefunds()).toHaveLength(1);
	});

	test('no payment: error with the gateway text, nothing sent', async () => {
		const result = await byOrder('NO-SUCH-ORDER');
		expect(result.error?.message).toBe('Refund › Create: the gateway found no payment for order number "NO-SUCH-ORDER" ("80001:Order does not exist") [item 0]');
		expect(result.error?.description).toContain('Enter the Payment ID');
		expect(callsTo('/service/applyRefund')).toHaveLength(0);
	});

	test('two successful payments: error listing both, nothing sent', async () => {
		sim.admin.addOrder({ order_number: 'TWICE', payment_id: 'TW-1', order_amount: '10.00' });
		sim.admin.addOrder({ order_number: 'TWICE', payment_id: 'TW-2', order_amount: '12.00' });
		const result = await byOrder('TWICE');
		expect(result.error?.message).toContain('order number "TWICE" has 2 successful payments; its payments are ');
		expect(result.error?.message).toContain('TW-1 (success, 10.00 USD');
		expect(result.error?.message).toContain('TW-2 (success, 12.00 USD');
		expect(callsTo('/service/applyRefund')).toHaveLength(0);
	});

	test('only failed payments: error listing them', async () => {
		sim.admin.addOrder({ order_number: 'DECLINED', payment_id: 'DEC-1', payment_results: '0', order_amount: '12.00' });
		const result = await byOrder('DECLINED');
		expect(result.error?.message).toContain('order number "DECLINED" has no successful payment; its payments are DEC-1 (failed, 12.00 USD');
	});

	test('Refund Type "Full or Partial by Amount": full for the whole amount, partial for less, error for more; needs an order number', async () => {
		sim.admin.addOrder({ order_number: 'AUTO-1', payment_id: 'AUTO-PAY-1', order_amount: '20.00' });
		sim.admin.addOrder({ order_number: 'AUTO-2', payment_id: 'AUTO-PAY-2', order_amount: '20.00' });
		expect((await byOrder('AUTO-1', { refundType: 'byAmount', amount: '20' })).error).toBeUndefined();
		expect((await byOrder('AUTO-2', { refundType: 'byAmount', amount: '7.50' })).error).toBeUndefined();
		expect(callsTo('/service/applyRefund').map((call) => [call.fields.payment_id, call.fields.refund_type])).toEqual([
			['AUTO-PAY-1', '1'],
			['AUTO-PAY-2', '2'],
		]);
		// 7.50 of its 20.00 is refunded already.
		const tooMuch = await byOrder('AUTO-2', { refundType: 'byAmount', amount: '12.51' });
		expect(tooMuch.error?.message).toBe('Amount: 12.51 is more than the 12.50 USD still refundable on the payment [item 0]');
		const byId = await run({ resource: 'refund', operation: 'create', paymentId: 'AUTO-PAY-2', refundType: 'byAmount', amount: '1.00', description: 'Damaged' });
		expect(byId.error?.message).toContain('Refund Type: "Full or Partial by Amount" needs the payment\'s amount');
		expect(callsTo('/service/applyRefund')).toHaveLength(2);
	});

	test('capture and void by order number use the one pre-authorization awaiting capture', async () => {
		sim.admin.addOrder({ order_number: 'SIM-1004', payment_id: '260101000000000001004', order_amount: '40.00', auth_type: 'pre-auth' });
		const capture = await run({ resource: 'preAuthorization', operation: 'capture', identifyBy: 'orderNumber', orderNumber: 'SIM-1004' });
		expect(json(capture)[0]).toMatchObject({ action: 'capture', success: true, paymentId: '260101000000000001004', identifiedBy: 'orderNumber' });
		// Captured now: nothing is left to void.
		const voided = await run({ resource: 'preAuthorization', operation: 'void', identifyBy: 'orderNumber', orderNumber: 'SIM-1004' });
		expect(voided.error?.message).toContain('order number "SIM-1004" has no pre-authorized payment awaiting capture (auth_status 1); its payments are 260101000000000001004 (success, 40.00 USD, auth_status 2)');
		expect(callsTo('/gateway/service/auth')).toHaveLength(1);
	});
});

describe('Get Status: an unusable answer is an error, not "no payments"', () => {
	test.each([
		['an XHTML "access denied" page at HTTP 200', 'xhtml', 'HTML page instead of XML'],
		['<response></response>', 'emptyResponse', 'without records or a result code'],
		['<paymentInfo/> alone', 'emptyList', 'without records or a result code'],
	])('%s', async (_name, mode, text) => {
		sim.admin.setFault('/service/check/normal', { mode });
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001,SIM-1003', options: { retries: 0 } }, [{}], 'continueErrorOutput');
		expect(result.output).toHaveLength(0);
		expect(result.errorOutput.map((item) => item.json.error)).toEqual([expect.stringContaining(text)]);
	});

	test("an unknown order keeps the gateway's own message and code", async () => {
		const [item] = json(await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'NOPE-1' }));
		expect(item).toEqual({ orderNumber: 'NOPE-1', paymentId: '', found: false, paymentStatus: 'not_found', message: 'Order does not exist', gatewayCode: '80001' });
	});
});

describe('parsing', () => {
	const range = { startDate: DateTime.now().minus({ days: 2 }).toISO(), endDate: DateTime.now().toISO(), returnAll: true };

	test('an empty list written as one empty element gives no record', async () => {
		sim.admin.setFault('/service/QueryOrdersList', { mode: 'emptyList' });
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(0);
	});

	test('numeric character references are decoded (Café 中)', async () => {
		sim.admin.addOrder({ order_number: 'NCR-1', payment_id: 'NCR-PAY', order_notes: 'Café 中 😀 &amp; <b>' });
		sim.admin.setFault('/service/check/normal', { mode: 'numericEntities' });
		const [item] = json(await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'NCR-1' }));
		expect(item.notes).toBe('Café 中 😀 &amp; <b>');
	});
});

describe('redirects are never followed', () => {
	test.each([
		['a signed form call (Get Status)', { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001', options: { retries: 0 } }],
		['a call with the Secure Code header (Card BIN)', { resource: 'cardBin', operation: 'lookup', bins: '411111', options: { retries: 0 } }],
		['a refund', { resource: 'refund', operation: 'create', paymentId: '260101000000000001001', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } }],
	])('%s: an error naming where it pointed, nothing sent there', async (_name, parameters) => {
		const elsewhere = await startCaptureServer();
		try {
			sim.admin.setFault('*', { mode: 'redirect', location: `${elsewhere.url}/collect` });
			const result = await run(parameters as INodeParameters);
			expect(result.error?.message).toContain(`redirect (HTTP 307) to "${elsewhere.url}/collect", which is not followed`);
			expect(result.error?.description).toContain('Nothing was sent to the new address');
			expect(elsewhere.requests).toHaveLength(0);
		} finally {
			await elsewhere.close();
		}
	});
});
