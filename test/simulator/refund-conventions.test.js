'use strict';
/**
 * The simulator's switches for the parts of the refund flow Oceanpayment does not document: how
 * the refund query says "no such refund" (four conventions), refusals on demand (the `reject`
 * fault, also inside status records), the status query's refund and capture lists, and amounts
 * in the currency's own decimals (ICU).
 */
const { startSimulator, signFor, REFUND_NOT_FOUND_CONVENTIONS } = require('./index');

const MERCHANT = { account: '123456', terminal: '12345601', secureCode: 'sim-Secure-Code-7f3a' };
const NOW = new Date('2026-03-15T04:00:00Z');

let sim;
beforeEach(async () => {
	sim = await startSimulator({ now: () => NOW, quiet: true });
});
afterEach(async () => sim.close());

async function call(path, fields) {
	const body = { account: MERCHANT.account, terminal: MERCHANT.terminal, ...fields };
	const response = await fetch(sim.url + path, { method: 'POST', body: new URLSearchParams({ ...body, signValue: signFor(path, body, MERCHANT.secureCode) }) });
	return await response.text();
}
/** The elements of the answer (inside <response>) as [name, text] pairs, signature left out. */
const elementsOf = (xml) =>
	[...xml.replace(/^.*?<response>|<\/response>$/g, '').matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(([, name, text]) => [name, text]).filter(([name]) => !['account', 'terminal', 'signValue'].includes(name));
const refund = (fields) => call('/service/applyRefund', { refund_description: 'x', refund_type: '2', ...fields });
const queryNumber = (number) => call('/service/queryRefund', { refund_number: number });

describe('refund query: the "no such refund" conventions', () => {
	test.each([
		['simulator', [['refund_results', '05'], ['refund_id', ''], ['refund_number', 'NOPE-1'], ['refund_description', 'Refund does not exist']]],
		['results09', [['results', '09'], ['details', 'refund not found']]],
		['refundResults05', [['refund_results', '05'], ['refund_description', 'refund does not exist']]],
		[
			'emptySuccess',
			[['refund_results', '00'], ...['refund_id', 'refund_number', 'payment_id', 'order_number', 'refund_type', 'refund_amount', 'refund_currency', 'refund_description', 'refund_status', 'refund_dateTime'].map((name) => [name, ''])],
		],
	])('%s', async (convention, expected) => {
		sim.admin.setRefundNotFound(convention);
		expect(elementsOf(await queryNumber('NOPE-1'))).toEqual(expected);
		// A refund that exists is answered the same way under every convention.
		expect(elementsOf(await refund({ payment_id: '260101000000000001001', refund_number: 'R-1', refund_amount: '1.00' }))).toContainEqual(['refund_results', '00']);
		const found = elementsOf(await queryNumber('R-1'));
		expect(found).toContainEqual(['refund_results', '00']);
		expect(found).toContainEqual(['refund_number', 'R-1']);
		expect(found).toContainEqual(['refund_amount', '1.00']);
		expect(found.find(([name]) => name === 'refund_id')?.[1]).toMatch(/^\d{18}$/);
		// That gateway's answer about a refund found has no payment_id.
		expect(found.some(([name]) => name === 'payment_id')).toBe(convention !== 'results09');
	});

	test('a lagging query does not see the refunds made while the lag is on; off shows them; reset turns it off', async () => {
		await refund({ payment_id: '260101000000000001001', refund_number: 'LAG-0', refund_amount: '1.00' });
		sim.admin.setRefundQueryLag(true);
		await refund({ payment_id: '260101000000000001001', refund_number: 'LAG-1', refund_amount: '1.00' });
		expect(elementsOf(await queryNumber('LAG-0'))).toContainEqual(['refund_results', '00']);
		expect(elementsOf(await queryNumber('LAG-1'))).toContainEqual(['refund_results', '05']);
		expect(sim.admin.getRefunds({ refund_number: 'LAG-1' })[0]).not.toHaveProperty('hiddenFromQuery');
		sim.admin.setRefundQueryLag(false);
		expect(elementsOf(await queryNumber('LAG-1'))).toContainEqual(['refund_results', '00']);
		expect(() => sim.admin.setRefundQueryLag(1)).toThrow('on (true) or off (false)');
		sim.admin.setRefundQueryLag(true);
		sim.admin.reset();
		await refund({ payment_id: '260101000000000001001', refund_number: 'LAG-3', refund_amount: '1.00' });
		expect(elementsOf(await queryNumber('LAG-3'))).toContainEqual(['refund_results', '00']);
	});

	test('the list of conventions, the option at start, reset back to it, bad names refused, over HTTP', async () => {
		expect(REFUND_NOT_FOUND_CONVENTIONS).toEqual(['simulator', 'results09', 'refundResults05', 'emptySuccess']);
		expect(() => sim.admin.setRefundNotFound('nope')).toThrow('unknown refund-not-found convention nope');
		await sim.close();
		sim = await startSimulator({ now: () => NOW, quiet: true, refundNotFound: 'results09' });
		expect(sim.admin.getRefundNotFound()).toBe('results09');
		sim.admin.setRefundNotFound('emptySuccess');
		sim.admin.reset();
		expect(sim.admin.getRefundNotFound()).toBe('results09');
		const response = await fetch(`${sim.url}/__admin/refund-not-found`, { method: 'PUT', body: JSON.stringify({ convention: 'refundResults05' }) });
		expect(await response.json()).toEqual({ convention: 'refundResults05' });
		expect(elementsOf(await queryNumber('X'))).toEqual([['refund_results', '05'], ['refund_description', 'refund does not exist']]);
	});

	test('results09: the other failures of the query use results/details too', async () => {
		sim.admin.setRefundNotFound('results09');
		sim.admin.setFault('/service/queryRefund', { mode: 'busy', times: 1 });
		expect(elementsOf(await queryNumber('X'))).toEqual([['results', '99'], ['details', 'System busy, please try again later']]);
		const badSign = await fetch(`${sim.url}/service/queryRefund`, { method: 'POST', body: new URLSearchParams({ account: MERCHANT.account, terminal: MERCHANT.terminal, refund_number: 'X', signValue: 'f'.repeat(64) }) });
		expect(elementsOf(await badSign.text())).toEqual([['results', '04'], ['details', 'signValue error']]);
	});
});

describe('the reject fault: a refusal of any code and text, before the operation', () => {
	test('in the endpoint\'s failure shape; nothing processed', async () => {
		sim.admin.setFault('/service/queryRefund', { mode: 'reject', code: '05', text: 'Account error' });
		expect(elementsOf(await queryNumber('X'))).toEqual([['refund_results', '05'], ['refund_id', ''], ['refund_number', 'X'], ['refund_description', 'Account error']]);
		sim.admin.setFault('/service/applyRefund', { mode: 'reject', code: '11', text: 'Invalid IP' });
		expect(elementsOf(await refund({ payment_id: '260101000000000001001', refund_amount: '1.00' }))).toContainEqual(['refund_description', 'Invalid IP']);
		expect(sim.admin.getRefunds()).toEqual([]);
		expect(sim.admin.getLog().map((entry) => [entry.fault, entry.resultCode])).toEqual([['reject', ''], ['reject', '']]);
	});

	test('inRecord: the status query answers each order number with a record holding the refusal', async () => {
		sim.admin.setFault('/service/check/normal', { mode: 'reject', code: '80002', text: 'Invalid terminal', inRecord: true });
		const xml = await call('/service/check/normal', { order_number: 'A,B' });
		expect([...xml.matchAll(/<order_number>([^<]*)<\/order_number>.*?<payment_details>([^<]*)<\/payment_details>/g)].map((m) => [m[1], m[2]])).toEqual([
			['A', '80002:Invalid terminal'],
			['B', '80002:Invalid terminal'],
		]);
	});

	test('pinc answers {code, msg}; a fault without a code is refused', async () => {
		sim.admin.setFault('/pinc/check-card-bin', { mode: 'reject', code: '401', text: 'Invalid ip' });
		const response = await fetch(`${sim.url}/pinc/check-card-bin`, { method: 'POST', headers: { 'Content-Type': 'application/json', account: MERCHANT.account, terminal: MERCHANT.terminal, secureCode: MERCHANT.secureCode }, body: '{"card_bin":["411111"]}' });
		expect(await response.json()).toEqual({ code: '401', msg: 'Invalid ip', data: null });
		expect(() => sim.admin.setFault('*', { mode: 'reject' })).toThrow('a reject fault needs a code');
		expect(() => sim.admin.setFault('*', { mode: 'reject', code: '05', text: 5 })).toThrow('a reject fault needs a code');
	});
});

describe('the status query lists refunds and captures', () => {
	const statusOf = async (order) => await call('/service/check/normal', { order_number: order });

	test('refundList: one refundInfo per refund of the payment; empty without refunds', async () => {
		expect(await statusOf('SIM-1001')).toContain('<refundList></refundList>');
		await refund({ payment_id: '260101000000000001001', refund_number: 'R-1', refund_amount: '10' });
		await refund({ payment_id: '260101000000000001001', refund_number: 'R-2', refund_amount: '2.50' });
		const list = /<refundList>(.*)<\/refundList>/.exec(await statusOf('SIM-1001'))[1];
		expect([...list.matchAll(/<refundInfo>(.*?)<\/refundInfo>/g)].map((m) => elementsOf(`<response>${m[1]}</response>`))).toEqual([
			[['refund_id', expect.stringMatching(/^\d{18}$/)], ['refund_number', 'R-1'], ['refund_type', '2'], ['refund_amount', '10.00'], ['refund_currency', 'USD'], ['refund_status', '1'], ['refund_dateTime', '2026-03-15 12:00:00']],
			[['refund_id', expect.stringMatching(/^\d{18}$/)], ['refund_number', 'R-2'], ['refund_type', '2'], ['refund_amount', '2.50'], ['refund_currency', 'USD'], ['refund_status', '1'], ['refund_dateTime', '2026-03-15 12:00:00']],
		]);
	});

	test('transactionList: a captured pre-authorization shows its capture; before capture it is empty', async () => {
		expect(await statusOf('SIM-1004')).toContain('<transactionList></transactionList>');
		await call('/gateway/service/auth', { payment_id: '260101000000000001004', payment_authType: '1', order_amount: '25.00' });
		expect(await statusOf('SIM-1004')).toContain(
			'<transactionList><transactionInfo><transaction_type>capture</transaction_type><transaction_amount>25.00</transaction_amount><transaction_currency>USD</transaction_currency></transactionInfo></transactionList>',
		);
	});
});

describe('amounts have the decimals of their currency (ICU)', () => {
	test.each([
		['JPY', '1000', '999.50', '999', '999'],
		['BHD', '10.000', '1.2345', '1.234', '1.234'],
		['KWD', '10.000', '0.0001', '0.005', '0.005'],
		['USD', '10.00', '1.005', '1', '1.00'],
	])('%s: more decimals than the currency has are refused; an exact amount is stored with its decimals', async (currency, paid, tooPrecise, exact, stored) => {
		const { payment_id } = sim.admin.addOrder({ order_number: `CUR-${currency}`, order_currency: currency, order_amount: paid });
		const refused = elementsOf(await refund({ payment_id, refund_amount: tooPrecise }));
		expect(refused).toContainEqual(['refund_results', '10']);
		expect(refused.find(([name]) => name === 'refund_description')?.[1]).toContain(`for ${currency}`);
		expect(elementsOf(await refund({ payment_id, refund_amount: exact }))).toContainEqual(['refund_results', '00']);
		expect(sim.admin.getRefunds({ payment_id }).map((made) => made.refund_amount)).toEqual([stored]);
	});

	test('JPY "1000.00" is refused (more decimals written than JPY has), "1000" is a full refund', async () => {
		const { payment_id } = sim.admin.addOrder({ order_number: 'JPY-FULL', order_currency: 'JPY', order_amount: '1000' });
		expect(elementsOf(await refund({ payment_id, refund_type: '1', refund_amount: '1000.00' }))).toContainEqual(['refund_results', '10']);
		expect(elementsOf(await refund({ payment_id, refund_type: '1', refund_amount: '1000' }))).toContainEqual(['refund_results', '00']);
	});
});
