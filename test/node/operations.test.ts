/**
 * Every operation end to end: real n8n execution, the credential's real signing, real HTTP to
 * the simulator. One success path and at least one gateway rejection per operation.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT, startGateway, type Simulator } from '../helpers/gateway';

let sim: Simulator;
let credentials: CredentialData;
beforeAll(async () => ({ sim, credentials } = await startGateway()));
afterAll(async () => sim.close());
beforeEach(() => {
	sim.admin.reset();
});

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: 'continueErrorOutput'): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters, onError },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials,
		items,
	});
}

const ago = (hours: number) => DateTime.now().minus({ hours }).toISO();
const range = { startDate: ago(48), endDate: ago(-1) };
const json = (result: RunResult) => result.output.map((item) => item.json);

function expectRejected(result: RunResult, text: string) {
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toContain(text);
}

describe('Order', () => {
	test('Get Status: simplified statuses, ISO times, several numbers in one call', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001, SIM-1003,SIM-1006' });
		expect(result.error).toBeUndefined();
		const [paid, failed, pending] = json(result);
		expect(paid).toMatchObject({ orderNumber: 'SIM-1001', paymentId: '260101000000000001001', paymentStatus: 'success', amount: '25.00', currency: 'USD' });
		expect(paid.paymentDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+08:00$/);
		expect(String(paid.paymentDateTime).slice(0, 19).replace('T', ' ')).toBe(paid.paymentDateTimeRaw);
		expect(failed).toMatchObject({ orderNumber: 'SIM-1003', paymentStatus: 'failed', paymentDetailsCode: '89999', paymentDetailsText: 'Declined' });
		expect(pending).toMatchObject({ orderNumber: 'SIM-1006', paymentStatus: 'pending' });
		expect(sim.admin.getLog()).toHaveLength(1);
	});

	test('Get Status: raw output keeps every gateway field', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001', simplify: false });
		expect(json(result)[0]).toMatchObject({ order_number: 'SIM-1001', payment_results: '1', refund_status: '0', networkToken: { create_status: '0', recurring_type: '' } });
		expect(json(result)[0].signValue).toBeUndefined();
	});

	test('Get Status: a gateway rejection (wrong secure code) is a NodeApiError naming the cause', async () => {
		const result = await runNode({
			node: { type: 'oceanpayment', parameters: { resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001' } },
			nodeTypes: { oceanpayment: new Oceanpayment() },
			credentials: { ...credentials, secureCode: 'wrong-code' },
			items: [{}],
		});
		expectRejected(result, 'Oceanpayment rejected Order › Get Status: signValue error (code 04)');
		expect(result.error?.description).toContain('Secure Code');
	});

	test('Get Many Successful: each record its own item; rejection on an injected wrong code', async () => {
		const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true });
		expect(json(result).map((r) => r.orderNumber).sort()).toEqual(['SIM-1001', 'SIM-1002', 'SIM-1004', 'SIM-1005']);
		expect(json(result)[0]).toEqual(expect.objectContaining({ paymentId: expect.any(String), paymentDateTime: expect.stringContaining('+08:00') }));
		sim.admin.setFault('/service/QueryOrdersList', { mode: 'wrongCode' });
		expectRejected(await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true }), '(code 98)');
	});

	test('Get Many Business Events: date type, page size and the event fields', async () => {
		sim.admin.addBusinessEvent({ type: 'fraud', order_number: 'B-1', payment_id: 'B1', amount: '5.00', payment_cpdTime: ago(2), details: 'TC40' });
		const byException = await run({ resource: 'order', operation: 'getManyBusinessEvents', ...range, dateType: '2', returnAll: true, options: { pageSize: 50 } });
		expect(json(byException)).toEqual([expect.objectContaining({ eventType: 'fraud', paymentId: 'B1', eventAmount: '5.00', details: 'TC40' })]);
		expect(sim.admin.getLog()[0].fields).toMatchObject({ date_type: '2', count: '50', pages: '1' });
		const byReview = await run({ resource: 'order', operation: 'getManyBusinessEvents', ...range, returnAll: true });
		expect(json(byReview).map((r) => r.eventType).sort()).toEqual(['chargeBack', 'fraud']);
		expect(sim.admin.getLog()[1].fields.count).toBeUndefined();
	});

	test('Get Many Business Events: rejection', async () => {
		sim.admin.setFault('/service/BusinessOrdersList', { mode: 'wrongCode' });
		expectRejected(await run({ resource: 'order', operation: 'getManyBusinessEvents', ...range, returnAll: true }), 'Business Events');
	});

	test('Get Many Disputes: filters and the reply deadline as ISO', async () => {
		sim.admin.addDispute({ order_number: 'K-9', payment_id: 'K9', notice_type: 'disputes-period', reply_deadline: '2026-12-01 23:59:59.0' });
		const result = await run({ resource: 'order', operation: 'getManyDisputes', ...range, disputeType: 'disputes-period', returnAll: true, options: { orderNumber: 'K-9' } });
		expect(json(result)).toEqual([
			expect.objectContaining({ paymentId: 'K9', disputeType: 'disputes-period', replyDeadline: '2026-12-01T23:59:59.000+08:00', replyDeadlineRaw: '2026-12-01 23:59:59.0' }),
		]);
		expect(sim.admin.getLog()[0].fields).toMatchObject({ notice_type: 'disputes-period', order_number: 'K-9' });
		sim.admin.setFault('/service/DisputeOrderList', { mode: 'wrongCode' });
		expectRejected(await run({ resource: 'order', operation: 'getManyDisputes', ...range, returnAll: true }), 'Disputes');
	});
});

describe('Refund', () => {
	const create = (extra: INodeParameters = {}) =>
		run({ resource: 'refund', operation: 'create', paymentId: '260101000000000001001', refundType: '2', amount: '5.00', description: '商品瑕疵', ...extra });

	test('Create: a partial refund with a Chinese description', async () => {
		const result = await create({ options: { refundNumber: 'SHOP-R-1', refundReference: 'shopify-77' } });
		expect(result.error).toBeUndefined();
		expect(json(result)[0]).toMatchObject({ created: true, alreadyExisted: false, refundType: 'partial', amount: '5.00', refundNumber: 'SHOP-R-1', currency: 'USD', description: '商品瑕疵' });
		expect(json(result)[0].refundId).toMatch(/^\d+$/);
		const [refund] = sim.admin.getRefunds();
		expect(refund).toMatchObject({ refund_description: '商品瑕疵', refund_reference: 'shopify-77', refund_amount: '5.00' });
		// The check for an existing refund number, the question about a number that cannot exist
		// (how the gateway says "no such refund"), and the refund itself.
		const log = sim.admin.getLog();
		expect(log.map((e) => e.path)).toEqual(['/service/queryRefund', '/service/queryRefund', '/service/applyRefund']);
		expect(log[0].fields.refund_number).toBe('SHOP-R-1');
		expect(String(log[1].fields.refund_number)).toMatch(/^N8NX[A-Z0-9]{28}$/);
	});

	test('Create: refunding more than was paid is rejected with the gateway message', async () => {
		const result = await create({ amount: '30.00' });
		expectRejected(result, 'Oceanpayment rejected Refund › Create: Refund amount exceeds the refundable amount (25.00 USD) (code 21)');
		expect(sim.admin.getRefunds()).toHaveLength(0);
	});

	test('Get: by refund ID and by refund number; unknown refund rejected', async () => {
		await create({ options: { refundNumber: 'SHOP-R-2' } });
		const [made] = sim.admin.getRefunds();
		const byId = await run({ resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId: String(made.refund_id) });
		expect(json(byId)[0]).toMatchObject({ refundId: made.refund_id, refundNumber: 'SHOP-R-2', amount: '5.00', status: '1', refundDateTime: expect.stringContaining('+08:00') });
		const byNumber = await run({ resource: 'refund', operation: 'get', lookupBy: 'refundNumber', refundNumber: 'SHOP-R-2' });
		expect(json(byNumber)[0].refundId).toBe(made.refund_id);
		expectRejected(await run({ resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId: '404' }), 'Refund does not exist (code 05)');
	});
});

describe('Pre-Authorization', () => {
	test('Capture with an amount, then a second capture is rejected', async () => {
		const first = await run({ resource: 'preAuthorization', operation: 'capture', paymentId: '260101000000000001004', options: { amount: '40.00' } });
		expect(json(first)[0]).toMatchObject({ action: 'capture', success: true, paymentId: '260101000000000001004', amount: '40.00' });
		expect(sim.admin.getOrder('260101000000000001004')?.auth_status).toBe('2');
		expectRejected(
			await run({ resource: 'preAuthorization', operation: 'capture', paymentId: '260101000000000001004' }),
			'Order is not a pending pre-authorization',
		);
	});

	test('Void, and void of a sale rejected', async () => {
		const voided = await run({ resource: 'preAuthorization', operation: 'void', paymentId: '260101000000000001004' });
		expect(json(voided)[0]).toMatchObject({ action: 'void', success: true });
		expectRejected(await run({ resource: 'preAuthorization', operation: 'void', paymentId: '260101000000000001001' }), 'Order is not a pending pre-authorization (code 0, detail 20004)');
	});

	test('Reverse an offline WeChat Pay order; a card order is rejected', async () => {
		const reversed = await run({ resource: 'preAuthorization', operation: 'reverse', orderNumber: 'SIM-1005' });
		expect(json(reversed)[0]).toMatchObject({ action: 'reverse', success: true, orderNumber: 'SIM-1005' });
		expect(sim.admin.getLog()[0].fields).toMatchObject({ order_number: 'SIM-1005', payment_authType: '3' });
		expectRejected(await run({ resource: 'preAuthorization', operation: 'reverse', orderNumber: 'SIM-1001' }), '(code 0, detail 20005)');
	});
});

describe('Tracking, Customs, Account, Card BIN', () => {
	const tracking = { resource: 'tracking', operation: 'upload', trackingNumbers: '1Z999AA1, 1Z999AA2', trackingSite: 'https://www.ups.com', handler: 'n8n' };

	test('Tracking Upload by order number; an unknown payment is rejected with the translated code', async () => {
		const result = await run({ ...tracking, identifyBy: 'orderNumber', orderNumber: 'SIM-1001' });
		expect(json(result)[0]).toMatchObject({ success: true, code: '01', trackingNumbers: ['1Z999AA1', '1Z999AA2'], paymentId: '260101000000000001001' });
		expect(sim.admin.getOrder('SIM-1001')?.tracking).toEqual({ number: '1Z999AA1,1Z999AA2', site: 'https://www.ups.com', handler: 'n8n' });
		expectRejected(await run({ ...tracking, identifyBy: 'paymentId', paymentId: '999' }), 'Payment ID does not exist (code 17)');
	});

	const customs = { paymentId: '260101000000000001005', customs: '01', customsNumber: 'C-1', customsName: 'Example Trading', payerIdNumber: '110101199001011234', payerName: '张三' };

	test('Customs Submit, a second Submit rejected, Resubmit accepted', async () => {
		const first = await run({ resource: 'customs', operation: 'submit', ...customs, options: { price: '80.00', shippingFee: '8.00', totalAmount: '88.00' } });
		expect(json(first)[0]).toMatchObject({ success: true, type: 'submit', paymentId: '260101000000000001005' });
		expect(sim.admin.getLog()[0].fields).toMatchObject({ type: '1', pay_userName: '张三', total_amount: '88.00' });
		expectRejected(await run({ resource: 'customs', operation: 'submit', ...customs }), 'resubmit with type 2');
		expect(json(await run({ resource: 'customs', operation: 'resubmit', ...customs }))[0]).toMatchObject({ success: true, type: 'resubmit' });
	});

	test('Health Check: passes the answer along; a wrong secure code is rejected', async () => {
		const result = await run({ resource: 'account', operation: 'healthCheck', site: 'shop.example.com' });
		expect(json(result)[0]).toMatchObject({ healthy: true, code: '000', response: { data: { siteMatched: true } } });
		const wrong = await runNode({
			node: { type: 'oceanpayment', parameters: { resource: 'account', operation: 'healthCheck', site: 'shop.example.com' } },
			nodeTypes: { oceanpayment: new Oceanpayment() },
			credentials: { ...credentials, secureCode: 'not-it' },
			items: [{}],
		});
		expectRejected(wrong, 'Invalid account, terminal or secureCode (code 401)');
	});

	test('Card BIN Lookup: one item per BIN, found and not found; rejection on a wrong code', async () => {
		const result = await run({ resource: 'cardBin', operation: 'lookup', bins: '411111,999999' });
		expect(json(result)).toEqual([
			expect.objectContaining({ cardBin: '411111', found: true, card_brand: 'VISA' }),
			expect.objectContaining({ cardBin: '999999', found: false }),
		]);
		sim.admin.setFault('/pinc/check-card-bin', { mode: 'wrongCode' });
		expectRejected(await run({ resource: 'cardBin', operation: 'lookup', bins: '411111' }), '(code 98)');
	});
});

describe('Continue On Fail', () => {
	test('a rejected item goes to the error output with its pairing; the others go on', async () => {
		const result = await run(
			{ resource: 'refund', operation: 'create', paymentId: '={{ $json.payment }}', refundType: '2', amount: '={{ $json.amount }}', description: 'x' },
			[
				{ payment: '260101000000000001001', amount: '1.00' },
				{ payment: '260101000000000001001', amount: '99.00' },
				{ payment: '260101000000000001002', amount: '2.00' },
			],
			'continueErrorOutput',
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.errorOutput).toHaveLength(1);
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(result.errorOutput[0].json.error).toContain('Refund amount exceeds the refundable amount');
		expect(sim.admin.getRefunds()).toHaveLength(2);
	});
});

test('the seed merchant secure code is what the credential uses', () => expect(credentials.secureCode).toBe(SEED_MERCHANT.secureCode));
