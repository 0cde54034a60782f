/**
 * Issue 29 in the node: a credential with a 3-D Secure terminal. Reads ask Main, 3-D Secure or
 * Both (merged, each item with its terminal, Limit and batching across both); writes go to the
 * terminal the payment belongs to, and a payment on both stops the item. Real n8n-core execution
 * against the simulator, whose second terminal has its own secure code and orders.
 */
import { fc, test } from '@fast-check/jest';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

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

async function run(parameters: INodeParameters, options: { credentials?: CredentialData; items?: IDataObject[]; onError?: 'continueErrorOutput'; typeVersion?: number } = {}): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters, onError: options.onError, typeVersion: options.typeVersion },
		nodeTypes: { oceanpayment: new Oceanpayment() },
		credentials: options.credentials ?? both,
		items: options.items,
	});
}

const calls = (path: string) => sim.admin.getLog().filter((entry) => entry.path === path);
const terminalsCalled = (path: string) => calls(path).map((entry) => String(entry.fields.terminal));
const errorOf = (result: RunResult) => `${result.error?.message ?? ''} ${(result.error as { description?: string } | undefined)?.description ?? ''}`;

describe('reads', () => {
	test('Get Status, Both: one call per terminal, each item with its terminal, not-found names both', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001,SIM-3D-2001,NOPE', options: { terminal: 'both' } });
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => [item.json.orderNumber, item.json.found, item.json.terminal])).toEqual([
			['SIM-1001', true, MAIN],
			['SIM-3D-2001', true, THREE_D],
			['NOPE', false, `${MAIN},${THREE_D}`],
		]);
		expect(terminalsCalled('/service/check/normal')).toEqual([MAIN, THREE_D]);
		expect(calls('/service/check/normal').every((entry) => entry.signature === 'valid')).toBe(true);
	});

	test('Get Status, default (Main) with two terminals: only the main terminal is asked, items say so', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-3D-2001' });
		expect(result.output[0].json).toMatchObject({ found: false, terminal: MAIN });
		expect(terminalsCalled('/service/check/normal')).toEqual([MAIN]);
	});

	test('Get Status, 3-D Secure: only that terminal, signed with its secure code', async () => {
		const result = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-3D-2001', options: { terminal: 'threeDSecure' } });
		expect(result.output[0].json).toMatchObject({ found: true, paymentId: '260101000000000002001', terminal: THREE_D });
		expect(calls('/service/check/normal').map((entry) => [entry.fields.terminal, entry.signature])).toEqual([[THREE_D, 'valid']]);
	});

	test('a credential without the 3-D pair: items carry no terminal; asking for 3-D Secure fails before any call, naming the field', async () => {
		const plain = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001' }, { credentials: single });
		expect(plain.output[0].json).not.toHaveProperty('terminal');
		sim.admin.clearLog();
		const asked = await run({ resource: 'order', operation: 'getStatus', orderNumbers: 'SIM-1001', options: { terminal: 'threeDSecure' } }, { credentials: single });
		expect(errorOf(asked)).toContain('Terminal');
		expect(errorOf(asked)).toContain('the credential has no 3-D Secure Terminal');
		expect(sim.admin.getLog()).toEqual([]);
	});

	test('batched items asking different terminals never share a call', async () => {
		const result = await run(
			{ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.order }}', options: { terminal: '={{ $json.terminal }}' } },
			{ items: [{ order: 'SIM-1001', terminal: 'main' }, { order: 'SIM-3D-2001', terminal: 'threeDSecure' }, { order: 'SIM-1002', terminal: 'main' }] },
		);
		expect(result.output.map((item) => [item.pairedItem, item.json.found, item.json.terminal])).toEqual([
			[{ item: 0 }, true, MAIN],
			[{ item: 1 }, true, THREE_D],
			[{ item: 2 }, true, MAIN],
		]);
		expect(calls('/service/check/normal').map((entry) => [entry.fields.terminal, entry.fields.order_number])).toEqual([
			[MAIN, 'SIM-1001,SIM-1002'],
			[THREE_D, 'SIM-3D-2001'],
		]);
	});

	describe('lists', () => {
		// Up to 5 hours ago: the seed's orders (made now) stay out.
		const range = { startDate: DateTime.now().minus({ days: 2 }).toISO(), endDate: DateTime.now().minus({ hours: 5 }).toISO() };
		beforeEach(() => {
			for (let i = 0; i < 12; i++) {
				const terminal = i % 3 === 0 ? THREE_D : '';
				sim.admin.addOrder({ order_number: `L-${String(i).padStart(2, '0')}`, terminal, payment_dateTime: DateTime.now().minus({ hours: 30 - i }).toISO() });
			}
		});

		test('Get Many Successful, Both, Return All: every order once, in time order, with its terminal', async () => {
			const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: true, options: { terminal: 'both' } });
			expect(result.output.map((item) => [item.json.orderNumber, item.json.terminal])).toEqual(
				Array.from({ length: 12 }, (_, i) => [`L-${String(i).padStart(2, '0')}`, i % 3 === 0 ? THREE_D : MAIN]),
			);
			expect(new Set(terminalsCalled('/service/QueryOrdersList'))).toEqual(new Set([MAIN, THREE_D]));
		});

		test('Limit holds across both terminals', async () => {
			const result = await run({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: false, limit: 5, options: { terminal: 'both' } });
			expect(result.output.map((item) => item.json.orderNumber)).toEqual(['L-00', 'L-01', 'L-02', 'L-03', 'L-04']);
			expect(result.output.map((item) => item.json.terminal)).toEqual([THREE_D, MAIN, MAIN, THREE_D, MAIN]);
		});

		test('Get Many Disputes, Both: a dispute of each terminal, each once with its terminal', async () => {
			sim.admin.addDispute({ payment_id: 'D-MAIN-1', order_number: 'DM-1', disputes_date: DateTime.now().minus({ hours: 20 }).toISO() });
			sim.admin.addDispute({ payment_id: 'D-3D-1', order_number: 'D3-1', terminal: THREE_D, disputes_date: DateTime.now().minus({ hours: 21 }).toISO() });
			const result = await run({ resource: 'order', operation: 'getManyDisputes', ...range, disputeType: '', returnAll: true, options: { terminal: 'both' } });
			expect(result.error).toBeUndefined();
			expect(result.output.map((item) => [item.json.paymentId, item.json.terminal])).toEqual([
				['D-3D-1', THREE_D],
				['D-MAIN-1', MAIN],
			]);
		});

		test('Get Many Business Events, Both: a refund made on each terminal, each once with its terminal', async () => {
			await run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'L-00', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } });
			await run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'L-01', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } });
			const result = await run({ resource: 'order', operation: 'getManyBusinessEvents', ...range, dateType: '1', returnAll: true, options: { terminal: 'both' } });
			expect(result.error).toBeUndefined();
			const refunds = result.output.filter((item) => ['L-00', 'L-01'].includes(String(item.json.orderNumber)));
			expect(refunds.map((item) => [item.json.orderNumber, item.json.terminal]).sort()).toEqual([
				['L-00', THREE_D],
				['L-01', MAIN],
			]);
		});
	});

	test('Account › Health Check, Both: each terminal checked with its own keys in the headers', async () => {
		const result = await run({ resource: 'account', operation: 'healthCheck', site: 'shop.example.com', options: { terminal: 'both' } });
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => [item.json.healthy, item.json.terminal])).toEqual([
			[true, MAIN],
			[true, THREE_D],
		]);
		const checks = calls('/pinc/check-account');
		expect(checks.map((entry) => (entry.fields.headers as IDataObject).terminal)).toEqual([MAIN, THREE_D]);
		expect(JSON.stringify(checks)).not.toContain(SEED_THREE_D.secureCode);
	});

	test('Refund › Get, Both: the refund comes from the terminal that holds it', async () => {
		const made = await run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'SIM-3D-2001', refundType: '2', amount: '2.00', description: 'x', options: { skipExisting: false } });
		const refundId = String(made.output[0].json.refundId);
		const result = await run({ resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId, options: { terminal: 'both' } });
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => [item.json.refundId, item.json.terminal])).toEqual([[refundId, THREE_D]]);
		const none = await run({ resource: 'refund', operation: 'get', lookupBy: 'refundId', refundId: '999999', options: { terminal: 'both' } });
		expect(errorOf(none)).toContain('neither terminal (Main terminal 12345601 and 3-D Secure terminal 12345633) returned the refund');
	});
});

