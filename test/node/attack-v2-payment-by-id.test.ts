/**
 * Adversarial review of issue 27: Refund › Create version 2 with the payment given by ID where the
 * node must read the payment (Full without Amount, "Full or Partial by Amount"): helpers/
 * paymentById.ts finds the order number in the successful payments of the last 6 months (up to
 * 20 pages), then reads the status. Real n8n-core execution against the simulator, through a
 * loopback proxy where a list must repeat, shift or misname records. "defect" tests failed on the
 * merged issue-27 code when written; "guard" tests are attacks that did not break it.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type CredentialData, type RunResult } from '../helpers/n8n';
import { useRefundGateway } from '../helpers/refund-gateway';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAttackProxy } = require('../helpers/attack-proxy') as typeof import('../helpers/attack-proxy');

const gateway = useRefundGateway();
const node = new Oceanpayment();
type Proxy = Awaited<ReturnType<typeof startAttackProxy>>;
let proxy: Proxy;
beforeAll(async () => {
	proxy = await startAttackProxy(gateway.sim.url);
});
afterAll(async () => proxy.close());
beforeEach(() => {
	proxy.before(undefined);
	proxy.rewrite(undefined);
	proxy.requests.splice(0);
});
const viaProxy = (): CredentialData => ({ ...gateway.credentials, queryBaseUrl: proxy.url, gatewayBaseUrl: proxy.url, checkoutBaseUrl: proxy.url });

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], credentials: CredentialData = gateway.credentials): Promise<RunResult> {
	return await runNode({
		node: { type: 'oceanpayment', parameters: { resource: 'refund', operation: 'create', identifyBy: 'paymentId', description: 'x', options: { retries: 0 }, ...parameters }, typeVersion: 2 },
		nodeTypes: { oceanpayment: node },
		credentials,
		items,
	});
}
const refundCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/applyRefund');
const listCalls = () => gateway.sim.admin.getLog().filter((entry) => entry.path === '/service/QueryOrdersList');

/** `count` older successful payments of other orders, paid 1 to 150 days ago (inside the 6 months). */
function olderPayments(count: number): void {
	const now = DateTime.now();
	gateway.sim.admin.addOrders(
		Array.from({ length: count }, (_, index) => ({
			order_number: `OLD-${index}`,
			payment_id: `OLDPAY-${index}`,
			order_amount: '5.00',
			payment_dateTime: now.minus({ days: 150 - (index * 149) / count }).toJSDate(),
		})),
	);
}

describe('defect: a busy merchant cannot refund a recent payment by ID', () => {
	test('250 successful payments in the last 6 months, then PAY-1 paid now: Full without Amount by Payment ID stops ("not among the successful payments")', async () => {
		olderPayments(250);
		// PAY-1 of the fixture was paid before the older ones were added: give it its real place, paid a minute ago.
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00', payment_dateTime: DateTime.now().minus({ minutes: 1 }).toJSDate() });
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'BUSY-1' });
		// The payment is in the gateway's 6-month list: the node must find it (today's payment is the usual refund), not stop.
		expect(result.error?.message).toBeUndefined();
		expect(result.output[0]?.json).toMatchObject({ created: true, amount: '50.00' });
	});

	test('"Full or Partial by Amount" by Payment ID: the same merchant, the same stop', async () => {
		olderPayments(250);
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00', payment_dateTime: DateTime.now().minus({ minutes: 1 }).toJSDate() });
		const result = await run({ paymentId: 'PAY-1', refundType: 'byAmount', amount: '20.00', refundNumber: 'BUSY-2' });
		expect(result.error?.message).toBeUndefined();
		expect(result.output[0]?.json).toMatchObject({ created: true, refundType: 'partial' });
	});
});

