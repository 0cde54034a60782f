/**
 * "Full or Partial by Amount" reads what is still refundable from status answers the simulator
 * does not give (the lists' structure is UNKNOWN, API notes §3.1), through real n8n execution
 * against a scripted loopback gateway: refunds whose outcome is unknown (pending, no status) make
 * the choice stop unless the amount is partial for sure; captures count only under an exact
 * capture type ("capture_failed" and "uncaptured" do not).
 */
import type { INodeParameters } from 'n8n-workflow';

import { Oceanpayment } from '../../nodes/Oceanpayment/Oceanpayment.node';
import { runNode, type RunResult } from '../helpers/n8n';
import { SEED_MERCHANT } from '../helpers/gateway';
import { startCaptureServer } from '../helpers/capture';

type Server = Awaited<ReturnType<typeof startCaptureServer>>;
let server: Server;
/** The paymentInfo fields the status query answers (beyond order number, payment and amount). */
let record = '';

beforeAll(async () => {
	server = await startCaptureServer();
	server.reply((request) => ({
		body: `<?xml version="1.0" encoding="UTF-8"?><response>${
			request.path === '/service/check/normal'
				? `<paymentInfo><order_number>ORD-S</order_number><payment_id>PAY-S</payment_id><order_amount>50.00</order_amount><order_currency>USD</order_currency><payment_results>1</payment_results><payment_details>00000:Approved</payment_details>${record}</paymentInfo>`
				: '<refund_results>00</refund_results><refund_id>260315120000000009</refund_id>'
		}</response>`,
	}));
});
afterAll(async () => server.close());
beforeEach(() => server.requests.splice(0));

async function refund(amount: string): Promise<RunResult> {
	const parameters: INodeParameters = { resource: 'refund', operation: 'create', identifyBy: 'orderNumber', orderNumber: 'ORD-S', refundType: 'byAmount', amount, description: 'x' };
	const credentials = { ...SEED_MERCHANT, environment: 'custom', queryBaseUrl: server.url, gatewayBaseUrl: server.url, checkoutBaseUrl: server.url };
	return await runNode({ node: { type: 'oceanpayment', parameters }, nodeTypes: { oceanpayment: new Oceanpayment() }, credentials });
}
const sentTypes = () => server.requests.filter((request) => request.path === '/service/applyRefund').map((request) => new URLSearchParams(request.body).get('refund_type'));

const refundList = (...entries: Array<[amount: string, status?: string]>) =>
	`<refund_status>2</refund_status><refundList>${entries
		.map(([amount, status]) => `<refundInfo><refund_amount>${amount}</refund_amount>${status === undefined ? '' : `<refund_status>${status}</refund_status>`}</refundInfo>`)
		.join('')}</refundList>`;

describe('refunds listed whose outcome is unknown (pending, or no status)', () => {
	test.each([
		['a pending status (2)', '2'],
		['no status', undefined],
	])('%s, 10.00 of 50.00: 30.00 is partial for sure; 40.00 and 50.00 may be all or part, so nothing is sent', async (_name, status) => {
		record = refundList(['10.00', status]);
		expect((await refund('30.00')).error).toBeUndefined();
		expect(sentTypes()).toEqual(['2']);
		for (const amount of ['40.00', '50.00']) {
			const result = await refund(amount);
			expect(result.error?.message).toContain('cannot tell full from partial');
			expect(result.error?.message).toContain('40.00 to 50.00 USD');
		}
		expect(sentTypes()).toEqual(['2']);
	});

	test('a failed refund (0) and a succeeded one (1): only the succeeded one counts', async () => {
		record = refundList(['10.00', '0'], ['15.00', '1']);
		expect((await refund('35.00')).error).toBeUndefined();
		expect(sentTypes()).toEqual(['1']);
	});

	test('refund_status present and refundList an empty element: nothing refunded, 50.00 is full', async () => {
		record = '<refund_status>0</refund_status><refundList></refundList>';
		expect((await refund('50.00')).error).toBeUndefined();
		expect(sentTypes()).toEqual(['1']);
	});
});

describe('a pre-authorization of 50.00: only captures count', () => {
	const captures = (...entries: Array<[type: string, amount: string]>) =>
		`<auth_status>1</auth_status><refund_status>0</refund_status><refundList></refundList><transactionList>${entries
			.map(([type, amount]) => `<transactionInfo><transaction_type>${type}</transaction_type><transaction_amount>${amount}</transaction_amount></transactionInfo>`)
			.join('')}</transactionList>`;

	test('"capture_failed" 40.00 and "capture" 25.00: 25.00 is full', async () => {
		record = captures(['capture_failed', '40.00'], ['capture', '25.00']);
		expect((await refund('25.00')).error).toBeUndefined();
		expect(sentTypes()).toEqual(['1']);
	});

	test('only "uncaptured": no captured amount, nothing is sent', async () => {
		record = captures(['uncaptured', '50.00']);
		const result = await refund('25.00');
		expect(result.error?.message).toContain('no captured amount');
		expect(sentTypes()).toEqual([]);
	});
});