describe('writes go to the terminal the payment belongs to', () => {
	test('a refund by order number of a 3-D payment: looked up on both, sent to the 3-D terminal with its secure code', async () => {
		const result = await run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'SIM-3D-2001', refundType: '2', amount: '5.00', description: 'Damaged', options: { skipExisting: false } });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ created: true, paymentId: '260101000000000002001', terminal: THREE_D });
		expect(calls('/service/applyRefund').map((entry) => [entry.fields.terminal, entry.signature, entry.resultCode])).toEqual([[THREE_D, 'valid', '00']]);
		expect(sim.admin.getRefunds({ payment_id: '260101000000000002001' })).toHaveLength(1);
	});

	test('a refund by payment ID of a 3-D payment: the payment is found on its terminal first', async () => {
		const result = await run({ resource: 'refund', operation: 'create', paymentId: '260101000000000002001', refundType: '2', amount: '5.00', description: 'x', options: { skipExisting: false } });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ created: true, terminal: THREE_D });
		expect(terminalsCalled('/service/applyRefund')).toEqual([THREE_D]);
	});

	test('an order number on both terminals stops the refund before anything is sent, naming both', async () => {
		sim.admin.addOrder({ order_number: 'TWICE-1', payment_id: '260101000000000008001' });
		sim.admin.addOrder({ order_number: 'TWICE-1', terminal: THREE_D, payment_id: '260101000000000008002' });
		const result = await run({ resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'TWICE-1', refundType: '2', amount: '1.00', description: 'x' });
		expect(errorOf(result)).toContain('was found on both terminals (Main terminal 12345601 and 3-D Secure terminal 12345633)');
		expect(calls('/service/applyRefund')).toEqual([]);
	});

	test('the Terminal option overrides the lookup: Main for a 3-D payment is refused by the gateway, nothing refunded', async () => {
		const result = await run({ resource: 'refund', operation: 'create', paymentId: '260101000000000002001', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false, terminal: 'main' } });
		expect(errorOf(result)).toContain('payment_id does not exist');
		expect(sim.admin.getRefunds({ payment_id: '260101000000000002001' })).toEqual([]);
	});

	test('capture of a 3-D pre-authorization by order number', async () => {
		const result = await run({ resource: 'preAuthorization', operation: 'capture', identifyBy: 'orderNumber', orderNumber: 'SIM-3D-2002' });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ action: 'capture', paymentId: '260101000000000002002', terminal: THREE_D });
		expect(terminalsCalled('/gateway/service/auth')).toEqual([THREE_D]);
	});

	test('tracking by order number of a 3-D payment', async () => {
		const result = await run({ resource: 'tracking', operation: 'upload', identifyBy: 'orderNumber', orderNumber: 'SIM-3D-2001', trackingNumbers: 'A1', trackingSite: 'https://www.ups.com', handler: 'N/A' });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ orderNumber: 'SIM-3D-2001', terminal: THREE_D });
		expect(terminalsCalled('/service/uploadTrackingNo')).toEqual([THREE_D]);
	});

	test('void of a 3-D pre-authorization by payment ID, reverse and customs of a 3-D WeChat payment', async () => {
		sim.admin.addOrder({ order_number: 'WX-3D-1', terminal: THREE_D, payment_id: '260101000000000007001', methods: 'WeChatPay', order_currency: 'CNY', order_amount: '88.00' });
		sim.admin.addOrder({ order_number: 'WX-3D-2', terminal: THREE_D, payment_id: '260101000000000007002', methods: 'WeChatPay', order_currency: 'CNY', order_amount: '18.00' });
		const voided = await run({ resource: 'preAuthorization', operation: 'void', paymentId: '260101000000000002002' });
		expect(voided.error).toBeUndefined();
		expect(voided.output[0].json).toMatchObject({ action: 'void', terminal: THREE_D });
		const reversed = await run({ resource: 'preAuthorization', operation: 'reverse', orderNumber: 'WX-3D-2' });
		expect(reversed.error).toBeUndefined();
		expect(reversed.output[0].json).toMatchObject({ action: 'reverse', terminal: THREE_D });
		const declared = await run({ resource: 'customs', operation: 'submit', paymentId: '260101000000000007001', customs: '01', customsNumber: 'C-1', customsName: 'Example', payerIdNumber: '110101199001011234', payerName: 'x' });
		expect(declared.error).toBeUndefined();
		expect(declared.output[0].json).toMatchObject({ type: 'submit', terminal: THREE_D });
		expect(terminalsCalled('/gateway/service/auth')).toEqual([THREE_D, THREE_D]);
		expect(terminalsCalled('/gateway/service/customsUpload')).toEqual([THREE_D]);
	});

	test('a credential without the pair: a write makes exactly the calls it made before (no lookup)', async () => {
		const result = await run({ resource: 'refund', operation: 'create', paymentId: '260101000000000001001', refundType: '2', amount: '1.00', description: 'x', options: { skipExisting: false } }, { credentials: single });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).not.toHaveProperty('terminal');
		expect(sim.admin.getLog().map((entry) => entry.path)).toEqual(['/service/applyRefund']);
	});
});