describe('guard: payment lookup by ID', () => {
	test('a payment ID the 250-payment list does not hold: the item stops, nothing is sent, the pages read stay bounded', async () => {
		olderPayments(250);
		const result = await run({ paymentId: 'PAY-NOPE', refundType: '1', refundNumber: 'FAR-1' });
		expect(result.error?.message).toContain('is not among the successful payments of the last 6 months');
		expect(listCalls().length).toBeLessThanOrEqual(21);
		expect(refundCalls()).toHaveLength(0);
	});

	test('lookalike IDs (a prefix and a suffix of the one asked, other orders): only the exact payment is refunded', async () => {
		gateway.sim.admin.addOrder({ order_number: 'ORD-A', payment_id: 'PAY-10', order_amount: '99.00' });
		gateway.sim.admin.addOrder({ order_number: 'ORD-B', payment_id: 'PAY', order_amount: '77.00' });
		gateway.sim.admin.addOrder({ order_number: 'ORD-C', payment_id: 'XPAY-1', order_amount: '66.00' });
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'LOOK-1' });
		expect(result.output[0].json).toMatchObject({ created: true, amount: '50.00', paymentId: 'PAY-1' });
		expect(refundCalls()[0].fields).toMatchObject({ payment_id: 'PAY-1', refund_amount: '50.00' });
	});

	test('a declined attempt with the same order number, paid later: the successful payment is read, not the attempt', async () => {
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1-DECLINED', order_amount: '80.00', payment_results: '0' });
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'DEC-1' });
		expect(result.output[0].json).toMatchObject({ created: true, amount: '50.00' });
	});

	test('the list names PAY-1 under another order (ORD-2, whose status does not list PAY-1): the item stops, nothing is sent', async () => {
		gateway.sim.admin.addOrder({ order_number: 'ORD-2', payment_id: 'PAY-2', order_amount: '500.00' });
		proxy.rewrite((request, answer) => (request.path === '/service/QueryOrdersList' ? answer.replace(/<payment_id>PAY-1<\/payment_id><order_number>ORD-1</, '<payment_id>PAY-1</payment_id><order_number>ORD-2<') : answer));
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'MIS-1' }, [{}], viaProxy());
		expect(proxy.requests.some((request) => request.path === '/service/QueryOrdersList')).toBe(true);
		expect(result.error?.message).toContain('does not list payment PAY-1');
		expect(refundCalls()).toHaveLength(0);
	});

	test('PAY-1 twice in the list (a page shift repeats it): one lookup, one refund of 50.00', async () => {
		proxy.rewrite((request, answer) => (request.path === '/service/QueryOrdersList' ? answer.replace(/(<orderInfo>(?:(?!<\/orderInfo>)[\s\S])*PAY-1[\s\S]*?<\/orderInfo>)/, '$1$1') : answer));
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'TWICE-1' }, [{}], viaProxy());
		expect(result.output[0].json).toMatchObject({ created: true, amount: '50.00' });
		expect(refundCalls()).toHaveLength(1);
	});

	test('a 21-digit payment ID given as a JSON number (digits lost) is refused before any call', async () => {
		const stored = gateway.sim.admin.addOrder({ order_number: 'ORD-L', order_amount: '20.00' });
		expect(String(stored.payment_id)).toMatch(/^\d{21}$/);
		const result = await run({ paymentId: '={{ $json.id }}', refundType: '1', refundNumber: 'NUM-1' }, [{ id: Number(stored.payment_id) }]);
		expect(result.error?.message).toContain('Payment ID');
		expect(gateway.sim.admin.getLog()).toHaveLength(0);
	});

	test('a 21-digit payment ID as padded text: found exactly, its remainder refunded', async () => {
		const stored = gateway.sim.admin.addOrder({ order_number: 'ORD-L', order_amount: '20.00' });
		const result = await run({ paymentId: '={{ $json.id }}', refundType: '1', refundNumber: 'TXT-1' }, [{ id: `  ${String(stored.payment_id)}  ` }]);
		expect(result.output[0].json).toMatchObject({ created: true, amount: '20.00', paymentId: String(stored.payment_id) });
	});

	test('a payment paid more than 6 months ago (outside the list): the item stops, nothing is sent', async () => {
		gateway.sim.admin.addOrder({ order_number: 'ORD-OLD', payment_id: 'PAY-OLD', order_amount: '20.00', payment_dateTime: DateTime.now().minus({ months: 7 }).toJSDate() });
		const result = await run({ paymentId: 'PAY-OLD', refundType: '1', refundNumber: 'OLD-1' });
		expect(result.error?.message).toContain('not among the successful payments');
		expect(refundCalls()).toHaveLength(0);
	});

	test('the list fails (busy) on page 2: the item stops, nothing is sent', async () => {
		olderPayments(30);
		gateway.sim.admin.addOrder({ order_number: 'ORD-1', payment_id: 'PAY-1', order_amount: '50.00', payment_dateTime: DateTime.now().minus({ minutes: 1 }).toJSDate() });
		gateway.sim.admin.setFault('/service/QueryOrdersList', { mode: 'busy', after: 1 });
		const result = await run({ paymentId: 'PAY-1', refundType: '1', refundNumber: 'BUSY-P2' });
		expect(result.error).toBeDefined();
		expect(refundCalls()).toHaveLength(0);
	});
});