describe('property: Both returns each order exactly once, with the right terminal', () => {
	// The two terminals and only the orders each run adds.
	let empty: Simulator;
	let emptyBoth: CredentialData;
	beforeAll(async () => {
		const started = await startGateway({ seed: { merchants: [SEED_MERCHANT, { account: SEED_MERCHANT.account, ...SEED_THREE_D }] } });
		empty = started.sim;
		emptyBoth = { ...started.credentials, ...THREE_D_FIELDS };
	});
	afterAll(async () => empty.close());
	const runEmpty = async (parameters: INodeParameters, items?: IDataObject[]) =>
		await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials: emptyBoth, items });

	const orderMix = fc.uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 400 }), onThreeD: fc.boolean() }), { selector: (order) => order.n, minLength: 1, maxLength: 30 });
	test.prop([orderMix, fc.boolean(), fc.integer({ min: 1, max: 4 })], { numRuns: 25 })('Get Status over any mix, batched or not, in any number of items', async (orders, batching, perItem) => {
		empty.admin.reset();
		for (const order of orders) empty.admin.addOrder({ order_number: `P-${order.n}`, terminal: order.onThreeD ? THREE_D : '', payment_id: `26010100000${String(order.n).padStart(10, '0')}` });
		const numbers = orders.map((order) => `P-${order.n}`);
		const items: IDataObject[] = [];
		for (let start = 0; start < numbers.length; start += perItem) items.push({ orders: numbers.slice(start, start + perItem).join(',') });
		const result = await runEmpty({ resource: 'order', operation: 'getStatus', orderNumbers: '={{ $json.orders }}', options: { terminal: 'both', batching } }, items);
		expect(result.error).toBeUndefined();
		const seen = result.output.map((item) => [item.json.orderNumber, item.json.terminal]);
		expect(seen).toEqual(orders.map((order) => [`P-${order.n}`, order.onThreeD ? THREE_D : MAIN]));
	});

	test.prop([orderMix, fc.option(fc.integer({ min: 1, max: 35 }), { nil: undefined })], { numRuns: 20 })('Get Many Successful over any mix, with Return All or any Limit', async (orders, limit) => {
		empty.admin.reset();
		const base = DateTime.now().minus({ hours: 40 });
		orders.forEach((order, index) =>
			empty.admin.addOrder({ order_number: `Q-${order.n}`, terminal: order.onThreeD ? THREE_D : '', payment_dateTime: base.plus({ minutes: index }).toISO() }),
		);
		const range = { startDate: DateTime.now().minus({ days: 2 }).toISO(), endDate: DateTime.now().toISO() };
		const result = await runEmpty({ resource: 'order', operation: 'getManySuccessful', ...range, returnAll: limit === undefined, limit: limit ?? 50, options: { terminal: 'both' } });
		expect(result.error).toBeUndefined();
		const expected = orders.map((order) => [`Q-${order.n}`, order.onThreeD ? THREE_D : MAIN]).slice(0, limit ?? orders.length);
		expect(result.output.map((item) => [item.json.orderNumber, item.json.terminal])).toEqual(expected);
	});
});
